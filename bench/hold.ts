/**
 * The classic hold model (Vaucher and Duval 1975; ns-3's bench-scheduler): keep N events
 * pending; each hold pops the earliest and schedules one new event at now + an exponential
 * increment drawn from an engine random stream. Runs through the real Simulator, so each
 * hold includes the handler call, the fingerprint mix and the recent-event ring.
 * Reports ns per hold (wall or CPU clock) after a warm-up of N holds (at most 1e6).
 */
import { Simulator } from '../engine/index.ts';
import { clockNs, type BenchClock, type BenchRow, type BenchSection } from './section.ts';

const MEAN_INCREMENT_NS = 1_000_000;

/** ns-3 figures on the reference machine: HeapScheduler, and MapScheduler at 1e6. */
const CASES = [
  { pending: 1e3, ns3HeapNs: 142 },
  { pending: 1e5, ns3HeapNs: 268 },
  { pending: 1e6, ns3HeapNs: 463, ns3MapNs: 1964 },
];

export function holdNsPerEvent(pending: number, holds: number, seed = 1, clock: BenchClock = 'wall'): number {
  const sim = new Simulator({ seed });
  const increments = sim.rng.stream('bench.hold.increment');
  const HOLD = sim.register('bench.hold', () => {
    sim.schedule(increments.exponentialNs(MEAN_INCREMENT_NS), HOLD);
  });
  for (let i = 0; i < pending; i++) sim.schedule(increments.exponentialNs(MEAN_INCREMENT_NS), HOLD);
  sim.run({ maxEvents: Math.min(pending, 1_000_000) });
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
  description: 'hold model through the Simulator (fingerprinting on), ns per hold',
  run({ quick, runs, clock }): BenchRow[] {
    const holds = quick ? 200_000 : 2_000_000;
    return CASES.map(({ pending, ns3HeapNs, ns3MapNs }) => ({
      label: `N=1e${Math.log10(pending)}`,
      unit: 'ns/hold',
      samples: Array.from({ length: runs }, (_, run) => holdNsPerEvent(pending, holds, run + 1, clock)),
      targets: [
        { kind: 'max', value: ns3HeapNs, source: 'ns-3 HeapScheduler' },
        ...(ns3MapNs !== undefined ? [{ kind: 'max' as const, value: ns3MapNs / 4, source: `4x faster than ns-3 MapScheduler (${ns3MapNs} ns)` }] : []),
      ],
    }));
  },
};
