/**
 * Case runners: properties that drive a model through its own API (command sequences) record
 * their failing case as data, and a runner named here re-executes that data deterministically
 * for `nicsim replay`. A runner returns the same record a scenario run gives a bug report.
 */
import type { RecordedEvent } from '../engine/index.ts';
import type { CaseInput } from './bug-report.ts';
import type { Failure } from './failure.ts';

export interface CaseRun {
  seed: number;
  fingerprint: string;
  events: number;
  simTimeNs: number;
  recentEvents: RecordedEvent[];
  caseInput: CaseInput;
  failure: Failure | null;
  /** Coverage labels the case reached (when it passed). */
  coverage: string[];
}

export type CaseRunner = (input: unknown) => CaseRun;

const RUNNERS = new Map<string, CaseRunner>();

export function registerCaseRunner(name: string, runner: CaseRunner): void {
  RUNNERS.set(name, runner);
}

export function caseRunner(name: string): CaseRunner {
  const runner = RUNNERS.get(name);
  if (runner === undefined) throw new Error(`no case runner named '${name}' (known: ${[...RUNNERS.keys()].join(', ')})`);
  return runner;
}
