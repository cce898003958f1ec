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
import { resolveScenario } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import type { ResolvedScenario } from '../scenario/schema.ts';
import type { BugReport, KnownBadFix } from './bug-report.ts';
import { caseRunner } from './cases.ts';
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

function rerun(report: BugReport, applyFix: boolean): { result: { fingerprint: string; events: number }; failure: Failure | null } {
  const fix = (subject: unknown) => {
    if (!applyFix) return subject;
    if (report.knownBad === undefined) throw new Error(`replay --fixed: the report records no known-bad fix`);
    return applyKnownBadFix(subject, report.knownBad);
  };
  if (report.case !== undefined) {
    const run = caseRunner(report.case.runner)(fix(report.case.input));
    return { result: run, failure: run.failure };
  }
  const scenario = fix(report.scenario!) as ResolvedScenario;
  // Re-validating catches reports whose scenario no longer matches the schema.
  const resolved = resolveScenario(scenario, `bug report scenario '${scenario.name}'`);
  const property = report.origin.property !== undefined ? findProperty(report.origin.property) : undefined;
  if (property !== undefined && property.evaluate === undefined) return evaluateResolved(property, resolved, report.seed, report.checkEveryEvent);
  const r = runScenario(resolved, { seed: report.seed, checkEveryEvent: report.checkEveryEvent });
  return { result: r, failure: failureOf(r) };
}

export function replayReport(report: BugReport, options: ReplayOptions = {}): ReplayOutcome {
  const { result, failure } = rerun(report, options.applyFix === true);
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
