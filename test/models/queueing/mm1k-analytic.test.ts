import test from 'ava';
import { mm1kSteadyState } from '../../../models/queueing/mm1k-analytic.ts';

const close = (actual: number, expected: number, relative = 1e-9) => Math.abs(actual - expected) <= relative * Math.abs(expected);

test('K = 1 is the Erlang loss system: blocking rho/(1+rho), sojourn 1/mu', (t) => {
  const s = mm1kSteadyState(2e6, 1e6, 1);
  t.true(close(s.blockingProbability, 2 / 3));
  t.true(close(s.meanInSystem, 2 / 3));
  t.true(close(s.meanSojournNs, 1000));
  t.true(close(s.utilization, 2 / 3));
});

test('rho = 1: every state equally likely, L = K/2', (t) => {
  const s = mm1kSteadyState(1e6, 1e6, 9);
  t.true(close(s.blockingProbability, 0.1));
  t.true(close(s.meanInSystem, 4.5));
  t.true(close(s.meanSojournNs, (4.5 / (1e6 * 0.9)) * 1e9));
});

test('large K with rho < 1 tends to M/M/1: L = rho/(1-rho), W = 1/(mu-lambda)', (t) => {
  const s = mm1kSteadyState(0.5e6, 1e6, 200);
  t.true(close(s.meanInSystem, 1, 1e-12));
  t.true(close(s.meanSojournNs, 2000, 1e-12));
  t.true(s.blockingProbability < 1e-60);
});

test('Little: L = lambda (1 - p_K) W, and utilization = throughput / mu', (t) => {
  for (const [lambda, mu, k] of [[0.8e6, 1e6, 16], [1.5e6, 1e6, 5], [0.3e6, 1e6, 3]]) {
    const s = mm1kSteadyState(lambda, mu, k);
    t.true(close(s.meanInSystem, s.throughputHz * s.meanSojournNs * 1e-9));
    t.true(close(s.utilization, s.throughputHz / mu));
  }
});

test('invalid parameters are rejected', (t) => {
  t.throws(() => mm1kSteadyState(0, 1, 1), { instanceOf: RangeError });
  t.throws(() => mm1kSteadyState(1, 1, 0), { instanceOf: RangeError });
  t.throws(() => mm1kSteadyState(1, 1, 2.5), { instanceOf: RangeError });
});
