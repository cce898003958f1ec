/**
 * What failed, in one record shared by bug reports, replay and campaigns: an invariant the
 * models assert (a Violation), a liveness bound, or a property's own check on the finished run
 * (e.g. "no skb head was reallocated"). Two failures are the same bug when invariant and
 * kernelFn match; they are the same *occurrence* when the event number matches too.
 */
import type { RunResult } from '../scenario/run.ts';

export type FailureKind = 'violation' | 'liveness' | 'property';

export interface Failure {
  kind: FailureKind;
  invariant: string;
  /** The kernel function the model was mirroring (for property checks: where the breach shows). */
  kernelFn: string;
  simTimeNs: number;
  eventNumber: number;
  message: string;
  details?: Record<string, unknown>;
}

/** The run's own failure: its Violation, or its liveness breach; null when it passed. */
export function failureOf(result: RunResult): Failure | null {
  const v = result.violation;
  if (v !== undefined) {
    return {
      kind: 'violation',
      invariant: v.invariant as string,
      kernelFn: v.kernelFn as string,
      simTimeNs: v.simTimeNs as number,
      eventNumber: v.eventNumber as number,
      message: v.message as string,
      details: (v.details ?? {}) as Record<string, unknown>,
    };
  }
  if (result.liveness !== undefined) {
    return { kind: 'liveness', invariant: 'liveness', kernelFn: 'scenario.bounds', simTimeNs: result.simTimeNs, eventNumber: result.events, message: result.liveness };
  }
  return null;
}

/** A failure found by a property's check after the run (dated at the run's last event). */
export function propertyFailure(result: RunResult, kernelFn: string, invariant: string, message: string, details?: Record<string, unknown>): Failure {
  const f: Failure = { kind: 'property', invariant, kernelFn, simTimeNs: result.simTimeNs, eventNumber: result.events, message };
  if (details !== undefined) f.details = details;
  return f;
}

/** Campaigns keep one report per distinct bug. */
export function dedupeKey(f: Pick<Failure, 'invariant' | 'kernelFn'>): string {
  return `${f.invariant} @ ${f.kernelFn}`;
}

export function sameOccurrence(a: Failure, b: Failure): boolean {
  return a.invariant === b.invariant && a.kernelFn === b.kernelFn && a.eventNumber === b.eventNumber;
}

export function describeFailure(f: Failure): string {
  return `${f.invariant} in ${f.kernelFn} at t=${f.simTimeNs}ns, event #${f.eventNumber}: ${f.message}`;
}

/** Thrown by a property's own check inside a model-driving case (not a model's Violation). */
export class PropertyBreach extends Error {
  readonly invariant: string;
  readonly kernelFn: string;
  constructor(invariant: string, kernelFn: string, message: string) {
    super(`${invariant}: ${message}`);
    this.name = 'PropertyBreach';
    this.invariant = invariant;
    this.kernelFn = kernelFn;
  }
}
