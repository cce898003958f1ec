import test from 'ava';
import fc from 'fast-check';
import { Simulator } from '../../../engine/index.ts';
import { createMm1k, type Mm1kConfig } from '../../../models/queueing/mm1k.ts';
import { mm1kSteadyState } from '../../../models/queueing/mm1k-analytic.ts';

function simulate(config: Omit<Mm1kConfig, 'name'>, simTimeNs: number, seed = 1) {
  const sim = new Simulator({ seed });
  const queue = createMm1k(sim, { name: 'q', ...config });
  queue.start();
  sim.run({ untilNs: simTimeNs });
  return { sim, queue };
}

test('at rho = 0.9, K = 10 the measured figures match the M/M/1/K steady state', (t) => {
  const config = { arrivalRateHz: 1e6, serviceRateHz: 1e6 / 0.9, capacity: 10 };
  const { queue } = simulate(config, 500_000_000, 11);
  const s = queue.stats();
  const a = mm1kSteadyState(config.arrivalRateHz, config.serviceRateHz, config.capacity);
  t.true(s.arrivals > 490_000, `arrivals ${s.arrivals}`);
  const relative = (x: number, y: number) => Math.abs(x - y) / y;
  t.true(relative(s.meanSojournNs, a.meanSojournNs) < 0.02, `sojourn ${s.meanSojournNs} vs ${a.meanSojournNs}`);
  t.true(relative(s.meanQueueLength, a.meanInSystem) < 0.02, `L ${s.meanQueueLength} vs ${a.meanInSystem}`);
  t.true(relative(s.dropped / s.arrivals, a.blockingProbability) < 0.05, `blocking ${s.dropped / s.arrivals} vs ${a.blockingProbability}`);
  t.true(relative(s.utilization, a.utilization) < 0.01, `utilization ${s.utilization} vs ${a.utilization}`);
});

test("Little's law holds on the simulated path itself", (t) => {
  const { sim, queue } = simulate({ arrivalRateHz: 2e6, serviceRateHz: 1.5e6, capacity: 8 }, 50_000_000, 3);
  queue.stopArrivals();
  sim.run();
  const s = queue.stats();
  // With the system empty at the end, the area under L(t) equals the sum of sojourn times.
  const lambdaAdmitted = s.served / (sim.nowNs * 1e-9);
  t.true(Math.abs(s.meanQueueLength - lambdaAdmitted * s.meanSojournNs * 1e-9) < 1e-6 * s.meanQueueLength);
});

test('overload drops at the capacity and never holds more than K packets', (t) => {
  const sim = new Simulator({ seed: 2, checkEveryEvent: true });
  const queue = createMm1k(sim, { name: 'q', arrivalRateHz: 5e6, serviceRateHz: 1e6, capacity: 4 });
  let maxInSystem = 0;
  sim.addInvariant('observe', 'test', () => {
    maxInSystem = Math.max(maxInSystem, queue.stats().inSystem);
    return null;
  });
  queue.start();
  sim.run({ untilNs: 2_000_000 });
  const s = queue.stats();
  t.is(maxInSystem, 4);
  t.true(s.dropped > s.served);
  t.is(s.arrivals, s.served + s.dropped + s.inSystem);
});

test('after stopArrivals the queue drains and checkDrained passes; before, it reports what is left', (t) => {
  const { sim, queue } = simulate({ arrivalRateHz: 3e6, serviceRateHz: 1e6, capacity: 6 }, 100_000, 4);
  t.regex(queue.checkDrained() ?? '', /still/);
  queue.stopArrivals();
  t.is(sim.run().status, 'idle');
  t.is(queue.checkDrained(), null);
  t.is(queue.stats().inSystem, 0);
});

test('the same seed gives the same trajectory; another seed another one', (t) => {
  const run = (seed: number) => {
    const { sim, queue } = simulate({ arrivalRateHz: 1e6, serviceRateHz: 1.2e6, capacity: 5 }, 1_000_000, seed);
    return [sim.fingerprintHex(), queue.stats().arrivals];
  };
  t.deepEqual(run(5), run(5));
  t.notDeepEqual(run(5)[0], run(6)[0]);
});

test('invalid configurations are rejected', (t) => {
  const sim = new Simulator({ seed: 1 });
  t.throws(() => createMm1k(sim, { name: 'q', arrivalRateHz: 1, serviceRateHz: 1, capacity: 0 }), { instanceOf: RangeError });
  t.throws(() => createMm1k(sim, { name: 'r', arrivalRateHz: -1, serviceRateHz: 1, capacity: 1 }), { instanceOf: RangeError });
});

test('property: any rates, capacity and seed conserve packets, stay within K and obey Little on the path', (t) => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e4, max: 1e7, noNaN: true }),
      fc.double({ min: 1e4, max: 1e7, noNaN: true }),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 0, max: 2 ** 31 }),
      (arrivalRateHz, serviceRateHz, capacity, seed) => {
        const sim = new Simulator({ seed, checkEveryEvent: true });
        const queue = createMm1k(sim, { name: 'q', arrivalRateHz, serviceRateHz, capacity });
        queue.start();
        sim.run({ untilNs: 2_000_000, maxEvents: 100_000 });
        queue.stopArrivals();
        if (sim.run({ maxEvents: sim.eventNumber + 200_000 }).status !== 'idle') return false;
        const s = queue.stats();
        const admittedHz = s.served / (sim.nowNs * 1e-9);
        return (
          queue.checkDrained() === null &&
          s.arrivals === s.served + s.dropped &&
          s.meanQueueLength <= capacity &&
          s.utilization >= 0 &&
          s.utilization <= 1 &&
          (s.served === 0 || Math.abs(s.meanQueueLength - admittedHz * s.meanSojournNs * 1e-9) <= 1e-6 * Math.max(1, s.meanQueueLength))
        );
      },
    ),
    { numRuns: 60, seed: 20251123 },
  );
  t.pass();
});
