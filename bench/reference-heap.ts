/**
 * The yardstick issue 2 names: "a plain typed-array 4-ary heap in Node reaches 123 / 207 /
 * 409 ns" per hold at 1e3 / 1e5 / 1e6 pending events on the machine where the ns-3 targets
 * were measured. Running the same plain heap here tells how fast this machine is compared
 * with that one, so a figure measured here can be scaled to it: a slower CPU or a noisy
 * neighbour slows both the yardstick and nicsim.
 *
 * It is deliberately plain: keys in one Float64Array, (time, seq) order, a 4-ary sift, no
 * payload, no fingerprint, no recent-event ring; increments come from the same seeded
 * exponential stream as the nicsim hold model, so both pay the same for randomness.
 */
import { RandomStream } from '../engine/index.ts';
import { clockNs, warmupHolds, type BenchClock } from './section.ts';

/** The figures for this heap on the reference machine, ns per hold. */
export const REFERENCE_MACHINE_NS: Readonly<Record<number, number>> = { 1e3: 123, 1e5: 207, 1e6: 409 };

export function referenceHoldNsPerEvent(pending: number, holds: number, seed: number, clock: BenchClock, meanIncrementNs: number): number {
  const times = new Float64Array(pending + 1);
  const seqs = new Float64Array(pending + 1);
  const increments = new RandomStream(seed, 'bench.hold.increment');
  let size = 0;
  let nextSeq = 0;

  const push = (time: number): void => {
    const seq = nextSeq++;
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      if (times[parent] < time || (times[parent] === time && seqs[parent] < seq)) break;
      times[i] = times[parent];
      seqs[i] = seqs[parent];
      i = parent;
    }
    times[i] = time;
    seqs[i] = seq;
  };

  const pop = (): number => {
    const top = times[0];
    size--;
    const time = times[size];
    const seq = seqs[size];
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      let min = first;
      const end = Math.min(first + 4, size);
      for (let c = first + 1; c < end; c++) {
        if (times[c] < times[min] || (times[c] === times[min] && seqs[c] < seqs[min])) min = c;
      }
      if (times[min] > time || (times[min] === time && seqs[min] > seq)) break;
      times[i] = times[min];
      seqs[i] = seqs[min];
      i = min;
    }
    times[i] = time;
    seqs[i] = seq;
    return top;
  };

  const hold = (count: number): void => {
    for (let k = 0; k < count; k++) {
      const now = pop();
      push(now + increments.exponentialNs(meanIncrementNs));
    }
  };

  for (let k = 0; k < pending; k++) push(increments.exponentialNs(meanIncrementNs));
  hold(warmupHolds(pending));
  const start = clockNs(clock);
  hold(holds);
  const elapsedNs = clockNs(clock) - start;
  if (size !== pending) throw new Error(`reference heap: expected ${pending} pending, found ${size}`);
  return elapsedNs / holds;
}

/**
 * How much slower than the reference machine this one is right now, from one run of the
 * yardstick at `pending` events: 1.0 there, 2.0 on a machine taking twice as long.
 */
export function machineSlowdown(pending: number, holds: number, seed: number, clock: BenchClock, meanIncrementNs: number): number {
  return referenceHoldNsPerEvent(pending, holds, seed, clock, meanIncrementNs) / REFERENCE_MACHINE_NS[pending];
}
