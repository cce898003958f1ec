/**
 * The classic hold model (Vaucher and Duval 1975; ns-3's bench-scheduler): keep N events
 * pending; each hold pops the earliest and schedules one new event at now + an exponential
 * increment drawn from an engine random stream. Runs through the real Simulator, so each
 * hold includes the handler call, the fingerprint mix and the recent-event ring.
 * Reports ns per hold (wall or CPU clock) after a warm-up (see warmupHolds).
 */
import { Simulator } from '../engine/index.ts';
import { machineSlowdown, REFERENCE_MACHINE_NS } from './reference-heap.ts';
import { clockNs, warmupHolds, type BenchClock, type BenchRow, type BenchSection, type BenchTarget } from './section.ts';

export const MEAN_INCREMENT_NS = 1_000_000;

/**
 * Issue 2's ns-3 figures, measured on its reference machine: ns per hold for ns-3's fastest
 * binary heap (PriorityQueueScheduler, by the measurements of bench/ns3.ts) and for
 * MapScheduler at 1e6, and M/M/1 events per second. The hold, mm1 and ns3 sections quote them.
 */
export const ISSUE2_NS3 = {
  binaryHeapNs: { 1e3: 142, 1e5: 268, 1e6: 463 } as Readonly<Record<number, number>>,
  mapNsAt1e6: 1964,
  mm1MEventsPerS: 11,
};

const CASES = [1e3, 1e5, 1e6].map((pending) => ({
  pending,
  ns3BinaryHeapNs: ISSUE2_NS3.binaryHeapNs[pending],
  ns3MapNs: pending === 1e6 ? ISSUE2_NS3.mapNsAt1e6 : undefined,
}));

export function holdNsPerEvent(pending: number, holds: number, seed = 1, clock: BenchClock = 'wall'): number {
  const sim = new Simulator({ seed });
  const increments = sim.rng.stream('bench.hold.increment');
  const HOLD = sim.register('bench.hold', () => {
    sim.schedule(increments.exponentialNs(MEAN_INCREMENT_NS), HOLD);
  });
  for (let i = 0; i < pending; i++) sim.schedule(increments.exponentialNs(MEAN_INCREMENT_NS), HOLD);
  sim.run({ maxEvents: warmupHolds(pending) });
  const start = clockNs(clock);
  const outcome = sim.run({ maxEvents: sim.eventNumber + holds });
  const elapsedNs = clockNs(clock) - start;
  if (outcome.status !== 'event-limit' || sim.pendingEvents !== pending) {
    throw new Error(`hold model: expected ${pending} events pending after the run, found ${sim.pendingEvents} (${outcome.status})`);
  }
  return elapsedNs / holds;
}

export const holdSection: BenchSection = {
  name: 'hold',
  description: 'hold model through the Simulator (fingerprinting on), ns per hold; each run is paired with the plain 4-ary heap of bench/reference-heap.ts, and "@ref" scales the pair to the machine the targets were measured on',
  run({ quick, runs, clock }): BenchRow[] {
    const holds = quick ? 200_000 : 2_000_000;
    return CASES.flatMap(({ pending, ns3BinaryHeapNs, ns3MapNs }) => {
      const targets: BenchTarget[] = [
        { kind: 'max', value: ns3BinaryHeapNs, source: 'ns-3 binary heap, as quoted' },
        ...(ns3MapNs !== undefined ? [{ kind: 'max' as const, value: ns3MapNs / 4, source: `4x faster than ns-3 MapScheduler (${ns3MapNs} ns)` }] : []),
      ];
      const measured: number[] = [];
      const slowdown: number[] = [];
      for (let run = 0; run < runs; run++) {
        measured.push(holdNsPerEvent(pending, holds, run + 1, clock));
        slowdown.push(machineSlowdown(pending, holds, run + 1, clock, MEAN_INCREMENT_NS));
      }
      const label = `N=1e${Math.log10(pending)}`;
      return [
        { label, unit: 'ns/hold', samples: measured, targets },
        {
          label: `${label} 4-ary`,
          unit: 'ns/hold',
          samples: slowdown.map((f) => f * REFERENCE_MACHINE_NS[pending]),
          targets: [],
          note: `plain 4-ary heap; ${REFERENCE_MACHINE_NS[pending]} ns on the reference machine`,
        },
        { label: `${label} @ref`, unit: 'ns/hold', samples: measured.map((ns, i) => ns / slowdown[i]), targets },
      ];
    });
  },
};
