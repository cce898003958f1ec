/**
 * A sweep into a directory that already exists: refused by default, resumed with
 * existing: 'resume' (only the missing (grid point, seed) jobs run, and the files end byte for
 * byte as an uninterrupted sweep's), replaced with existing: 'force'. In process through
 * runSweep with the toy runner, which is deterministic in its job's scenario and seed.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep, SweepOutputError, type SweepOptions } from '../../output/sweep.ts';
import { sweepSha256, SWEEP_FILES, type SweepDirProblem } from '../../output/sweep-dir.ts';
import { readSweepRows } from '../../output/sweep-files.ts';
import { parseSetOption } from '../../output/sweep-grid.ts';
import { OutputError } from '../../output/out-file.ts';

const RUNNER = fileURLToPath(new URL('./fixtures/toy-runner.ts', import.meta.url));
const BASE = { machine: { pageSizeBytes: 4096, kernel: '5.15' }, workloads: [{ frameSizeBytes: 64, delayMs: 0 }] };
/** Frame size 7 is a violating run in the toy runner: grid points 1 and 3 fail at every seed. */
const AXES = [parseSetOption('machine.pageSizeBytes=4096,65536', BASE), parseSetOption('workloads.0.frameSizeBytes=64,7', BASE)];

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-sweep-resume-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function options(outDir: string, more: Partial<SweepOptions> = {}): SweepOptions {
  return { scenario: BASE, axes: AXES, baseSeed: 3, seeds: 2, runnerModule: RUNNER, outDir, jobs: 2, ...more };
}

/** The four sweep files' bytes, by name (absent ones left out). */
function sweepFiles(dir: string): Record<string, string> {
  return Object.fromEntries(SWEEP_FILES.filter((name) => existsSync(join(dir, name))).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/** Runs a full sweep into a fresh directory: what every resumed sweep must end as. */
async function reference(t: ExecutionContext, more: Partial<SweepOptions> = {}): Promise<Record<string, string>> {
  const dir = tempDir(t);
  await runSweep(options(dir, more));
  return sweepFiles(dir);
}

function lines(text: string): string[] {
  return text.trim().split('\n');
}

/** Runs the sweep with a signal that aborts once rows.jsonl holds more than `after` rows. */
async function interruptedAfter(dir: string, after: number, more: Partial<SweepOptions>) {
  const controller = new AbortController();
  const promise = runSweep(options(dir, { ...more, signal: controller.signal }));
  const poll = setInterval(() => {
    const path = join(dir, 'rows.jsonl');
    if (existsSync(path) && readFileSync(path, 'utf8').split('\n').length - 1 > after) controller.abort();
  }, 10);
  try {
    return await promise;
  } finally {
    clearInterval(poll);
  }
}

test('sweep resume: interrupted twice and resumed, the sweep ends with the files of an uninterrupted one', async (t) => {
  // Slow jobs, one at a time, so an abort lands mid-sweep; the delay is part of the sweep's
  // scenario, so the reference runs it too (with more workers: the files do not depend on them).
  const slow = { scenario: { ...BASE, workloads: [{ frameSizeBytes: 64, delayMs: 120 }] }, jobs: 1 };
  const expected = await reference(t, { ...slow, jobs: 4 });
  const dir = tempDir(t);

  const first = await interruptedAfter(dir, 1, slow);
  t.true(first.interrupted);
  const k = first.rows.length;
  t.true(k >= 2 && k < 8, `${k} rows before the first interrupt`);
  const summary1 = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  t.like(summary1, { interrupted: true, totalJobs: 8, completedJobs: k });
  t.is(summary1.sweepSha256, sweepSha256({ scenario: slow.scenario, axes: AXES, baseSeed: 3, seeds: 2 }));

  const second = await interruptedAfter(dir, k, { ...slow, existing: 'resume' });
  t.is(second.resumedRows, k);
  const m = second.rows.length;
  t.true(m > k, `${m} rows after the second interrupt`);
  t.is(lines(readFileSync(join(dir, 'rows.jsonl'), 'utf8')).length, m, 'the resumed run appended its rows to the kept ones');
  t.like(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), { interrupted: m < 8, totalJobs: 8, completedJobs: m });

  const last = await runSweep(options(dir, { ...slow, existing: 'resume' }));
  t.is(last.resumedRows, m);
  t.false(last.interrupted);
  t.is(last.rows.length, 8);
  t.deepEqual(last.notes, []);
  t.deepEqual(sweepFiles(dir), expected, 'rows.jsonl, rows.csv, summary.csv and summary.json are byte-identical');
  t.like(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), { interrupted: false, totalJobs: 8, completedJobs: 8 });
});

test('sweep resume: rows out of order and a truncated last line are completed into the files of a full sweep', async (t) => {
  const expected = await reference(t);
  const rows = lines(expected['rows.jsonl']);
  const dir = tempDir(t);
  // What a killed sweep leaves: rows in completion order, the last one cut mid-write, a
  // summary.json (here the full sweep's: only its identity matters) and no summary.csv.
  writeFileSync(join(dir, 'rows.jsonl'), `${rows[5]}\n${rows[0]}\n${rows[3]}\n${rows[6].slice(0, 30)}`);
  writeFileSync(join(dir, 'rows.csv'), 'partial\n');
  writeFileSync(join(dir, 'summary.json'), expected['summary.json']);
  const result = await runSweep(options(dir, { existing: 'resume' }));
  t.is(result.resumedRows, 3);
  t.deepEqual(result.notes, [`${join(dir, 'rows.jsonl')}: line 4: dropped a truncated last line (an interrupted write); that run runs again`]);
  t.deepEqual(sweepFiles(dir), expected);
  t.is(result.exitCode, 1, 'the kept failed rows still count in the exit code');
});

test('sweep resume: a failed row counts as done and is not run again; a complete sweep runs nothing', async (t) => {
  const expected = await reference(t);
  const rows = lines(expected['rows.jsonl']).map((l) => JSON.parse(l));
  t.false(rows[2].ok, 'job 2 (grid 1, frame size 7) is a violating run');
  const dir = tempDir(t);
  const marked = { ...rows[2], error: 'kept from the first run' };
  writeFileSync(join(dir, 'rows.jsonl'), `${JSON.stringify(rows[0])}\n${JSON.stringify(marked)}\n`);
  writeFileSync(join(dir, 'summary.json'), expected['summary.json']);
  const result = await runSweep(options(dir, { existing: 'resume' }));
  t.is(result.resumedRows, 2);
  t.is(result.rows[2].error, 'kept from the first run');
  t.is(result.rows.length, 8);

  const complete = tempDir(t);
  await runSweep(options(complete));
  const again = await runSweep(options(complete, { existing: 'resume' }));
  t.is(again.resumedRows, 8);
  t.false(again.interrupted);
  t.deepEqual(sweepFiles(complete), expected, 'resuming a complete sweep rewrites the same bytes');
});

test('sweep resume: a new or empty directory simply starts the sweep', async (t) => {
  const expected = await reference(t);
  const parent = tempDir(t);
  const fresh = await runSweep(options(join(parent, 'new'), { existing: 'resume' }));
  t.is(fresh.resumedRows, 0);
  t.deepEqual(sweepFiles(join(parent, 'new')), expected);
});

test('sweep: an existing sweep directory is refused by default, with nothing changed', async (t) => {
  const dir = tempDir(t);
  await runSweep(options(dir));
  const before = sweepFiles(dir);
  const error = await t.throwsAsync(runSweep(options(dir)), { instanceOf: SweepOutputError });
  t.is(error?.message, `--out ${dir}: already holds a sweep (8 rows); use --resume to complete it or --force to replace it`);
  t.true(error instanceof OutputError, 'the CLI maps OutputError to one line and exit 2');
  t.is(error?.problem, 'exists');
  t.deepEqual(sweepFiles(dir), before);

  // An interrupted sweep's directory too, down to one that stopped before its first row.
  writeFileSync(join(dir, 'rows.jsonl'), lines(before['rows.jsonl'])[0]);
  await t.throwsAsync(runSweep(options(dir)), { message: /already holds a sweep \(0 rows\)/ });
  unlinkSync(join(dir, 'rows.jsonl'));
  unlinkSync(join(dir, 'rows.csv'));
  unlinkSync(join(dir, 'summary.csv'));
  await t.throwsAsync(runSweep(options(dir)), { message: /already holds a sweep \(0 rows\)/ });
  writeFileSync(join(dir, 'rows.jsonl'), `${before['rows.jsonl'].split('\n')[0]}\n`);
  await t.throwsAsync(runSweep(options(dir)), { message: /already holds a sweep \(1 row\);/ });
});

test('sweep: a directory holding other files and no sweep is refused unless forced', async (t) => {
  const dir = tempDir(t);
  for (const name of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) writeFileSync(join(dir, name), name);
  for (const existing of ['refuse', 'resume'] as const) {
    const error = await t.throwsAsync(runSweep(options(dir, { existing })), { instanceOf: SweepOutputError });
    t.is(error?.message, `--out ${dir}: holds a.txt, b.txt, c.txt and 1 more but no sweep; choose a new or empty directory, or use --force to write the sweep files beside them`);
    t.is(error?.problem, 'not-a-sweep');
  }
  t.deepEqual(readdirSync(dir).sort(), ['a.txt', 'b.txt', 'c.txt', 'd.txt']);
  const forced = await runSweep(options(dir, { existing: 'force' }));
  t.is(forced.rows.length, 8);
  t.deepEqual(readdirSync(dir).sort(), ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'rows.csv', 'rows.jsonl', 'summary.csv', 'summary.json']);
});

test('sweep resume: another sweep, or one that cannot be identified or read, is refused with nothing changed', async (t) => {
  const dir = tempDir(t);
  await runSweep(options(dir));
  const before = sweepFiles(dir);
  const refusal = async (more: Partial<SweepOptions>, problem: SweepDirProblem, message: string) => {
    const error = await t.throwsAsync(runSweep(options(dir, { existing: 'resume', ...more })), { instanceOf: SweepOutputError });
    t.is(error?.problem, problem);
    t.is(error?.message, `--out ${dir}: ${message}`);
  };
  const different = (what: string) => `cannot resume: it holds a different sweep (${what}); use --force to replace it or choose another --out`;
  await refusal({ seeds: 3 }, 'different', different('--seeds 2 there, 3 here'));
  await refusal({ baseSeed: 4 }, 'different', different('base seed 3 there, 4 here'));
  await refusal({ axes: [AXES[0], parseSetOption('workloads.0.frameSizeBytes=64,1500', BASE)] }, 'different', different('other --set axes'));
  await refusal({ scenario: { ...BASE, machine: { pageSizeBytes: 4096, kernel: '6.6' } } }, 'different', different('another base scenario'));
  t.deepEqual(sweepFiles(dir), before);

  const summary = JSON.parse(before['summary.json']);
  delete summary.sweepSha256;
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  await refusal({}, 'unidentified', `cannot resume: ${join(dir, 'summary.json')}: $.sweepSha256: expected the sweep's identity (a SHA-256), found nothing (written by an older nicsim?); use --force to replace the sweep`);
  unlinkSync(join(dir, 'summary.json'));
  await refusal({}, 'unidentified', 'cannot resume: it holds no summary.json, which names the sweep its rows belong to; use --force to replace the sweep');
  writeFileSync(join(dir, 'summary.json'), '{"interrupted": tru');
  const damagedSummary = await t.throwsAsync(runSweep(options(dir, { existing: 'resume' })), { instanceOf: SweepOutputError });
  t.is(damagedSummary?.problem, 'damaged');
  t.regex(damagedSummary?.message ?? '', /^--out .*: cannot resume: .*summary\.json: line 1, column \d+: expected a sweep summary \(summary\.json\), found invalid JSON .*; use --force to replace the sweep$/);

  writeFileSync(join(dir, 'summary.json'), before['summary.json']);
  const rows = lines(before['rows.jsonl']);
  const rowsPath = join(dir, 'rows.jsonl');
  writeFileSync(rowsPath, `${rows[0]}\n${rows[0]}\n`);
  await refusal({}, 'damaged', `cannot resume: ${rowsPath} holds grid 0 seed 3 twice; use --force to replace the sweep`);
  writeFileSync(rowsPath, `${JSON.stringify({ ...JSON.parse(rows[0]), seed: 9 })}\n`);
  await refusal({}, 'damaged', `cannot resume: ${rowsPath} holds a run (grid 0 seed 9) that is not a job of this sweep; use --force to replace the sweep`);
  writeFileSync(rowsPath, `${JSON.stringify({ ...JSON.parse(rows[0]), params: { 'machine.pageSizeBytes': 1 } })}\n`);
  await refusal({}, 'damaged', `cannot resume: ${rowsPath} holds grid 0 seed 3 with other parameters than this sweep gives it; use --force to replace the sweep`);
  writeFileSync(rowsPath, `${rows[0]}\n{"gridIndex": x}\n${rows[1]}\n`);
  const error = await t.throwsAsync(runSweep(options(dir, { existing: 'resume' })), { instanceOf: SweepOutputError });
  t.regex(error?.message ?? '', /^--out .*: cannot resume: .*rows\.jsonl: line 2, column 15: expected a sweep row .*invalid JSON.*; use --force to replace the sweep$/);
});

test('sweep force: the previous sweep is replaced by a fresh one and nothing else is touched', async (t) => {
  const dir = tempDir(t);
  await runSweep(options(dir, { seeds: 3 }));
  writeFileSync(join(dir, 'chart.svg'), '<svg/>');
  const expected = await reference(t);
  const result = await runSweep(options(dir, { existing: 'force' }));
  t.is(result.resumedRows, 0);
  t.is(result.rows.length, 8);
  t.deepEqual(sweepFiles(dir), expected);
  t.is(readFileSync(join(dir, 'chart.svg'), 'utf8'), '<svg/>');
});

test('sweep-files: readSweepRows drops a truncated last line only when asked to, even one cut inside a character', (t) => {
  const dir = tempDir(t);
  const row = { gridIndex: 0, seed: 1, params: {}, ok: false, error: 'frame size 13 is unlucky: \u00d7', result: {} };
  const line = JSON.stringify(row);
  // The bytes up to the first of the two bytes of '\u00d7'.
  const lineBytes = Buffer.from(line);
  const cutInCharacter = Buffer.concat([Buffer.from(`${line}\n`), lineBytes.subarray(0, lineBytes.indexOf(0xc3) + 1)]);
  t.is(cutInCharacter.at(-1), 0xc3, 'the cut falls inside the two-byte character');
  const cases: [string, string | Buffer, string][] = [
    ['json.jsonl', `${line}\n${line.slice(0, 20)}`, 'found a truncated last line'],
    ['utf8.jsonl', cutInCharacter, 'found bytes that are not UTF-8'],
  ];
  for (const [name, content, refused] of cases) {
    const path = join(dir, name);
    writeFileSync(path, content);
    t.throws(() => readSweepRows(path), { message: new RegExp(`line 2: .*${refused}`) }, name);
    const dropped: number[] = [];
    t.deepEqual(readSweepRows(path, { onTruncatedLastLine: (l) => dropped.push(l) }), [row], name);
    t.deepEqual(dropped, [2], name);
  }
  const onlyCut = join(dir, 'only-cut.jsonl');
  writeFileSync(onlyCut, line.slice(0, 20));
  t.deepEqual(readSweepRows(onlyCut, { onTruncatedLastLine: () => {} }), [], 'a sweep killed during its first append has no rows');
  const middle = join(dir, 'middle.jsonl');
  writeFileSync(middle, `${line.slice(0, 20)}\n${line}\n`);
  t.throws(() => readSweepRows(middle, { onTruncatedLastLine: () => {} }), { message: /line 1, column 21: .*invalid JSON/ }, 'only the last line may be cut short');
});
