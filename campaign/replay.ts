/**
 * Replaying a bug report: re-run its resolved scenario at its seed (re-applying its property's
 * check when it came from a property), or re-execute its command-sequence case with the named
 * case runner, and compare with what the report recorded.
 *
 *   REPRODUCED  the same invariant in the same kernel function at the same event, with the same
 *               trajectory fingerprint (exit 1, the failure is still there);
 *   FIXED       the run passes (exit 0);
 *   DIVERGED    it fails differently, or the same failure arrives by a different trajectory
 *               (exit 3: the model changed under the report, or the run is not deterministic).
 */
import { InputFileError } from '../output/input-file.ts';
import { resolveScenario } from '../scenario/load.ts';
import { ScenarioError } from '../scenario/problems.ts';
import { completeSteps, runScenarioSteps } from '../scenario/run.ts';
import type { ResolvedScenario } from '../scenario/schema.ts';
import type { BugReport, KnownBadFix } from './bug-report.ts';
import { checkCaseInput, scenarioFieldProblem } from './bug-report-read.ts';
import { caseRunner } from './cases.ts';
import { FieldProblem } from './json-fields.ts';
import { describeFailure, failureOf, sameOccurrence, type Failure } from './failure.ts';
import './commands/xsk-socket.ts';
import { evaluateResolved } from './property.ts';
import { findProperty } from './suites/index.ts';

export type Verdict = 'REPRODUCED' | 'FIXED' | 'DIVERGED';

export const VERDICT_EXIT: Record<Verdict, number> = { REPRODUCED: 1, FIXED: 0, DIVERGED: 3 };

export interface ReplayOutcome {
  verdict: Verdict;
  failure: Failure | null;
  fingerprint: string;
  events: number;
  /** One line saying why this verdict. */
  explanation: string;
}

export interface ReplayOptions {
  /** Apply the report's known-bad fix (turn the bug off) before replaying. */
  applyFix?: boolean;
  /** The report's file, named in the errors about what it holds (default "bug report"). */
  file?: string;
}

/** Where a report came from, as the end of a sentence: "`nicsim run`", "property P". */
function originText(report: BugReport): string {
  const property = report.origin.property !== undefined ? `property ${report.origin.property}` : 'a property';
  if (report.origin.by === 'run') return '`nicsim run`';
  return report.origin.by === 'fuzz' ? `a fuzz campaign (${property})` : property;
}

/**
 * The refusal of `replay --fixed` for a report with nothing to fix: only reports of known-bad
 * variants (regressions/*.json) carry the edits that turn their bug off. A `nicsim run`, fuzz
 * or property failure is a bug nobody has fixed yet, so there is no edit to apply.
 */
export function noKnownBadFixMessage(report: BugReport): string {
  return `--fixed needs a report of a known-bad variant (one with a "knownBad" fix, as npm run campaign:known-bad writes into regressions/), but this report came from ${originText(report)} and has none; replay it without --fixed`;
}

/** The report's scenario (or case input) with its known-bad fix applied: every edit sets one path. */
export function applyKnownBadFix<T>(subject: T, knownBad: KnownBadFix): T {
  const copy = structuredClone(subject) as unknown as Record<string | number, unknown>;
  for (const { path, value } of knownBad.fix) {
    if (path.length === 0) throw new Error(`applyKnownBadFix(${knownBad.bug}): empty path`);
    let node: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null) throw new Error(`applyKnownBadFix(${knownBad.bug}): no object at ${path.join('.')}`);
      node = next as Record<string | number, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return copy as unknown as T;
}

/** The scenario to run: the report's, re-validated, with its problems at their path in the report. */
function reportScenario(scenario: ResolvedScenario, file: string, fixed: boolean): ResolvedScenario {
  try {
    return resolveScenario(scenario, file);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    const problem = scenarioFieldProblem(error);
    throw new InputFileError(file, problem.where, `${problem.detail}${fixed ? ' (after applying $.knownBad.fix)' : ''}`);
  }
}

function* rerun(report: BugReport, applyFix: boolean, file: string): Generator<void, { result: { fingerprint: string; events: number }; failure: Failure | null }, void> {
  if (applyFix && report.knownBad === undefined) throw new InputFileError(file, undefined, noKnownBadFixMessage(report));
  const fix = (subject: unknown) => (applyFix ? applyKnownBadFix(subject, report.knownBad!) : subject);
  const property = report.origin.property !== undefined ? findProperty(report.origin.property) : undefined;
  if (report.origin.property !== undefined && property === undefined) {
    throw new InputFileError(file, '$.origin.property', `expected a campaign property (nicsim fuzz --list shows them), found ${JSON.stringify(report.origin.property)}`);
  }
  if (report.case !== undefined) {
    const input = fix(report.case.input);
    if (applyFix) {
      try {
        checkCaseInput(report.case.runner, input, '$.case.input');
      } catch (error) {
        if (error instanceof FieldProblem) throw new InputFileError(file, error.where, `${error.detail} (after applying $.knownBad.fix)`);
        throw error;
      }
    }
    const run = caseRunner(report.case.runner)(input);
    return { result: run, failure: run.failure };
  }
  // Re-validating catches reports whose scenario no longer matches the schema.
  const resolved = reportScenario(fix(report.scenario!) as ResolvedScenario, file, applyFix);
  if (property !== undefined && property.evaluate === undefined) return evaluateResolved(property, resolved, report.seed, report.checkEveryEvent);
  const r = yield* runScenarioSteps(resolved, { seed: report.seed, checkEveryEvent: report.checkEveryEvent });
  return { result: r, failure: failureOf(r) };
}

export function replayReport(report: BugReport, options: ReplayOptions = {}): ReplayOutcome {
  return completeSteps(replaySteps(report, options));
}

/** The same replay as a generator that yields between slices of the run (see runScenarioSteps). */
export function* replaySteps(report: BugReport, options: ReplayOptions = {}): Generator<void, ReplayOutcome, void> {
  const { result, failure } = yield* rerun(report, options.applyFix === true, options.file ?? 'bug report');
  const base = { failure, fingerprint: result.fingerprint, events: result.events };
  if (failure === null) return { ...base, verdict: 'FIXED', explanation: `no failure in ${result.events} events (fingerprint ${result.fingerprint})` };
  if (!sameOccurrence(failure, report.failure)) {
    return { ...base, verdict: 'DIVERGED', explanation: `expected ${describeFailure(report.failure)}; found ${describeFailure(failure)}` };
  }
  if (result.fingerprint !== report.fingerprint) {
    return {
      ...base,
      verdict: 'DIVERGED',
      explanation: `same failure (${failure.invariant} at event #${failure.eventNumber}) but the trajectory differs: fingerprint ${result.fingerprint}, report has ${report.fingerprint}`,
    };
  }
  return { ...base, verdict: 'REPRODUCED', explanation: describeFailure(failure) };
}
