/**
 * Reading a bug report back, for `nicsim replay`, the regression tests and the campaigns.
 * The file is read as every input nicsim reads back (output/input-file.ts: a regular file of
 * at most 64 MiB, JSON at most 64 levels deep), then checked field by field against the
 * report format (campaign/bug-report.ts), so a damaged or hand-edited report is refused with
 * one line naming the file, the field, what was expected and what was found, instead of
 * failing somewhere inside the replay. The embedded scenario is validated like a scenario
 * file; a case input by the check of its case runner; a known-bad fix must point into it.
 *
 * Unknown fields are refused: a report field that is misspelt (a `knownbad` fix) would
 * otherwise be ignored without a word. A new field needs a line here, and the committed
 * regressions (test/campaign/regressions.test.ts) fail at once if it is forgotten.
 */
import { InputFileError, MIB, readJsonFile } from '../output/input-file.ts';
import { resolveScenario } from '../scenario/load.ts';
import { ScenarioError } from '../scenario/problems.ts';
import { BUG_REPORT_FORMAT, type BugReport } from './bug-report.ts';
import { XSK_CASE_RUNNER } from './commands/xsk-socket.ts';
import { child, expect, FieldProblem, isCount, isNonEmptyString, isRecord, isString, onlyKeys, optional, record, type JsonRecord } from './json-fields.ts';
import { checkXskCaseInput } from './xsk-case-read.ts';

/** A report is a few hundred KB (the resolved scenario and 64 recent events); 64 MiB is far beyond any. */
export const BUG_REPORT_LIMIT_BYTES = 64 * MIB;
/** Scenarios nest about 6 levels, case inputs 4 and failure details a few more. */
export const BUG_REPORT_MAX_DEPTH = 64;

const WHAT = 'a nicsim bug report (JSON)';
const REPORT_KEYS = ['format', 'nicsim', 'provenance', 'origin', 'scenario', 'case', 'kernels', 'seed', 'checkEveryEvent', 'failure', 'fingerprint', 'events', 'recentEvents', 'replay', 'knownBad'];
const ORIGIN_KEYS = ['by', 'property', 'fcSeed', 'fcPath', 'fcReplayPath', 'counterexample', 'numShrinks'];
const FAILURE_KEYS = ['kind', 'invariant', 'kernelFn', 'simTimeNs', 'eventNumber', 'message', 'details'];

/**
 * The check of each case runner's stored input, by runner name (campaign/cases.ts). A runner
 * without a check here cannot be replayed from a file: the report is refused naming the runner.
 */
const CASE_INPUT_CHECKS: Record<string, (input: unknown, where: string) => void> = {
  [XSK_CASE_RUNNER]: checkXskCaseInput,
};

function checkOrigin(value: unknown): void {
  const o = record(value, '$.origin', 'an object saying where the failure was found ({"by": "run" | "property" | "fuzz", ...})');
  onlyKeys(o, '$.origin', ORIGIN_KEYS);
  expect(['run', 'property', 'fuzz'].includes(o.by as string), '$.origin.by', 'one of "run", "property", "fuzz"', o.by);
  optional(o, 'property', '$.origin', isNonEmptyString, 'a campaign property name');
  optional(o, 'fcSeed', '$.origin', Number.isSafeInteger, "an integer (fast-check's seed)");
  for (const key of ['fcPath', 'fcReplayPath', 'counterexample']) optional(o, key, '$.origin', isString, 'a string');
  optional(o, 'numShrinks', '$.origin', isCount, 'a non-negative integer');
}

function checkFailure(value: unknown): void {
  const f = record(value, '$.failure', 'an object describing the failure (kind, invariant, kernelFn, simTimeNs, eventNumber, message)');
  onlyKeys(f, '$.failure', FAILURE_KEYS);
  expect(['violation', 'liveness', 'property'].includes(f.kind as string), '$.failure.kind', 'one of "violation", "liveness", "property"', f.kind);
  expect(isNonEmptyString(f.invariant), '$.failure.invariant', 'a non-empty string', f.invariant);
  expect(isString(f.kernelFn), '$.failure.kernelFn', 'a string (the mirrored kernel function)', f.kernelFn);
  expect(isCount(f.simTimeNs), '$.failure.simTimeNs', 'a non-negative integer (nanoseconds)', f.simTimeNs);
  expect(isCount(f.eventNumber), '$.failure.eventNumber', 'a non-negative integer', f.eventNumber);
  expect(isString(f.message), '$.failure.message', 'a string', f.message);
  optional(f, 'details', '$.failure', isRecord, 'an object');
}

function checkRecentEvents(value: unknown): void {
  expect(Array.isArray(value), '$.recentEvents', 'an array of events', value);
  (value as unknown[]).forEach((e, i) => {
    const where = child('$.recentEvents', i);
    const event = record(e, where, 'an event (an object with eventNumber, timeNs, seq, kind, a, b)');
    for (const key of ['eventNumber', 'timeNs', 'seq']) expect(isCount(event[key]), child(where, key), 'a non-negative integer', event[key]);
    expect(isString(event.kind), child(where, 'kind'), 'a string', event.kind);
    for (const key of ['a', 'b']) expect(Number.isFinite(event[key]), child(where, key), 'a number', event[key]);
  });
}

/** A scenario's first problem, at its path inside the report (`$.scenario.workloads[0]…`). */
export function scenarioFieldProblem(error: ScenarioError): FieldProblem {
  const [first] = error.problems;
  const more = error.problems.length > 1 ? ` (and ${error.problems.length - 1} more problem${error.problems.length === 2 ? '' : 's'} in $.scenario)` : '';
  return new FieldProblem(first.where.startsWith('$') ? `$.scenario${first.where.slice(1)}` : '$.scenario', `${first.message}${more}`);
}

function checkScenario(value: unknown, file: string): void {
  record(value, '$.scenario', 'a resolved scenario (an object)');
  try {
    resolveScenario(value, file);
  } catch (error) {
    if (error instanceof ScenarioError) throw scenarioFieldProblem(error);
    throw error;
  }
}

/** Throws a FieldProblem (at `where` and below) when the named runner cannot take `input`. */
export function checkCaseInput(runner: string, input: unknown, where: string): void {
  CASE_INPUT_CHECKS[runner](input, where);
}

function checkCase(value: unknown): void {
  const c = record(value, '$.case', 'a case (an object with "runner" and "input")');
  onlyKeys(c, '$.case', ['runner', 'input']);
  const runners = Object.keys(CASE_INPUT_CHECKS);
  expect(Object.hasOwn(CASE_INPUT_CHECKS, c.runner as string), '$.case.runner', `one of ${runners.map((r) => JSON.stringify(r)).join(', ')}`, c.runner);
  checkCaseInput(c.runner as string, c.input, '$.case.input');
}

/** Each edit of the fix is a path of keys and indices; every key but the last must lead to an object or array. */
function checkKnownBad(value: unknown, subject: unknown, subjectPath: string): void {
  const k = record(value, '$.knownBad', 'a known-bad fix (an object with "bug" and "fix")');
  onlyKeys(k, '$.knownBad', ['bug', 'fix']);
  expect(isNonEmptyString(k.bug), '$.knownBad.bug', 'the name of a known-bad variant', k.bug);
  expect(Array.isArray(k.fix) && k.fix.length > 0, '$.knownBad.fix', 'an array of at least 1 edit ({"path": [...], "value": ...})', k.fix);
  (k.fix as unknown[]).forEach((edit, i) => {
    const where = child('$.knownBad.fix', i);
    const e = record(edit, where, 'an edit (an object with "path" and "value")');
    onlyKeys(e, where, ['path', 'value']);
    const path = e.path as unknown[];
    const isKey = (p: unknown) => isNonEmptyString(p) || isCount(p);
    expect(Array.isArray(path) && path.length > 0 && path.every(isKey), child(where, 'path'), 'a non-empty array of keys (strings) and indices (non-negative integers)', e.path);
    expect(e.value !== undefined, child(where, 'value'), 'the value the edit sets (any JSON value)', e.value);
    let node: unknown = subject;
    let at = subjectPath;
    for (const key of path.slice(0, -1) as (string | number)[]) {
      node = typeof node === 'object' && node !== null ? (node as JsonRecord)[key] : undefined;
      at = child(at, key);
      if (typeof node !== 'object' || node === null) {
        throw new FieldProblem(child(where, 'path'), `expected a path into ${subjectPath}, found ${JSON.stringify(path)}, but ${at} is not an object or array`);
      }
    }
  });
}

/** `provenance` (output/provenance.ts), in reports written since it was added. */
function checkProvenance(value: unknown): void {
  const p = record(value, '$.provenance', 'an object with nicsimVersion, gitCommit, node, platform and scenarioSha256');
  onlyKeys(p, '$.provenance', ['nicsimVersion', 'gitCommit', 'node', 'platform', 'scenarioSha256']);
  for (const key of ['nicsimVersion', 'node', 'platform']) expect(isString(p[key]), child('$.provenance', key), 'a string', p[key]);
  expect(p.gitCommit === null || isString(p.gitCommit), '$.provenance.gitCommit', 'a commit hash or null', p.gitCommit);
  expect(typeof p.scenarioSha256 === 'string' && /^[0-9a-f]{64}$/.test(p.scenarioSha256), '$.provenance.scenarioSha256', 'a SHA-256 in hex (64 digits)', p.scenarioSha256);
}

/** `kernels` (issue 14), in reports written since it was added: each a resolved kernel. */
function checkKernels(value: unknown): void {
  expect(Array.isArray(value), '$.kernels', 'an array of resolved kernels', value);
  (value as unknown[]).forEach((k, i) => {
    const where = child('$.kernels', i);
    const kernel = record(k, where, 'a resolved kernel (an object with spec, mainline and changes)');
    onlyKeys(kernel, where, ['spec', 'mainline', 'stable', 'distro', 'note', 'changes']);
    expect(isNonEmptyString(kernel.spec), child(where, 'spec'), 'the kernel spec as text', kernel.spec);
    expect(isNonEmptyString(kernel.mainline), child(where, 'mainline'), "a mainline release ('major.minor')", kernel.mainline);
    for (const key of ['stable', 'distro', 'note']) optional(kernel, key, where, isString, 'a string');
    expect(Array.isArray(kernel.changes), child(where, 'changes'), 'an array of changes ({name, id, in, why})', kernel.changes);
    (kernel.changes as unknown[]).forEach((c, j) => {
      const at = child(child(where, 'changes'), j);
      const change = record(c, at, 'a change (an object with name, id, in and why)');
      onlyKeys(change, at, ['name', 'id', 'in', 'why']);
      for (const key of ['name', 'id', 'why']) expect(isString(change[key]), child(at, key), 'a string', change[key]);
      expect(typeof change.in === 'boolean', child(at, 'in'), 'true or false', change.in);
    });
  });
}

/** Checks a parsed report; throws a FieldProblem at the first field that is wrong. */
function checkReport(value: unknown, file: string): BugReport {
  const r = record(value, '$', `a nicsim bug report (an object with "format": "${BUG_REPORT_FORMAT}")`);
  expect(r.format === BUG_REPORT_FORMAT, '$.format', `a nicsim bug report ("format": "${BUG_REPORT_FORMAT}")`, r.format);
  onlyKeys(r, '$', REPORT_KEYS);
  const n = record(r.nicsim, '$.nicsim', 'an object with the version, gitCommit and node the report was found with');
  onlyKeys(n, '$.nicsim', ['version', 'gitCommit', 'node']);
  for (const key of ['version', 'gitCommit', 'node']) expect(isString(n[key]), child('$.nicsim', key), 'a string', n[key]);
  if (r.provenance !== undefined) checkProvenance(r.provenance);
  if (r.kernels !== undefined) checkKernels(r.kernels);
  checkOrigin(r.origin);
  const hasScenario = r.scenario !== undefined;
  const hasCase = r.case !== undefined;
  if (hasScenario === hasCase) {
    throw new FieldProblem(hasCase ? '$.case' : '$', `expected exactly one of "scenario" (a resolved scenario) and "case" (a case runner and its input), found ${hasCase ? 'both' : 'neither'}`);
  }
  expect(isCount(r.seed), '$.seed', 'a non-negative integer (the root seed of the run)', r.seed);
  expect(typeof r.checkEveryEvent === 'boolean', '$.checkEveryEvent', 'true or false', r.checkEveryEvent);
  checkFailure(r.failure);
  expect(isString(r.fingerprint) && /^[0-9a-f]{16}$/.test(r.fingerprint), '$.fingerprint', 'a trajectory fingerprint (16 hex digits)', r.fingerprint);
  expect(isCount(r.events), '$.events', 'a non-negative integer (events executed)', r.events);
  checkRecentEvents(r.recentEvents);
  expect(isString(r.replay), '$.replay', 'a string (the replay command)', r.replay);
  if (hasScenario) checkScenario(r.scenario, file);
  else checkCase(r.case);
  if (r.knownBad !== undefined) checkKnownBad(r.knownBad, hasScenario ? r.scenario : (r.case as JsonRecord).input, hasScenario ? '$.scenario' : '$.case.input');
  return r as unknown as BugReport;
}

/** Reads and checks a bug report; every problem with the file is an InputFileError (one line). */
export function readBugReport(path: string): BugReport {
  const value = readJsonFile(path, { what: WHAT, maxDepth: BUG_REPORT_MAX_DEPTH, limitBytes: BUG_REPORT_LIMIT_BYTES });
  try {
    return checkReport(value, path);
  } catch (error) {
    if (error instanceof FieldProblem) throw new InputFileError(path, error.where, error.detail);
    throw error;
  }
}
