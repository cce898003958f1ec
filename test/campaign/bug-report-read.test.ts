/**
 * Damaged and wrong bug reports, through the real `nicsim replay`: every one is exit 2 with
 * one line naming the file, where (a JSON path, or a line and column) and what was expected
 * and found; never a stack trace, never an "internal error". The cases that are variations
 * of one field check are also checked in-process against readBugReport, for their wording.
 */
import test, { type ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBugReport } from '../../campaign/bug-report.ts';
import { InputFileError } from '../../output/input-file.ts';
import { nicsim } from '../cli/nicsim.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-report-read-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const REGRESSIONS = new URL('../../regressions/', import.meta.url).pathname;
type Report = Record<string, any>;
const scenarioReport = (): Report => JSON.parse(readFileSync(join(REGRESSIONS, 'xsk-5.12-build-before-reserve.json'), 'utf8'));
const caseReport = (): Report => JSON.parse(readFileSync(join(REGRESSIONS, 'xsk-v3-truesize-bytes.json'), 'utf8'));
const without = (r: Report, key: string): Report => {
  const copy = { ...r };
  delete copy[key];
  return copy;
};

/** File name, content (a value to write as JSON, or raw text), and the line expected after "<file>: ". */
const CORPUS: [string, unknown, string][] = [
  ['failure-null.json', { ...scenarioReport(), failure: null }, '$.failure: expected an object describing the failure (kind, invariant, kernelFn, simTimeNs, eventNumber, message), found null'],
  ['seed-x.json', { ...scenarioReport(), seed: 'x' }, '$.seed: expected a non-negative integer (the root seed of the run), found "x"'],
  ['no-fingerprint.json', without(scenarioReport(), 'fingerprint'), '$.fingerprint: missing required field, expected a trajectory fingerprint (16 hex digits)'],
  ['events-float.json', { ...scenarioReport(), events: 1.5 }, '$.events: expected a non-negative integer (events executed), found 1.5'],
  ['array.json', [1, 2], '$: expected a nicsim bug report (an object with "format": "nicsim-bug-report/1"), found an array of 2 items'],
  ['not-a-report.json', { hello: 1 }, '$.format: missing required field, expected a nicsim bug report ("format": "nicsim-bug-report/1")'],
  ['not-json.json', 'not json {\n', "line 1, column 1: expected a nicsim bug report (JSON), found invalid JSON (expected a JSON value, found 'not')"],
  ['syntax-line-3.json', '{\n  "format": "nicsim-bug-report/1",\n  "seed": }\n', "line 3, column 11: expected a nicsim bug report (JSON), found invalid JSON (expected a value after ':', found '}')"],
  ['huge-number.json', '{\n  "format": "nicsim-bug-report/1",\n  "seed": 1e400\n}\n', 'line 3, column 11: expected a finite number, found 1e400'],
  ['deep.json', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, 'line 1, column 65: expected at most 64 levels of nested arrays and objects, found more'],
  ['empty.json', '', 'expected a nicsim bug report (JSON), found an empty file'],
  ['binary.json', Buffer.from([0x7b, 0x0a, 0xff, 0xfe, 0x00, 0x80]), 'line 2, column 1: expected a nicsim bug report (JSON) as UTF-8 text, found byte 0xff, which is not UTF-8 (a binary file?)'],
  ['scenario-field.json', (() => {
    const r = scenarioReport();
    r.scenario.workloads[0].frameSizeBytes = 'big';
    return r;
  })(), '$.scenario.workloads[0].frameSizeBytes: expected integer >= 2048 and <= 65536, found "big"'],
  ['case-input.json', (() => {
    const r = caseReport();
    r.case.input.config.frameSizeBytes = 3000;
    return r;
  })(), '$.case.input.config.frameSizeBytes: expected 2048 or 4096 (an aligned UMEM chunk on 4K pages), found 3000'],
  ['kernels-in.json', { ...scenarioReport(), kernels: [{ spec: '5.12', mainline: '5.12', changes: [{ name: 'xsk-cq-reserve-first', id: 'a6e944f25cdb', in: 'yes', why: 'entered in 5.19' }] }] }, '$.kernels[0].changes[0].in: expected true or false, found "yes"'],
  ['kernels-extra.json', { ...scenarioReport(), kernels: [{ spec: '5.12', mainline: '5.12', changes: [], extra: 1 }] }, '$.kernels[0].extra: unknown field, expected one of: spec, mainline, stable, distro, note, changes'],
  ['fix-path.json', { ...scenarioReport(), knownBad: { bug: 'x', fix: [{ path: ['nope', 'deeper'], value: 1 }] } }, '$.knownBad.fix[0].path: expected a path into $.scenario, found ["nope","deeper"], but $.scenario.nope is not an object or array'],
];

function writeCase(dir: string, name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  return file;
}

function assertOneLine(t: ExecutionContext, run: { code: number; stdout: string; stderr: string }, expected: string, label: string): void {
  t.is(run.code, 2, `${label}: ${run.stderr}`);
  t.is(run.stderr, `nicsim: replay: ${expected}\n`, label);
  t.is(run.stdout, '', label);
}

test('nicsim replay: a malformed report is exit 2 and one line naming the file, the field, what was expected and found', async (t) => {
  const dir = tempDir(t);
  for (const [name, content, expected] of CORPUS) {
    const file = writeCase(dir, name, content);
    assertOneLine(t, await nicsim('replay', file), `${file}: ${expected}`, name);
  }
});

test('nicsim replay: a directory, a FIFO and a file over 64 MiB are refused without reading them', async (t) => {
  const dir = tempDir(t);
  const directory = join(dir, 'a-directory');
  mkdirSync(directory);
  const fifo = join(dir, 'report.fifo');
  // No writer ever opens the FIFO: a reader that opened it for blocking reads would hang here.
  execFileSync('mkfifo', [fifo]);
  const big = join(dir, 'big.json');
  writeFileSync(big, '');
  truncateSync(big, 64 * 1024 * 1024 + 1);
  const missing = join(dir, 'missing.json');
  const cases: [string, string][] = [
    [directory, 'cannot read a nicsim bug report (JSON): expected a regular file, found a directory'],
    [fifo, 'cannot read a nicsim bug report (JSON): expected a regular file, found a FIFO'],
    [big, `cannot read a nicsim bug report (JSON): expected at most 64 MiB, found ${64 * 1024 * 1024 + 1} bytes`],
    [missing, 'cannot read a nicsim bug report (JSON): no such file'],
  ];
  for (const [file, expected] of cases) assertOneLine(t, await nicsim('replay', file), `${file}: ${expected}`, file);
});

test('readBugReport: every field is checked, in-process, with the same wording', (t) => {
  const dir = tempDir(t);
  const cases: [Report | unknown, string][] = [
    [{ ...scenarioReport(), knownbad: {} }, '$.knownbad: unknown field, expected one of: format, nicsim, provenance, origin, scenario, case, kernels, seed, checkEveryEvent, failure, fingerprint, events, recentEvents, replay, knownBad'],
    [null, '$: expected a nicsim bug report (an object with "format": "nicsim-bug-report/1"), found null'],
    [{ ...scenarioReport(), origin: { by: 'cron' } }, '$.origin.by: expected one of "run", "property", "fuzz", found "cron"'],
    [{ ...scenarioReport(), failure: { ...scenarioReport().failure, kind: 'oops' } }, '$.failure.kind: expected one of "violation", "liveness", "property", found "oops"'],
    [{ ...scenarioReport(), failure: { ...scenarioReport().failure, eventNumber: -1 } }, '$.failure.eventNumber: expected a non-negative integer, found -1'],
    [{ ...scenarioReport(), checkEveryEvent: 'yes' }, '$.checkEveryEvent: expected true or false, found "yes"'],
    [{ ...scenarioReport(), fingerprint: 'xyz' }, '$.fingerprint: expected a trajectory fingerprint (16 hex digits), found "xyz"'],
    [{ ...scenarioReport(), recentEvents: [null] }, '$.recentEvents[0]: expected an event (an object with eventNumber, timeNs, seq, kind, a, b), found null'],
    [without(scenarioReport(), 'nicsim'), '$.nicsim: missing required field, expected an object with the version, gitCommit and node the report was found with'],
    [{ ...scenarioReport(), case: caseReport().case }, '$.case: expected exactly one of "scenario" (a resolved scenario) and "case" (a case runner and its input), found both'],
    [without(scenarioReport(), 'scenario'), '$: expected exactly one of "scenario" (a resolved scenario) and "case" (a case runner and its input), found neither'],
    [{ ...scenarioReport(), knownBad: { bug: 'x', fix: [] } }, '$.knownBad.fix: expected an array of at least 1 edit ({"path": [...], "value": ...}), found an array of 0 items'],
    [{ ...caseReport(), case: { ...caseReport().case, runner: 'nope' } }, '$.case.runner: expected one of "xsk-socket-commands", found "nope"'],
    [{ ...caseReport(), case: { ...caseReport().case, input: null } }, '$.case.input: expected an XSK case input (an object with "config" and "commands"), found null'],
    [(() => {
      const r = caseReport();
      r.case.input.config.nicRingEntries = 8;
      return r;
    })(), '$.case.input.config.nicRingEntries: expected more than 19 entries (virtio_net stops its queue with fewer than 19 free), found 8'],
    [(() => {
      const r = caseReport();
      r.case.input.commands = [{ op: 'jump' }];
      return r;
    })(), '$.case.input.commands[0].op: expected one of "submit", "sendto", "advance", "reap", "link", found "jump"'],
  ];
  cases.forEach(([content, expected], i) => {
    const file = writeCase(dir, `case-${i}.json`, content);
    const error = t.throws(() => readBugReport(file), { instanceOf: InputFileError });
    t.is(error?.message, `${file}: ${expected}`);
  });
});

test('readBugReport: every committed report still loads', (t) => {
  const findings = new URL('../../campaign/findings/', import.meta.url).pathname;
  for (const file of [...readdirJson(REGRESSIONS), ...readdirJson(findings)]) t.notThrows(() => readBugReport(file), file);
});

function readdirJson(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
}
