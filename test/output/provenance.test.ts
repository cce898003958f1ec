import test from 'ava';
import { readFileSync } from 'node:fs';
import { canonicalJson, gitCommit, nicsimVersion, provenance, provenanceDifferences, scenarioSha256 } from '../../output/provenance.ts';

test('canonical JSON sorts keys at every level, so equal scenarios hash equal', (t) => {
  t.is(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } }), '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  t.is(scenarioSha256({ x: 1, y: 2 }), scenarioSha256({ y: 2, x: 1 }));
  t.not(scenarioSha256({ x: 1 }), scenarioSha256({ x: 2 }));
  t.regex(scenarioSha256({}), /^[0-9a-f]{64}$/);
});

test('provenance names this nicsim, Node and platform; the commit is this checkout\'s or null', (t) => {
  const p = provenance({ name: 'x' });
  t.is(p.nicsimVersion, JSON.parse(readFileSync('package.json', 'utf8')).version);
  t.is(p.nicsimVersion, nicsimVersion());
  t.is(p.node, process.version);
  t.is(p.platform, `${process.platform}-${process.arch}`);
  t.true(p.gitCommit === null || /^[0-9a-f]{40}$/.test(p.gitCommit));
  t.is(p.gitCommit, gitCommit());
});

test('provenanceDifferences says what differs from this nicsim, and nothing when it is the same', (t) => {
  t.deepEqual(provenanceDifferences({ nicsimVersion: nicsimVersion(), gitCommit: gitCommit() }), []);
  t.deepEqual(provenanceDifferences({ nicsimVersion: '0.0.1' }), [`nicsim 0.0.1 (this is ${nicsimVersion()})`]);
  const commit = gitCommit();
  if (commit !== null) t.deepEqual(provenanceDifferences({ gitCommit: 'f'.repeat(40) }), [`commit ${'f'.repeat(12)} (this is ${commit.slice(0, 12)})`]);
  t.deepEqual(provenanceDifferences({ gitCommit: null }), [], 'a report from an installed package has no commit to compare');
});
