import test from 'ava';
import { RandomStreams, EmpiricalDistribution } from '../../../engine/index.ts';
import { createArrivals, nextGapNs, takeArrival, wireTimeNs } from '../../../models/rx/arrivals.ts';

function offeredGbps(kind: 'fixed' | 'bursty', sizes?: EmpiricalDistribution): number {
  const a = createArrivals({ kind, rateBitsPerSec: 10e9, linkBitsPerSec: 100e9, burstFrames: 16, frameBytes: sizes ? undefined : 1514, sizes }, new RandomStreams(3).stream('t'));
  let t = 0;
  let bits = 0;
  for (let i = 0; i < 200_000; i++) {
    const size = takeArrival(a);
    bits += size * 8;
    t += nextGapNs(a, size);
  }
  return bits / t;
}

test('fixed and bursty arrivals both average the configured rate', (t) => {
  t.true(Math.abs(offeredGbps('fixed') - 10) < 0.01);
  t.true(Math.abs(offeredGbps('bursty') - 10) < 0.3);
  t.true(Math.abs(offeredGbps('bursty', new EmpiricalDistribution([64, 1514], [1, 1])) - 10) < 0.3);
});

test('bursty arrivals are back to back at the link rate within a burst', (t) => {
  const a = createArrivals({ kind: 'bursty', rateBitsPerSec: 1e9, linkBitsPerSec: 100e9, burstFrames: 4, frameBytes: 1514 }, new RandomStreams(1).stream('b'));
  const gaps = [0, 1, 2, 3].map(() => nextGapNs(a, takeArrival(a)));
  t.deepEqual(gaps.slice(0, 3), [wireTimeNs(1514, 100e9), wireTimeNs(1514, 100e9), wireTimeNs(1514, 100e9)]);
  t.true(gaps[3] > 10 * wireTimeNs(1514, 100e9));
  t.throws(() => createArrivals({ kind: 'fixed', rateBitsPerSec: 2e9, linkBitsPerSec: 1e9, frameBytes: 1514 }, new RandomStreams(1).stream('x')), { message: /rateBitsPerSec/ });
});
