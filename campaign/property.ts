/**
 * Campaign properties: a generator of scenarios plus the checks every generated run must
 * pass. A case is one generated scenario (its `seed` field is the run's seed). It runs with
 * every invariant checked after every event, faults during the main phase, a fault-free
 * drain, then the models' leak checks (scenario/run.ts); a property may add its own check on
 * the finished run (P2 reallocations, P6 footprint formulas) and a determinism re-run (P7).
 *
 * The same property objects serve the fixed-seed ava suites in properties/, the fuzz
 * campaigns (campaign/fuzz.ts) and `nicsim replay` (which re-applies the property's check),
 * so a failure found anywhere replays the same way.
 */
import fc from 'fast-check';
import { resolveScenario } from '../scenario/load.ts';
import { runScenario, type RunResult } from '../scenario/run.ts';
import type { ResolvedScenario } from '../scenario/schema.ts';
import type { RunRecord } from './bug-report.ts';
import { failureOf, propertyFailure, type Failure } from './failure.ts';

/** A scenario as a file would hold it (defaults may be omitted). */
export type ScenarioFile = Record<string, unknown> & { name: string; seed: number };

export interface CampaignProperty {
  /** Unique, stable name; reports and `--property` refer to it. */
  name: string;
  description: string;
  /** Which of P1..P7 (and which known-bad variants) the property is meant to catch. */
  checks: readonly string[];
  /** Generated scenario files, or case inputs when `evaluate` is given. */
  scenarios(): fc.Arbitrary<unknown>;
  /** For properties that drive a model through its own API: runs one generated case input. */
  evaluate?(input: unknown): CaseOutcome;
  /** An extra check on a finished run that had no violation; null when it holds. */
  check?(result: RunResult): Failure | null;
  /** Coverage labels the run reached ('cq-full', 'tx-busy', ...), counted by campaigns and tests. */
  coverage?(result: RunResult): readonly string[];
  /** Check every invariant after every event (default true). */
  checkEveryEvent?: boolean;
  /** P7: run the case twice and require the same fingerprint (default false). */
  determinism?: boolean;
}

export interface CaseOutcome {
  /** A RunResult for scenario properties; a case run record for `evaluate` properties. */
  result: RunRecord;
  failure: Failure | null;
  coverage: readonly string[];
}

export function resolveCase(property: CampaignProperty, file: ScenarioFile): ResolvedScenario {
  return resolveScenario(file, `property ${property.name}`);
}

/** Runs one resolved case and applies the property's checks. */
export function evaluateResolved(property: CampaignProperty, scenario: ResolvedScenario, seed = scenario.seed, checkEveryEvent = property.checkEveryEvent ?? true): CaseOutcome {
  const result = runScenario(scenario, { seed, checkEveryEvent });
  let failure = failureOf(result);
  if (failure === null && property.check !== undefined) failure = property.check(result);
  if (failure === null && property.determinism === true) {
    const again = runScenario(scenario, { seed, checkEveryEvent: !checkEveryEvent });
    if (again.fingerprint !== result.fingerprint || again.events !== result.events) {
      failure = propertyFailure(result, 'Simulator.run', 'P7-determinism', `the same scenario and seed gave fingerprints ${result.fingerprint} (${result.events} events) and ${again.fingerprint} (${again.events} events)`);
    }
  }
  const coverage = failure === null ? (property.coverage?.(result) ?? []) : [];
  return { result, failure, coverage };
}

export function evaluateCase(property: CampaignProperty, value: unknown): CaseOutcome {
  if (property.evaluate !== undefined) return property.evaluate(value);
  return evaluateResolved(property, resolveCase(property, value as ScenarioFile));
}

/** Thrown inside the fast-check predicate so the shrunk case's outcome reaches the caller. */
export class CaseFailed extends Error {
  readonly outcome: CaseOutcome;
  constructor(outcome: CaseOutcome) {
    const f = outcome.failure!;
    super(`${f.invariant} in ${f.kernelFn} at t=${f.simTimeNs}ns, event #${f.eventNumber}: ${f.message}`);
    this.name = 'CaseFailed';
    this.outcome = outcome;
  }
}

export interface CheckOptions {
  seed: number;
  numRuns: number;
  /** fast-check replay of one counterexample. */
  path?: string;
  endOnFailure?: boolean;
  /** Stop generating and shrinking after this much wall time (fuzz deadlines); the run so far counts. */
  timeLimitMs?: number;
  /** Called after each case (campaign progress); must not throw. */
  onCase?: (outcome: CaseOutcome) => void;
}

export interface PropertyRun {
  property: string;
  /** Cases run (fast-check's numRuns: successful cases plus the first failing one). */
  runs: number;
  coverage: Record<string, number>;
  details: fc.RunDetails<[unknown]>;
  /** The shrunk failing case, when the property failed. */
  failed?: { outcome: CaseOutcome; fcSeed: number; fcPath: string; counterexample: string; numShrinks: number };
}

/** Runs a property under fast-check with a fixed seed and collects coverage labels. */
export function checkProperty(property: CampaignProperty, options: CheckOptions): PropertyRun {
  const coverage: Record<string, number> = {};
  let shrinking = false;
  const predicate = fc.property(property.scenarios(), (file) => {
    const outcome = evaluateCase(property, file);
    if (!shrinking) {
      for (const label of outcome.coverage) coverage[label] = (coverage[label] ?? 0) + 1;
      options.onCase?.(outcome);
    }
    if (outcome.failure !== null) {
      shrinking = true;
      throw new CaseFailed(outcome);
    }
  });
  const params: fc.Parameters<[unknown]> = { seed: options.seed, numRuns: options.numRuns };
  if (options.path !== undefined) params.path = options.path;
  if (options.endOnFailure !== undefined) params.endOnFailure = options.endOnFailure;
  if (options.timeLimitMs !== undefined) params.interruptAfterTimeLimit = Math.max(1, Math.floor(options.timeLimitMs));
  const details = fc.check(predicate, params);
  const run: PropertyRun = { property: property.name, runs: details.numRuns, coverage, details };
  if (details.failed) {
    const error = details.errorInstance;
    if (!(error instanceof CaseFailed)) throw error instanceof Error ? error : new Error(String(error));
    run.failed = {
      outcome: error.outcome,
      fcSeed: details.seed,
      fcPath: details.counterexamplePath ?? '',
      counterexample: fc.stringify(details.counterexample),
      numShrinks: details.numShrinks,
    };
  }
  return run;
}
