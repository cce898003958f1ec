import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUG_REPORT_FORMAT, buildBugReport, readBugReport, writeBugReport, type BugReport } from '../../campaign/bug-report.ts';
import { applyKnownBadFix, replayReport, VERDICT_EXIT } from '../../campaign/replay.ts';
import { resolveScenario } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// An M/M/1/K source never stops on its own, so expecting quiescence is a liveness failure:
// a failing run that needs no buggy model.
const scenario = resolveScenario(
  {
    name: 'never-quiet',
    seed: 5,
    bounds: { simTimeNs: 200_000, maxEvents: 100_000, expect: 'quiescence' },
    workloads: [{ kind: 'mm1k', arrivalRateHz: 1_000_000, serviceRateHz: 1_250_000, queueCapacity: 4 }],
  },
  'test',
);

function failingReport(): BugReport {
  const result = runScenario(scenario, { seed: 9, checkEveryEvent: true });
  if (result.status !== 'liveness') throw new Error('the test scenario did not fail as intended');
  return buildBugReport({ result, checkEveryEvent: true, origin: { by: 'run' }, knownBad: { bug: 'expects-quiescence', fix: [{ path: ['bounds', 'expect'], value: 'horizon' }] } });
}

test('a report carries version, commit, node, resolved scenario, seed, failure, events and fingerprint', (t) => {
  const report = failingReport();
  t.is(report.format, BUG_REPORT_FORMAT);
  t.regex(report.nicsim.version, /^\d+\.\d+\.\d+/);
  t.regex(report.nicsim.gitCommit, /^([0-9a-f]{40}|unknown)$/);
  t.is(report.nicsim.node, process.version);
  t.is(report.seed, 9);
  t.is(report.scenario!.bounds.drainTimeNs, scenario.bounds.drainTimeNs, 'defaults are resolved');
  t.is(report.failure.invariant, 'liveness');
  t.true(report.failure.eventNumber > 0);
  t.true(report.recentEvents.length > 0);
  t.regex(report.fingerprint, /^[0-9a-f]{16}$/);
});

test('writeBugReport writes the file atomically, fills in and prints the replay command', (t) => {
  const dir = tempDir(t);
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => (lines.push(String(chunk)), true)) as typeof process.stderr.write;
  let path: string;
  try {
    path = writeBugReport(failingReport(), { dir });
  } finally {
    process.stderr.write = write;
  }
  t.is(path, join(dir, 'never-quiet-liveness-seed9.json'));
  const back = readBugReport(path);
  t.is(back.replay, `npx nicsim replay ${path}`);
  t.is(lines.length, 1);
  t.true(lines[0].includes(back.replay));
  t.deepEqual(JSON.parse(readFileSync(path, 'utf8')).failure, back.failure);
});

test('replay answers REPRODUCED for the same failure at the same event', (t) => {
  const outcome = replayReport(failingReport());
  t.is(outcome.verdict, 'REPRODUCED', outcome.explanation);
  t.is(VERDICT_EXIT[outcome.verdict], 1);
});

test('replay answers FIXED once the known-bad fix is applied', (t) => {
  const report = failingReport();
  t.is(applyKnownBadFix(report.scenario!, report.knownBad!).bounds.expect, 'horizon');
  t.is(report.scenario!.bounds.expect, 'quiescence', 'the report itself is not modified');
  const outcome = replayReport(report, { applyFix: true });
  t.is(outcome.verdict, 'FIXED', outcome.explanation);
  t.is(VERDICT_EXIT.FIXED, 0);
});

test('replay answers DIVERGED for another failure or another trajectory', (t) => {
  const moved = failingReport();
  moved.failure = { ...moved.failure, eventNumber: moved.failure.eventNumber + 1 };
  t.is(replayReport(moved).verdict, 'DIVERGED');
  const otherTrajectory = failingReport();
  otherTrajectory.fingerprint = '0000000000000000';
  const outcome = replayReport(otherTrajectory);
  t.is(outcome.verdict, 'DIVERGED');
  t.regex(outcome.explanation, /trajectory differs/);
  t.is(VERDICT_EXIT.DIVERGED, 3);
});

test('readBugReport rejects files that are not bug reports', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'x.json');
  writeBugReport(failingReport(), { file: path, announce: false });
  const text = readFileSync(path, 'utf8').replace(BUG_REPORT_FORMAT, 'something-else');
  const other = join(dir, 'y.json');
  writeFileSync(other, text);
  t.throws(() => readBugReport(other), { message: /expected a nicsim bug report/ });
});
