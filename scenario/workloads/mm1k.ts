/**
 * Workload `mm1k`: one M/M/1/K packet queue (models/queueing/mm1k.ts). Its report sets the
 * measured figures beside the closed-form steady state.
 */
import { Type } from '@sinclair/typebox';
import { createMm1k } from '../../models/queueing/mm1k.ts';
import { mm1kSteadyState } from '../../models/queueing/mm1k-analytic.ts';
import { defineWorkload } from '../workload-module.ts';
import { MAX_RATE_HZ, MIN_RATE_HZ } from '../limits.ts';

// A rate's mean gap 1e9 / rate is drawn in integer ns: MIN_RATE_HZ and MAX_RATE_HZ keep it in [1, 1e12] ns (scenario/limits.ts).
const RateHz = (description: string) => Type.Number({ minimum: MIN_RATE_HZ, maximum: MAX_RATE_HZ, description });

export const mm1kSchema = Type.Object(
  {
    kind: Type.Literal('mm1k'),
    arrivalRateHz: RateHz('Poisson arrival rate, packets per second (mean gap 1e9 / rate ns, from 1 ns to 1e12 ns).'),
    serviceRateHz: RateHz('Exponential service rate, packets per second (mean service time 1e9 / rate ns).'),
    // The queue is a Float64Array of this many admission times: 2^20 is 8 MiB.
    queueCapacity: Type.Integer({ minimum: 1, maximum: 1 << 20, description: 'K: packets in the system, the one in service included.' }),
  },
  { additionalProperties: false, description: 'M/M/1/K queue: Poisson source, bounded FIFO, exponential server.' },
);

export const mm1kWorkload = defineWorkload({
  kind: 'mm1k',
  schema: mm1kSchema,
  modelSlots: (workload) => workload.queueCapacity,
  build({ sim, workload, index }) {
    const queue = createMm1k(sim, {
      name: `queueing.mm1k.w${index}`,
      arrivalRateHz: workload.arrivalRateHz,
      serviceRateHz: workload.serviceRateHz,
      capacity: workload.queueCapacity,
    });
    const analytic = mm1kSteadyState(workload.arrivalRateHz, workload.serviceRateHz, workload.queueCapacity);
    return {
      start: () => queue.start(),
      drain: () => queue.stopArrivals(),
      checkQuiescent: () => queue.checkDrained(),
      metrics() {
        const s = queue.stats();
        return {
          arrivals: s.arrivals,
          served: s.served,
          dropped: s.dropped,
          blockingProbability: s.arrivals > 0 ? s.dropped / s.arrivals : 0,
          meanSojournNs: s.meanSojournNs,
          meanQueueLength: s.meanQueueLength,
          utilization: s.utilization,
        };
      },
      report() {
        const s = queue.stats();
        const row = (label: string, measured: number, expected: number) =>
          `  ${label.padEnd(22)} ${fmt(measured).padStart(12)} ${fmt(expected).padStart(12)}`;
        return [
          `M/M/1/K rho=${fmt(analytic.rho)} K=${workload.queueCapacity}: measured vs steady state`,
          row('mean sojourn (ns)', s.meanSojournNs, analytic.meanSojournNs),
          row('mean in system', s.meanQueueLength, analytic.meanInSystem),
          row('blocking probability', s.arrivals > 0 ? s.dropped / s.arrivals : 0, analytic.blockingProbability),
          row('utilization', s.utilization, analytic.utilization),
        ].join('\n');
      },
    };
  },
});

function fmt(x: number): string {
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(4);
}
