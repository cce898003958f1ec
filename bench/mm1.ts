/**
 * The M/M/1/K pipeline end to end: scenarios/mm1.json through loadScenarioFile and
 * runScenario (model, engine, drain and checks), in simulated events per second of the
 * chosen clock.
 */
import { loadScenarioFile } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { ISSUE2_NS3, MEAN_INCREMENT_NS } from './hold.ts';
import { machineSlowdown } from './reference-heap.ts';
import { clockNs, type BenchRow, type BenchSection } from './section.ts';

export const mm1Section: BenchSection = {
  name: 'mm1',
  description: 'scenarios/mm1.json end to end, events per second; "@ref" scales each run by the 4-ary heap yardstick at 1e3 run right after it',
  run({ quick, runs, clock }): BenchRow[] {
    const scenario = loadScenarioFile('scenarios/mm1.json');
    const bounds = quick ? { ...scenario.bounds, simTimeNs: scenario.bounds.simTimeNs / 8 } : scenario.bounds;
    const samples: number[] = [];
    const scaled: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = clockNs(clock);
      const result = runScenario({ ...scenario, bounds }, { seed: run + 1 });
      const rate = result.events / ((clockNs(clock) - start) / 1e9) / 1e6;
      samples.push(rate);
      scaled.push(rate * machineSlowdown(1e3, quick ? 200_000 : 2_000_000, run + 1, clock, MEAN_INCREMENT_NS));
    }
    const targets = [{ kind: 'min' as const, value: ISSUE2_NS3.mm1MEventsPerS, source: 'ns-3 M/M/1' }];
    return [
      { label: 'M/M/1/K', unit: 'M events/s', samples, targets },
      { label: 'M/M/1/K @ref', unit: 'M events/s', samples: scaled, targets },
    ];
  },
};
