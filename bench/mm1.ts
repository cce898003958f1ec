/**
 * The M/M/1/K pipeline end to end: scenarios/mm1.json through loadScenarioFile and
 * runScenario (model, engine, drain and checks), in simulated events per second of the
 * chosen clock.
 */
import { loadScenarioFile } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { clockNs, type BenchRow, type BenchSection } from './section.ts';

export const mm1Section: BenchSection = {
  name: 'mm1',
  description: 'scenarios/mm1.json end to end, events per second',
  run({ quick, runs, clock }): BenchRow[] {
    const scenario = loadScenarioFile('scenarios/mm1.json');
    const bounds = quick ? { ...scenario.bounds, simTimeNs: scenario.bounds.simTimeNs / 8 } : scenario.bounds;
    const samples = Array.from({ length: runs }, (_, run) => {
      const start = clockNs(clock);
      const result = runScenario({ ...scenario, bounds }, { seed: run + 1 });
      return result.events / ((clockNs(clock) - start) / 1e9) / 1e6;
    });
    return [{ label: 'M/M/1/K', unit: 'M events/s', samples, targets: [{ kind: 'min', value: 11, source: 'ns-3 M/M/1' }] }];
  },
};
