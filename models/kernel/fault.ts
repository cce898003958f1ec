/**
 * Fault injection at one place where a kernel function can fail (alloc_pages() returning NULL,
 * dma_map_page() returning DMA_MAPPING_ERROR): a random stream, a failure probability, a window
 * of simulated time, and a count of attempts that fail for certain (tests). Every fault point of
 * models/ is one of these, so a new one is a field `fault: createFaultPoint(name, clock)` in the
 * model's record and one line `if (shouldFail(x.fault)) return null;` where the kernel fails. A
 * record may also be a fault point itself, with `...createFaultPoint(name, clock)` among its
 * fields (the MANA RX skb table, whose failProbability and failRng a scenario sets directly).
 *
 * API:
 *   createFaultPoint(name, clock) -> FaultPoint          disarmed: never fails
 *   armFault(point, rng, probability, window?)           fail with `probability` inside the window; 0 disarms
 *   failNext(point, n)                                   the next n attempts fail, without a draw
 *   shouldFail(point, exhausted?) -> boolean             one attempt
 *
 * Draws are part of the trajectory, so the rule is fixed: an attempt takes a pending failNext
 * first, then fails for the caller's own reason (`exhausted`, e.g. a memory limit), and only
 * then draws once from the stream, and only while the probability is above 0 and the window
 * holds the current time; RandomStream.bernoulli() decides a probability of 1 without a draw.
 * The stream is the caller's, created by name where the fault is armed
 * (`sim.rng.stream('mana0.faults')`), so arming one point never shifts the draws of another.
 * A model keeps its own failure counters: what counts as a failure (injected only, or also a
 * limit) is the model's business.
 */
import type { RandomStream, SimClock } from '../../engine/index.ts';

export interface FaultPoint {
  /** The kernel function that fails here ('alloc_pages'), named in errors. */
  readonly faultName: string;
  readonly clock: SimClock;
  failProbability: number;
  failRng: RandomStream | null;
  /** Failures are drawn while failStartNs <= now < failEndNs. */
  failStartNs: number;
  failEndNs: number;
  /** Attempts that fail next, whatever the probability and the window. */
  failNext: number;
}

/** A window of simulated time in integer nanoseconds; no endNs: to the end of the run. */
export interface FaultWindow {
  readonly startNs: number;
  readonly endNs?: number;
}

export function createFaultPoint(name: string, clock: SimClock): FaultPoint {
  return { faultName: name, clock, failProbability: 0, failRng: null, failStartNs: 0, failEndNs: Infinity, failNext: 0 };
}

/** Attempts fail with `probability`, drawn from `rng`, while the window holds (no window: always). Throws RangeError naming the point. */
export function armFault(point: FaultPoint, rng: RandomStream | null, probability: number, window: FaultWindow = { startNs: 0 }): void {
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`${point.faultName} fault: probability must be in [0, 1], found ${probability}`);
  if (probability > 0 && rng === null) throw new RangeError(`${point.faultName} fault: a random stream is needed for a non-zero probability`);
  const endNs = window.endNs ?? Infinity;
  if (!(Number.isSafeInteger(window.startNs) && window.startNs >= 0 && (endNs === Infinity || Number.isSafeInteger(endNs)) && endNs >= window.startNs)) {
    throw new RangeError(`${point.faultName} fault: the window must be integer nanoseconds with 0 <= startNs <= endNs, found ${window.startNs}..${endNs}`);
  }
  point.failRng = rng;
  point.failProbability = probability;
  point.failStartNs = window.startNs;
  point.failEndNs = endNs;
}

/** The next `n` attempts fail without drawing (tests). */
export function failNext(point: FaultPoint, n = 1): void {
  if (!(Number.isSafeInteger(n) && n >= 0)) throw new RangeError(`${point.faultName} fault: failNext count must be a non-negative integer, found ${n}`);
  point.failNext += n;
}

/**
 * One attempt at the point: true when it fails. `exhausted` is the model's own reason to fail
 * (a limit it checks), taken after a pending failNext and before any draw.
 */
export function shouldFail(point: FaultPoint, exhausted = false): boolean {
  if (point.failNext > 0) {
    point.failNext--;
    return true;
  }
  if (exhausted) return true;
  if (!(point.failProbability > 0)) return false;
  const nowNs = point.clock.nowNs;
  if (nowNs < point.failStartNs || nowNs >= point.failEndNs) return false;
  return point.failRng!.bernoulli(point.failProbability);
}
