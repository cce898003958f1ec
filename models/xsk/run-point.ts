/**
 * Runs one xdpsock configuration on a fresh Simulator and returns its metrics: the unit the
 * calibration, the benchmark and the tests use. Pure: the result depends only on the config.
 */
import { Simulator } from '../../engine/index.ts';
import { createXdpsock, xdpsockMetrics, type XdpsockConfig, type XdpsockMetrics, type XdpsockModel } from './xdpsock.ts';

export interface PointResult {
  metrics: XdpsockMetrics;
  model: XdpsockModel;
  events: number;
}

export function runXdpsockPoint(cfg: XdpsockConfig, simTimeNs: number, seed = 1): PointResult {
  const sim = new Simulator({ seed });
  const model = createXdpsock(sim, { warmupNs: Math.floor(simTimeNs / 10), ...cfg });
  sim.run({ untilNs: simTimeNs, maxEvents: 2 ** 31 - 1 });
  return { metrics: xdpsockMetrics(model), model, events: sim.eventNumber };
}
