import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../../output/sweep.ts';
import { sweepSha256 } from '../../output/sweep-dir.ts';
import { parseSetOption } from '../../output/sweep-grid.ts';
import { runPool } from '../../output/job-pool.ts';

const RUNNER = fileURLToPath(new URL('./fixtures/toy-runner.ts', import.meta.url));
const BASE = { machine: { pageSizeBytes: 4096, kernel: '5.15' }, workloads: [{ frameSizeBytes: 64, delayMs: 0 }] };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'nicsim-sweep-'));
}

test('sweep: every (grid point, seed) runs once, rows and summary land on disk in job order', async (t) => {
  const dir = tempDir();
  const dir2 = tempDir();
  try {
    const axes = [parseSetOption('machine.pageSizeBytes=4096,65536', BASE), parseSetOption('workloads.0.frameSizeBytes=64,1500', BASE)];
    const result = await runSweep({ scenario: BASE, axes, baseSeed: 10, seeds: 3, runnerModule: RUNNER, outDir: dir, jobs: 2 });
    t.false(result.interrupted);
    t.is(result.exitCode, 0);
    t.is(result.rows.length, 12);
    const lines = readFileSync(result.files.jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    t.deepEqual(lines.map((r) => [r.gridIndex, r.seed]), [0, 1, 2, 3].flatMap((g) => [10, 11, 12].map((s) => [g, s])));
    t.deepEqual(lines[5].params, { 'machine.pageSizeBytes': 4096, 'workloads.0.frameSizeBytes': 1500 });
    t.is(lines[5].result['metrics.pps'], 1500 * 1000 + 12);
    // Every row says what produced it; the seeds of one grid point share its scenario's hash.
    t.like(lines[5].provenance, { nicsimVersion: JSON.parse(readFileSync('package.json', 'utf8')).version, node: process.version, platform: `${process.platform}-${process.arch}` });
    t.is(lines[3].provenance.scenarioSha256, lines[5].provenance.scenarioSha256);
    t.not(lines[0].provenance.scenarioSha256, lines[3].provenance.scenarioSha256);
    const csv = readFileSync(result.files.csv, 'utf8').trim().split('\n');
    t.is(csv.length, 13);
    t.is(csv[0], 'gridIndex,seed,machine.pageSizeBytes,workloads.0.frameSizeBytes,ok,exitCode,error,fingerprint,metrics.pps,metrics.memoryBytes,metrics.queues.0.depthEntries,status');
    t.is(csv[12], '3,12,65536,1500,true,0,,5.15-1500-12,1500012,131072,12,idle');
    t.deepEqual(result.summary.map((s) => s.stats['metrics.pps']), [
      { median: 64011, min: 64010, max: 64012 },
      { median: 1500011, min: 1500010, max: 1500012 },
      { median: 64011, min: 64010, max: 64012 },
      { median: 1500011, min: 1500010, max: 1500012 },
    ]);
    const summaryCsv = readFileSync(result.files.summaryCsv, 'utf8').split('\n');
    t.true(summaryCsv[0].startsWith('gridIndex,machine.pageSizeBytes,workloads.0.frameSizeBytes,runs,failed,metrics.pps.median,metrics.pps.min,metrics.pps.max'));
    const summaryJson = JSON.parse(readFileSync(result.files.summaryJson, 'utf8'));
    t.like(summaryJson, { interrupted: false, totalJobs: 12, completedJobs: 12, baseSeed: 10, seeds: 3 });
    t.is(summaryJson.sweepSha256, sweepSha256({ scenario: BASE, axes, baseSeed: 10, seeds: 3 }), 'summary.json names the sweep, for a later --resume');
    t.regex(summaryJson.sweepSha256, /^[0-9a-f]{64}$/);
    const again = await runSweep({ scenario: BASE, axes, baseSeed: 10, seeds: 3, runnerModule: RUNNER, outDir: dir2, jobs: 2 });
    t.is(readFileSync(again.files.jsonl, 'utf8'), readFileSync(result.files.jsonl, 'utf8'), 'a finished sweep writes identical rows');
    t.is(readFileSync(again.files.csv, 'utf8'), readFileSync(result.files.csv, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dir2, { recursive: true, force: true });
  }
});

test('sweep: a throwing run and a violating run are failed rows, the sweep goes on, exit code is the worst', async (t) => {
  const dir = tempDir();
  try {
    const axes = [parseSetOption('workloads.0.frameSizeBytes=13,64,7', BASE)];
    const result = await runSweep({ scenario: BASE, axes, baseSeed: 1, seeds: 2, runnerModule: RUNNER, outDir: dir, jobs: 1 });
    t.is(result.rows.length, 6);
    t.deepEqual(result.rows.map((r) => r.ok), [false, false, true, true, false, false]);
    t.regex(result.rows[0].error ?? '', /RangeError: frame size 13 is unlucky/);
    t.is(result.rows[4].error, 'pp-inflight-nonneg: violated');
    t.is(result.exitCode, 1);
    t.deepEqual(result.summary.map((s) => [s.runs, s.failed]), [[2, 2], [2, 0], [2, 2]]);
    const csv = readFileSync(result.files.csv, 'utf8');
    t.regex(csv.split('\n')[0], /metrics\.pps/);
    t.is(csv.trim().split('\n').length, 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sweep: an abort keeps the rows that completed and marks the sweep interrupted', async (t) => {
  const dir = tempDir();
  try {
    const slow = { ...BASE, workloads: [{ frameSizeBytes: 64, delayMs: 300 }] };
    const axes = [parseSetOption('workloads.0.frameSizeBytes=64,512,1024,1500', slow)];
    const controller = new AbortController();
    const promise = runSweep({ scenario: slow, axes, baseSeed: 1, seeds: 2, runnerModule: RUNNER, outDir: dir, jobs: 2, signal: controller.signal });
    const poll = setInterval(() => {
      const text = readFileSync(join(dir, 'rows.jsonl'), 'utf8');
      if (text.length > 0) controller.abort();
    }, 20);
    const result = await promise;
    clearInterval(poll);
    t.true(result.interrupted);
    t.true(result.rows.length >= 1 && result.rows.length < 8, `${result.rows.length} rows`);
    const lines = readFileSync(result.files.jsonl, 'utf8').trim().split('\n');
    t.is(lines.length, result.rows.length);
    t.is(readFileSync(result.files.csv, 'utf8').trim().split('\n').length, result.rows.length + 1);
    t.like(JSON.parse(readFileSync(result.files.summaryJson, 'utf8')), { interrupted: true, totalJobs: 8, completedJobs: result.rows.length });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('job-pool: a runner module without runSweepJob is a clear error', async (t) => {
  const notARunner = fileURLToPath(new URL('../../output/csv.ts', import.meta.url));
  await t.throwsAsync(runPool([1], { runnerModule: notARunner, jobs: 1 }, () => {}), { message: /does not export a function runSweepJob/ });
});
