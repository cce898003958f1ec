import test from 'ava';
import { RandomStream } from '../../../engine/index.ts';
import { armFault, createFaultPoint, failNext, shouldFail } from '../../../models/kernel/fault.ts';

/** A clock the test moves by hand. */
const clockAt = (nowNs: number) => ({ nowNs, eventNumber: 0 });

test('a disarmed point never fails and never draws', (t) => {
  const rng = new RandomStream(1, 'test.fault');
  const p = createFaultPoint('alloc_pages', clockAt(0));
  for (let i = 0; i < 100; i++) t.false(shouldFail(p));
  armFault(p, rng, 0);
  t.false(shouldFail(p));
  t.is(rng.draws, 0);
});

test('an armed point draws once per attempt, the same Bernoulli sequence as the stream itself', (t) => {
  const p = createFaultPoint('dma_map', clockAt(0));
  const rng = new RandomStream(7, 'test.fault');
  armFault(p, rng, 0.3);
  const mirror = new RandomStream(7, 'test.fault');
  for (let i = 0; i < 1000; i++) t.is(shouldFail(p), mirror.bernoulli(0.3));
  t.is(rng.draws, 1000);
  armFault(p, rng, 1);
  t.true(shouldFail(p));
  t.is(rng.draws, 1000, 'probability 1 fails without a draw, as RandomStream.bernoulli decides it');
});

test('failNext and the caller\'s own reason fail first, without a draw', (t) => {
  const p = createFaultPoint('alloc_pages', clockAt(0));
  const rng = new RandomStream(1, 'test.fault');
  armFault(p, rng, 0.5);
  failNext(p, 2);
  t.true(shouldFail(p, true), 'a pending failNext is taken even when the caller is exhausted');
  t.is(p.failNext, 1);
  t.true(shouldFail(p));
  t.true(shouldFail(p, true));
  t.is(rng.draws, 0);
  shouldFail(p);
  t.is(rng.draws, 1);
});

test('the window: draws only while startNs <= now < endNs', (t) => {
  const clock = clockAt(0);
  const p = createFaultPoint('napi_build_skb', clock);
  const rng = new RandomStream(1, 'test.fault');
  armFault(p, rng, 1, { startNs: 1000, endNs: 2000 });
  t.false(shouldFail(p));
  clock.nowNs = 1000;
  t.true(shouldFail(p));
  clock.nowNs = 1999;
  t.true(shouldFail(p));
  clock.nowNs = 2000;
  t.false(shouldFail(p));
  armFault(p, rng, 0.5, { startNs: 3000 });
  t.false(shouldFail(p));
  t.is(rng.draws, 0, 'no draw outside the window');
  clock.nowNs = 1e12;
  shouldFail(p);
  t.is(rng.draws, 1, 'no endNs: to the end of the run');
});

test('bad arguments are RangeErrors naming the point and the value', (t) => {
  const p = createFaultPoint('alloc_pages', clockAt(0));
  const rng = new RandomStream(1, 'test.fault');
  t.throws(() => armFault(p, rng, 1.5), { instanceOf: RangeError, message: 'alloc_pages fault: probability must be in [0, 1], found 1.5' });
  t.throws(() => armFault(p, null, 0.1), { instanceOf: RangeError, message: /alloc_pages fault: a random stream is needed/ });
  t.throws(() => armFault(p, rng, 0.1, { startNs: 10, endNs: 5 }), { instanceOf: RangeError, message: /found 10\.\.5/ });
  t.throws(() => failNext(p, -1), { instanceOf: RangeError, message: /alloc_pages fault: failNext count .* found -1/ });
  t.is(p.failProbability, 0, 'a refused arm leaves the point as it was');
});
