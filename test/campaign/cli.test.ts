import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBugReport, writeBugReport } from '../../campaign/bug-report.ts';
import { runScenario } from '../../scenario/run.ts';
import { nicsim } from '../cli/nicsim.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh report of the 5.12 build-before-reserve regression's scenario (independent of stored fingerprints). */
function freshReport(t: ExecutionContext): string {
  const regression = readBugReport(new URL('../../regressions/xsk-5.12-build-before-reserve.json', import.meta.url).pathname);
  const result = runScenario(regression.scenario!, { seed: regression.seed, checkEveryEvent: true });
  return writeBugReport({ result, checkEveryEvent: true, origin: { by: 'run' }, knownBad: regression.knownBad }, { dir: tempDir(t), announce: false });
}

test('nicsim replay: REPRODUCED exits 1, --fixed FIXED exits 0, one line on stdout', async (t) => {
  const report = freshReport(t);
  const reproduced = await nicsim('replay', report);
  t.is(reproduced.code, 1, reproduced.stderr);
  t.regex(reproduced.stdout, /^REPRODUCED: cq-submit-unreserved in xsk_destruct_skb/);
  const fixed = await nicsim('replay', report, '--fixed', '--json');
  t.is(fixed.code, 0, fixed.stderr);
  t.is(JSON.parse(fixed.stdout).verdict, 'FIXED');
});

test('nicsim replay and fuzz: bad invocations are one-line usage errors (exit 2)', async (t) => {
  const notReport = join(tempDir(t), 'x.json');
  writeFileSync(notReport, '{"hello": 1}\n');
  for (const args of [['replay', notReport], ['fuzz', '--runs', '5', '--seconds', '5'], ['fuzz', '--runs', '5', '--shard', '2/2'], ['fuzz', '--runs', '5', '--property', 'nope']]) {
    const r = await nicsim(...args);
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('nicsim fuzz: --workers and --batch are bounded, and the error line names the bound', async (t) => {
  const cores = availableParallelism();
  const maxWorkers = Math.max(cores, Math.min(64, 4 * cores));
  const workers = await nicsim('fuzz', '--runs', '5', '--workers', '1000');
  t.is(workers.code, 2, workers.stderr);
  t.is(workers.stderr.trim().split('\n').length, 1, workers.stderr);
  t.true(workers.stderr.startsWith(`nicsim: fuzz: --workers: expected at most ${maxWorkers} (`), workers.stderr);
  t.regex(workers.stderr, /each worker is a Node process of about 180 MB\), found "1000"\n$/);
  const batch = await nicsim('fuzz', '--runs', '5', '--batch', '1000000');
  t.is(batch.code, 2, batch.stderr);
  t.is(batch.stderr, 'nicsim: fuzz: --batch: expected at most 1000 (a worker notices Ctrl-C only between batches, and 1000 cases of the slowest property take up to two minutes), found "1000000"\n');
});
