import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBugReport, writeBugReport } from '../../campaign/bug-report.ts';
import { runScenario } from '../../scenario/run.ts';

const BIN = new URL('../../bin/nicsim.js', import.meta.url).pathname;

/** A fresh report of the 5.12 build-before-reserve regression's scenario (independent of stored fingerprints). */
function freshReport(): string {
  const regression = readBugReport(new URL('../../regressions/xsk-5.12-build-before-reserve.json', import.meta.url).pathname);
  const result = runScenario(regression.scenario!, { seed: regression.seed, checkEveryEvent: true });
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  return writeBugReport({ result, checkEveryEvent: true, origin: { by: 'run' }, knownBad: regression.knownBad }, { dir, announce: false });
}

function nicsim(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

test('nicsim replay: REPRODUCED exits 1, --fixed FIXED exits 0, one line on stdout', (t) => {
  const report = freshReport();
  const reproduced = nicsim('replay', report);
  t.is(reproduced.status, 1, reproduced.stderr);
  t.regex(reproduced.stdout, /^REPRODUCED: cq-submit-unreserved in xsk_destruct_skb/);
  const fixed = nicsim('replay', report, '--fixed', '--json');
  t.is(fixed.status, 0, fixed.stderr);
  t.is(JSON.parse(fixed.stdout).verdict, 'FIXED');
});

test('nicsim replay and fuzz: bad invocations are one-line usage errors (exit 2)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  const notReport = join(dir, 'x.json');
  writeFileSync(notReport, '{"hello": 1}\n');
  for (const args of [['replay', notReport], ['fuzz', '--runs', '5', '--seconds', '5'], ['fuzz', '--runs', '5', '--shard', '2/2'], ['fuzz', '--runs', '5', '--property', 'nope']]) {
    const r = nicsim(...args);
    t.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    t.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
});
