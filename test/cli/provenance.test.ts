/**
 * The CLI half of issue 13 item 5: `nicsim run` results carry their provenance (the same in
 * --json and in --out result.json, computed after the run so the fingerprint is unchanged),
 * and `nicsim replay` warns, in one stderr line beside its verdict, when the report was
 * written by another nicsim version or commit. In-process (test/cli/in-process.ts).
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBugReport, writeBugReport } from '../../campaign/bug-report.ts';
import { gitCommit, scenarioSha256 } from '../../output/provenance.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { nicsimInProcess as cli } from './in-process.ts';

const SHORT = 'test/cli/fixtures/mm1k-short.json';
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-provenance-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test.serial('item 5: run --json and --out result.json carry the same provenance, and the fingerprint is unchanged', async (t) => {
  const out = join(tempDir(t), 'out');
  const run = await cli('run', SHORT, '--json', '--out', out);
  t.is(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { provenance: Record<string, unknown>; resolved: unknown; fingerprint: string };
  t.deepEqual(result.provenance, {
    nicsimVersion: VERSION,
    gitCommit: gitCommit(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    scenarioSha256: scenarioSha256(result.resolved),
  });
  t.regex(result.provenance.scenarioSha256 as string, /^[0-9a-f]{64}$/);
  t.deepEqual((JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { provenance: unknown }).provenance, result.provenance);
  t.is(result.fingerprint, runScenario(loadScenarioFile(SHORT)).fingerprint);
  const golden = JSON.parse(readFileSync('test/golden/fingerprints.json', 'utf8'))['scenarios/mm1.json'] as { fingerprint: string };
  t.is((JSON.parse((await cli('run', 'scenarios/mm1.json', '--json')).stdout) as { fingerprint: string }).fingerprint, golden.fingerprint);
});

/** What the tests edit in a report: format 1's record and the provenance beside it. */
interface ReportJson {
  nicsim: { version: string; gitCommit: string };
  provenance?: { nicsimVersion: string; gitCommit: string | null };
}

/** A fresh report of the 5.12 build-before-reserve regression, then `edit` applied to its JSON. */
function report(t: ExecutionContext, edit: (json: ReportJson) => void): string {
  const regression = readBugReport('regressions/xsk-5.12-build-before-reserve.json');
  const result = runScenario(regression.scenario!, { seed: regression.seed, checkEveryEvent: true });
  const file = writeBugReport({ result, checkEveryEvent: true, origin: { by: 'run' } }, { dir: tempDir(t), announce: false });
  const json = JSON.parse(readFileSync(file, 'utf8')) as ReportJson;
  edit(json);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

test.serial('item 5: replay warns in one line when the report names another nicsim version; none for this one', async (t) => {
  const same = report(t, () => {});
  const older = report(t, (r) => {
    r.nicsim.version = '0.0.1';
    if (r.provenance !== undefined) r.provenance.nicsimVersion = '0.0.1';
  });
  // A report from before provenance: format 1's nicsim record alone.
  const legacy = report(t, (r) => {
    r.nicsim.version = '0.0.2';
    delete r.provenance;
  });
  const [a, b, c] = [await cli('replay', same), await cli('replay', older), await cli('replay', legacy, '--json')];
  t.deepEqual([a.code, a.stderr], [1, '']);
  t.regex(a.stdout, /^REPRODUCED: /);
  t.is(b.code, 1);
  t.is(b.stderr, `nicsim: replay: warning: ${older} was written by nicsim 0.0.1 (this is ${VERSION}); its trajectory may differ for that reason alone\n`);
  t.regex(b.stdout, /^REPRODUCED: /);
  t.is(c.code, 1);
  t.is(c.stderr, `nicsim: replay: warning: ${legacy} was written by nicsim 0.0.2 (this is ${VERSION}); its trajectory may differ for that reason alone\n`);
  t.like(JSON.parse(c.stdout), { verdict: 'REPRODUCED' });
});

test.serial('item 5: replay warns when the report names another commit, and not for an unknown one', async (t) => {
  const commit = gitCommit();
  if (commit === null) return t.pass('not a git checkout: there is no commit to compare');
  const other = commit.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  const moved = report(t, (r) => {
    r.nicsim.gitCommit = other;
    if (r.provenance !== undefined) r.provenance.gitCommit = other;
  });
  const unknown = report(t, (r) => {
    r.nicsim.gitCommit = 'unknown';
    delete r.provenance;
  });
  const [a, b] = [await cli('replay', moved), await cli('replay', unknown)];
  t.is(a.stderr, `nicsim: replay: warning: ${moved} was written by commit ${other.slice(0, 12)} (this is ${commit.slice(0, 12)}); its trajectory may differ for that reason alone\n`);
  t.is(b.stderr, '');
});
