/**
 * Issue 13 item 2: `--json` on every command that prints a result is exactly one JSON
 * document on stdout; and the CLI half of item 4: sweep's --resume and --force reach the
 * sweep engine, exclude each other, and an existing folder without either is one line, exit 2.
 * In-process (test/cli/in-process.ts): check-determinism and sweep start their own children.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nicsimInProcess as cli } from './in-process.ts';
import type { CliRun } from './nicsim.ts';

const TINY = {
  name: 'json-tiny',
  seed: 5,
  bounds: { simTimeNs: 200000, maxEvents: 100000, expect: 'horizon' },
  workloads: [{ kind: 'mm1k', arrivalRateHz: 1000000, serviceRateHz: 1250000, queueCapacity: 16 }],
};

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-json-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function tinyScenario(t: ExecutionContext): string {
  const file = join(tempDir(t), 'tiny.json');
  writeFileSync(file, JSON.stringify(TINY));
  return file;
}

/** stdout as one JSON document: JSON.parse refuses two documents or trailing text. */
function oneDocument(t: ExecutionContext, run: CliRun): Record<string, unknown> {
  t.notThrows(() => JSON.parse(run.stdout), run.stdout.slice(0, 200));
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

test.serial('item 2: validate --json is one document naming each file, ok or its problems; the exit code stays', async (t) => {
  const [good, bad] = [tinyScenario(t), 'scenarios/bad/wrong-type.json'];
  const run = await cli('validate', '--json', good, bad);
  t.is(run.code, 2);
  t.is(run.stderr, '', 'the problems are in the document');
  t.deepEqual(oneDocument(t, run), {
    ok: false,
    files: [
      { file: good, ok: true, problems: [] },
      { file: bad, ok: false, problems: [{ where: '$.bounds.simTimeNs', message: 'expected integer >= 1, found "10ms"' }] },
    ],
  });
  const allGood = await cli('validate', good, '--json');
  t.is(allGood.code, 0);
  t.like(oneDocument(t, allGood), { ok: true });
});

test.serial('item 2: check-determinism --json gives the verdict, both fingerprints and event counts, and no difference', async (t) => {
  const file = tinyScenario(t);
  const run = await cli('check-determinism', file, '--seed', '9', '--json');
  t.is(run.code, 0, run.stderr);
  const verdict = oneDocument(t, run) as { fingerprints: string[]; events: number[] };
  t.like(verdict, { file, seed: 9, verdict: 'deterministic', firstDifference: null });
  t.is(verdict.fingerprints.length, 2);
  t.is(verdict.fingerprints[0], verdict.fingerprints[1]);
  t.true(verdict.events[0] > 0 && verdict.events[0] === verdict.events[1]);
});

test.serial('item 2: sweep --json is one document with the summary and the file paths; the log stays on stderr', async (t) => {
  const file = tinyScenario(t);
  const out = join(tempDir(t), 'sweep');
  const run = await cli('sweep', file, '--set', 'workloads.0.queueCapacity=4,16', '--seeds', '2', '--out', out, '--jobs', '1', '--json');
  t.is(run.code, 0, run.stderr);
  const document = oneDocument(t, run) as { files: Record<string, string>; summary: { params: Record<string, unknown> }[] };
  t.like(document, { outDir: out, totalJobs: 4, completedJobs: 4, resumedJobs: 0, failedJobs: 0, exitCode: 0 });
  t.deepEqual(document.files, { jsonl: join(out, 'rows.jsonl'), csv: join(out, 'rows.csv'), summaryCsv: join(out, 'summary.csv'), summaryJson: join(out, 'summary.json') });
  t.deepEqual(document.summary, (JSON.parse(readFileSync(document.files.summaryJson, 'utf8')) as { summary: unknown }).summary);
  t.deepEqual(document.summary.map((s) => s.params), [{ 'workloads.0.queueCapacity': 4 }, { 'workloads.0.queueCapacity': 16 }]);
  t.regex(run.stderr, /^nicsim: sweep: 4 of 4 runs written to /m);
});

test.serial('item 2: run, replay and fuzz --json are one document each', async (t) => {
  const dir = tempDir(t);
  const run = await cli('run', tinyScenario(t), '--json', '--out', join(dir, 'run'));
  t.is(run.code, 0, run.stderr);
  t.like(oneDocument(t, run), { scenario: 'json-tiny', status: 'ok' });
  const replay = await cli('replay', 'regressions/xsk-5.12-build-before-reserve.json', '--fixed', '--json');
  t.is(replay.code, 0, replay.stderr);
  t.like(oneDocument(t, replay), { verdict: 'FIXED' });
  const fuzz = await cli('fuzz', '--runs', '2', '--workers', '1', '--property', 'mm1k.conservation', '--out', join(dir, 'fuzz'), '--json');
  t.is(fuzz.code, 0, fuzz.stderr);
  t.like(oneDocument(t, fuzz), { runs: 2, failures: [], crashes: [] });
});

test.serial('item 4: --resume and --force exclude each other; an existing sweep is refused without either; --resume keeps its rows', async (t) => {
  const file = tinyScenario(t);
  const out = join(tempDir(t), 'sweep');
  const args = ['sweep', file, '--set', 'workloads.0.queueCapacity=4,16', '--out', out, '--jobs', '1', '--json'];
  t.deepEqual(await cli(...args, '--resume', '--force'), { code: 2, stdout: '', stderr: "nicsim: sweep: option '--resume' cannot be used with option '--force'\n" });
  const first = await cli(...args);
  t.is(first.code, 0, first.stderr);
  const rows = readFileSync(join(out, 'rows.jsonl'), 'utf8');

  const refused = await cli(...args);
  t.is(refused.code, 2);
  t.is(refused.stdout, '');
  t.regex(refused.stderr, /^nicsim: sweep: --out \S+sweep: [^\n]*--resume[^\n]*--force[^\n]*\n$/);

  const resumed = await cli(...args, '--resume');
  t.is(resumed.code, 0, resumed.stderr);
  t.like(oneDocument(t, resumed), { totalJobs: 2, completedJobs: 2, resumedJobs: 2 });
  t.regex(resumed.stderr, /2 of 2 runs written to \S+ \(2 kept from before, 0 run now\)/);
  t.is(readFileSync(join(out, 'rows.jsonl'), 'utf8'), rows);

  const forced = await cli(...args, '--force');
  t.is(forced.code, 0, forced.stderr);
  t.like(oneDocument(t, forced), { totalJobs: 2, completedJobs: 2, resumedJobs: 0 });
  t.is(readFileSync(join(out, 'rows.jsonl'), 'utf8'), rows, 'the same sweep run again writes the same rows');
});
