/**
 * Properties of the M/M/1/K queue workload, the engine's first model: conservation holds at
 * every event, the queue drains to empty once the source stops, and a scenario replays to the
 * same fingerprint (P7). It also exercises the campaign machinery on a model that is always
 * there.
 */
import fc from 'fast-check';
import type { CampaignProperty, ScenarioFile } from '../property.ts';
import { propertyFailure } from '../failure.ts';

function mm1kScenarios(): fc.Arbitrary<ScenarioFile> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      arrivalRateHz: fc.integer({ min: 10_000, max: 2_000_000 }),
      serviceRateHz: fc.integer({ min: 10_000, max: 2_000_000 }),
      queueCapacity: fc.integer({ min: 1, max: 64 }),
      simTimeNs: fc.integer({ min: 10_000, max: 2_000_000 }),
    })
    .map(({ seed, simTimeNs, ...workload }) => ({
      name: 'prop-mm1k',
      seed,
      bounds: { simTimeNs, maxEvents: 1_000_000, drainTimeNs: 10_000_000_000 },
      workloads: [{ kind: 'mm1k', ...workload }],
    }));
}

export const mm1kConservation: CampaignProperty = {
  name: 'mm1k.conservation',
  description: 'M/M/1/K: arrivals = served + dropped + queued at every event, empty after the drain, same fingerprint twice (P7).',
  checks: ['P7'],
  scenarios: mm1kScenarios,
  determinism: true,
  check(result) {
    const arrivals = result.metrics['mm1k.arrivals'] as number;
    const served = result.metrics['mm1k.served'] as number;
    const dropped = result.metrics['mm1k.dropped'] as number;
    if (arrivals !== served + dropped) {
      return propertyFailure(result, 'mm1k.drain', 'mm1k-all-served-after-drain', `arrivals ${arrivals} != served ${served} + dropped ${dropped} after the drain`);
    }
    return null;
  },
  coverage(result) {
    const labels: string[] = [];
    if ((result.metrics['mm1k.dropped'] as number) > 0) labels.push('queue-full-drop');
    if ((result.metrics['mm1k.arrivals'] as number) === 0) labels.push('no-arrival');
    return labels;
  },
};
