/**
 * `nicsim replay --fixed` on reports that carry no known-bad fix: the report `nicsim run`
 * writes when a run ends in a liveness failure or a violation, and a fuzz report. Each is exit
 * 2 with one line saying that --fixed needs a known-bad variant's report and where this one
 * came from; the same reports still replay without --fixed.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBugReport } from '../../campaign/bug-report.ts';
import { replayReport } from '../../campaign/replay.ts';
import { InputFileError } from '../../output/input-file.ts';
import { nicsim } from '../cli/nicsim.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-replay-fixed-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const NO_FIX = (file: string, origin: string) =>
  `nicsim: replay: ${file}: --fixed needs a report of a known-bad variant (one with a "knownBad" fix, as npm run campaign:known-bad writes into regressions/), but this report came from ${origin} and has none; replay it without --fixed\n`;

test('replay --fixed on the report of a run that ended in a liveness failure: exit 2, one line', async (t) => {
  const out = join(tempDir(t), 'out');
  const run = await nicsim('run', 'scenarios/bad/liveness-quiescence.json', '--out', out);
  t.is(run.code, 4, run.stderr);
  const report = join(out, 'bug-report.json');
  t.is(JSON.parse(readFileSync(report, 'utf8')).origin.by, 'run');
  const fixed = await nicsim('replay', '--fixed', report);
  t.is(fixed.code, 2, fixed.stderr);
  t.is(fixed.stderr, NO_FIX(report, '`nicsim run`'));
  t.is(fixed.stdout, '');
  const replay = await nicsim('replay', report);
  t.is(replay.code, 1, replay.stderr);
  t.regex(replay.stdout, /^REPRODUCED: liveness in scenario\.bounds/);
});

test('replay --fixed on the report of a run that ended in a violation: exit 2, one line', async (t) => {
  const dir = tempDir(t);
  // The 5.12 regression's scenario, run as a plain scenario file: `nicsim run` finds the violation.
  const regression = JSON.parse(readFileSync('regressions/xsk-5.12-build-before-reserve.json', 'utf8'));
  const scenario = join(dir, 'cq-overflow.json');
  writeFileSync(scenario, JSON.stringify(regression.scenario));
  const out = join(dir, 'out');
  const run = await nicsim('run', scenario, '--out', out);
  t.is(run.code, 1, run.stderr);
  const report = join(out, 'bug-report.json');
  const fixed = await nicsim('replay', report, '--fixed', '--json');
  t.is(fixed.code, 2, fixed.stderr);
  t.is(fixed.stderr, NO_FIX(report, '`nicsim run`'));
});

test('replay --fixed names a fuzz or property origin, and a report of an unknown property is refused', async (t) => {
  const dir = tempDir(t);
  const regression = JSON.parse(readFileSync('regressions/xsk-5.12-build-before-reserve.json', 'utf8'));
  const property = regression.origin.property as string;
  delete regression.knownBad;
  const fuzz = join(dir, 'fuzz.json');
  writeFileSync(fuzz, JSON.stringify({ ...regression, origin: { ...regression.origin, by: 'fuzz' } }));
  const fuzzed = await nicsim('replay', '--fixed', fuzz);
  t.is(fuzzed.code, 2, fuzzed.stderr);
  t.is(fuzzed.stderr, NO_FIX(fuzz, `a fuzz campaign (property ${property})`));
  const unknown = join(dir, 'unknown-property.json');
  writeFileSync(unknown, JSON.stringify({ ...regression, origin: { ...regression.origin, property: 'no.such-property' } }));
  const refused = await nicsim('replay', unknown);
  t.is(refused.code, 2, refused.stderr);
  t.is(refused.stderr, `nicsim: replay: ${unknown}: $.origin.property: expected a campaign property (nicsim fuzz --list shows them), found "no.such-property"\n`);
});

test('replay --fixed: a fix that makes the scenario or case input invalid names the field it broke', (t) => {
  const regression = readBugReport('regressions/xsk-5.12-build-before-reserve.json');
  regression.knownBad = { bug: regression.knownBad!.bug, fix: [{ path: ['machine', 'kernel'], value: '9.99' }] };
  t.throws(() => replayReport(regression, { applyFix: true, file: 'r.json' }), {
    instanceOf: InputFileError,
    message: "r.json: $.scenario.machine.kernel: expected a mainline release like 6.6, a stable release like 6.6.30, a distro kernel (one of ubuntu-jammy-azure-5.15) or { base, with, without }, found '9.99' (after applying $.knownBad.fix)",
  });
  const caseReport = readBugReport('regressions/xsk-v3-truesize-bytes.json');
  caseReport.knownBad = { bug: caseReport.knownBad!.bug, fix: [{ path: ['config', 'numFrames'], value: -1 }] };
  t.throws(() => replayReport(caseReport, { applyFix: true, file: 'c.json' }), {
    instanceOf: InputFileError,
    message: 'c.json: $.case.input.config.numFrames: expected an integer from 1 to 65536, found -1 (after applying $.knownBad.fix)',
  });
});
