/**
 * Invariant violations, reported the way a kernel splat reads: what broke, where in
 * simulated time, at which event, and which kernel function the model was mirroring.
 *
 * Models assert with `violate()` on the failing branch only, so the hot path pays for a
 * comparison and nothing else (no message strings are built unless the check fails).
 */

/** What a model needs to locate a violation: the engine's clock and event counter. */
export interface SimClock {
  /** Simulated time of the event being executed, in integer nanoseconds. */
  readonly nowNs: number;
  /** 1-based number of the event being executed (0 before the first event). */
  readonly eventNumber: number;
}

export class Violation extends Error {
  readonly simTimeNs: number;
  readonly eventNumber: number;
  readonly kernelFn: string;
  readonly invariant: string;
  readonly details: Record<string, unknown>;

  constructor(
    clock: SimClock,
    kernelFn: string,
    invariant: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(`${invariant}: ${message} [in ${kernelFn} at t=${clock.nowNs}ns, event #${clock.eventNumber}]`);
    this.name = 'Violation';
    this.simTimeNs = clock.nowNs;
    this.eventNumber = clock.eventNumber;
    this.kernelFn = kernelFn;
    this.invariant = invariant;
    this.details = details;
  }

  toJSON(): Record<string, unknown> {
    return {
      invariant: this.invariant,
      kernelFn: this.kernelFn,
      simTimeNs: this.simTimeNs,
      eventNumber: this.eventNumber,
      message: this.message,
      details: this.details,
    };
  }
}

/** Throws a Violation. Call it only on the failing branch of a check. */
export function violate(
  clock: SimClock,
  kernelFn: string,
  invariant: string,
  message: string,
  details?: Record<string, unknown>,
): never {
  throw new Violation(clock, kernelFn, invariant, message, details);
}

/** A clock for code running outside a simulation (unit tests of a single model function). */
export const DETACHED_CLOCK: SimClock = Object.freeze({ nowNs: 0, eventNumber: 0 });
