/**
 * Open-loop frame arrivals for an RX queue: fixed-rate (constant gaps) or bursty (bursts of
 * back-to-back frames at the link rate, separated by exponential idle gaps chosen so the
 * long-run rate is the configured one), with frame sizes from a fixed value or an empirical
 * distribution. Randomness comes from named streams only.
 */
import type { EmpiricalDistribution, RandomStream } from '../../engine/rng.ts';

export interface ArrivalProcess {
  readonly kind: 'fixed' | 'bursty';
  /** Long-run offered load in bits per second (wire bits of the frames, no preamble/IFG). */
  readonly rateBitsPerSec: number;
  readonly linkBitsPerSec: number;
  readonly burstFrames: number;
  readonly sizes: EmpiricalDistribution | null;
  readonly fixedFrameBytes: number;
  readonly rng: RandomStream;
  /** Frames left in the current burst. */
  burstLeft: number;
  /** Size of the frame the next nextGapNs() call spaces for. */
  nextFrameBytes: number;
}

export interface ArrivalConfig {
  kind: 'fixed' | 'bursty';
  rateBitsPerSec: number;
  linkBitsPerSec: number;
  burstFrames?: number;
  /** Either one frame size or a distribution over sizes. */
  frameBytes?: number;
  sizes?: EmpiricalDistribution;
}

export function createArrivals(config: ArrivalConfig, rng: RandomStream): ArrivalProcess {
  if (!(config.rateBitsPerSec > 0 && config.rateBitsPerSec <= config.linkBitsPerSec)) {
    throw new RangeError(`createArrivals: rateBitsPerSec ${config.rateBitsPerSec} must be in (0, link ${config.linkBitsPerSec}]`);
  }
  const burstFrames = config.burstFrames ?? 1;
  if (!(Number.isSafeInteger(burstFrames) && burstFrames >= 1)) throw new RangeError(`createArrivals: burstFrames ${burstFrames} must be a positive integer`);
  const sizes = config.sizes ?? null;
  const fixedFrameBytes = config.frameBytes ?? 0;
  if (sizes === null && !(fixedFrameBytes >= 60)) throw new RangeError(`createArrivals: frameBytes ${fixedFrameBytes} must be at least 60 when no size distribution is given`);
  const a: ArrivalProcess = { kind: config.kind, rateBitsPerSec: config.rateBitsPerSec, linkBitsPerSec: config.linkBitsPerSec, burstFrames, sizes, fixedFrameBytes, rng, burstLeft: burstFrames, nextFrameBytes: 0 };
  a.nextFrameBytes = drawFrameBytes(a);
  return a;
}

function drawFrameBytes(a: ArrivalProcess): number {
  return a.sizes === null ? a.fixedFrameBytes : a.rng.pick(a.sizes);
}

/** Serialisation time of a frame on a link, at least 1 ns. */
export function wireTimeNs(frameBytes: number, bitsPerSec: number): number {
  return Math.max(1, Math.round((frameBytes * 8 * 1e9) / bitsPerSec));
}

/**
 * Takes the next frame: returns its size and leaves in `nextGapNs` the time until the frame
 * after it. Fixed: gap = size / rate. Bursty: within a burst gap = size / link; after the
 * burst an exponential idle gap whose mean keeps the long-run rate.
 */
export function takeArrival(a: ArrivalProcess): number {
  const size = a.nextFrameBytes;
  a.nextFrameBytes = drawFrameBytes(a);
  return size;
}

export function nextGapNs(a: ArrivalProcess, sentFrameBytes: number): number {
  if (a.kind === 'fixed') return wireTimeNs(sentFrameBytes, a.rateBitsPerSec);
  const onWire = wireTimeNs(sentFrameBytes, a.linkBitsPerSec);
  a.burstLeft--;
  if (a.burstLeft > 0) return onWire;
  a.burstLeft = a.burstFrames;
  // Mean period per frame at the target rate minus the time on the wire, for the whole burst.
  const idleMeanNs = a.burstFrames * (wireTimeNs(sentFrameBytes, a.rateBitsPerSec) - onWire);
  return onWire + (idleMeanNs > 0 ? a.rng.exponentialNs(idleMeanNs) : 0);
}
