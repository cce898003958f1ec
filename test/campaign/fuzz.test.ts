import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBugReport } from '../../campaign/bug-report.ts';
import { runFuzz } from '../../campaign/fuzz.ts';
import { replayReport } from '../../campaign/replay.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-fuzz-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a fuzz campaign runs its budget across workers and reports nothing on healthy properties', async (t) => {
  const out = tempDir(t);
  const summary = await runFuzz({ properties: ['mm1k.conservation', 'xsk.socket-commands'], runs: 60, seconds: null, shard: { index: 0, count: 1 }, workers: 2, campaignSeed: 3, batchRuns: 10, outDir: out, progress: false });
  t.is(summary.runs, 60);
  t.is(summary.byProperty['mm1k.conservation'].runs + summary.byProperty['xsk.socket-commands'].runs, 60);
  t.deepEqual(summary.failures, []);
  t.deepEqual(readdirSync(out), []);
});

test('a fuzz campaign writes one replayable report per distinct failure', async (t) => {
  const out = tempDir(t);
  const summary = await runFuzz({ properties: ['known-bad.xsk-5.12-build-before-reserve'], runs: 40, seconds: null, shard: { index: 1, count: 2 }, workers: 2, campaignSeed: 0, batchRuns: 10, outDir: out, progress: false });
  t.is(summary.failures.length, 1, 'deduplicated by invariant and kernel function');
  t.true(summary.failures[0].count >= 2, 'both workers found it');
  const files = readdirSync(out);
  t.is(files.length, 1);
  const report = readBugReport(join(out, files[0]));
  t.is(report.origin.by, 'fuzz');
  t.is(report.failure.invariant, 'cq-submit-unreserved');
  t.is(replayReport(report).verdict, 'REPRODUCED');
});
