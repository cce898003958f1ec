import test from 'ava';
import { EmpiricalDistribution, RandomStreams } from '../../engine/index.ts';

const draws = (streams: RandomStreams, name: string, n: number) => Array.from({ length: n }, () => streams.stream(name).uniform());

test('a stream draws the same sequence whether or not other streams exist or are used', (t) => {
  const alone = new RandomStreams(42);
  const expected = draws(alone, 'mana.rx.arrivals', 50);
  const crowded = new RandomStreams(42);
  const interleaved: number[] = [];
  for (let i = 0; i < 50; i++) {
    crowded.stream(`other.${i % 3}`).uniform();
    interleaved.push(crowded.stream('mana.rx.arrivals').uniform());
    crowded.stream('xsk.tx').exponentialNs(100);
  }
  t.deepEqual(interleaved, expected);
});

test('streams differ by name and by root seed, and repeat for the same pair', (t) => {
  const a = draws(new RandomStreams(1), 'a', 5);
  t.deepEqual(draws(new RandomStreams(1), 'a', 5), a);
  t.notDeepEqual(draws(new RandomStreams(1), 'b', 5), a);
  t.notDeepEqual(draws(new RandomStreams(2), 'a', 5), a);
});

test('draws are counted per stream and in total', (t) => {
  const streams = new RandomStreams(3);
  streams.stream('b').uniform();
  streams.stream('a').uniformInt(1, 6);
  streams.stream('a').bernoulli(0.5);
  streams.stream('b').bernoulli(0);
  t.deepEqual(streams.drawsByStream(), { a: 2, b: 1 });
  t.is(streams.totalDraws(), 3);
});

test('uniformInt covers both ends of its range and nothing outside', (t) => {
  const s = new RandomStreams(5).stream('dice');
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) seen.add(s.uniformInt(1, 6));
  t.deepEqual([...seen].sort(), [1, 2, 3, 4, 5, 6]);
  t.throws(() => s.uniformInt(3, 2), { instanceOf: RangeError });
  t.throws(() => s.uniformInt(0.5, 2), { instanceOf: RangeError });
});

test('bernoulli(0) and bernoulli(1) draw nothing; exponentialNs has the requested mean', (t) => {
  const s = new RandomStreams(6).stream('x');
  t.false(s.bernoulli(0));
  t.true(s.bernoulli(1));
  t.is(s.draws, 0);
  let sum = 0;
  let nonIntegers = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const x = s.exponentialNs(1000);
    if (!(Number.isSafeInteger(x) && x >= 0)) nonIntegers++;
    sum += x;
  }
  t.is(nonIntegers, 0);
  t.true(Math.abs(sum / n - 1000) < 30, `mean ${sum / n}`);
});

test('a seed that is not a safe integer is rejected', (t) => {
  t.throws(() => new RandomStreams(1.5), { instanceOf: RangeError });
});

test('EmpiricalDistribution maps uniform draws through the CDF', (t) => {
  const d = new EmpiricalDistribution([64, 512, 1500], [1, 1, 2]);
  t.is(d.sample(0), 64);
  t.is(d.sample(0.2499), 64);
  t.is(d.sample(0.25), 512);
  t.is(d.sample(0.4999), 512);
  t.is(d.sample(0.5), 1500);
  t.is(d.sample(0.99999), 1500);
  t.is(d.mean(), (64 + 512 + 2 * 1500) / 4);
});

test('EmpiricalDistribution skips zero-weight values and matches its weights in frequency', (t) => {
  const d = new EmpiricalDistribution([1, 2, 3], [3, 0, 1]);
  const s = new RandomStreams(7).stream('sizes');
  const counts = new Map<number, number>();
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const v = s.pick(d);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  t.false(counts.has(2));
  t.true(Math.abs((counts.get(1) ?? 0) / n - 0.75) < 0.015);
  t.is(s.draws, n);
});

test('EmpiricalDistribution rejects empty, mismatched, negative and all-zero weights', (t) => {
  t.throws(() => new EmpiricalDistribution([], []), { instanceOf: RangeError });
  t.throws(() => new EmpiricalDistribution([1, 2], [1]), { instanceOf: RangeError });
  t.throws(() => new EmpiricalDistribution([1], [-1]), { instanceOf: RangeError });
  t.throws(() => new EmpiricalDistribution([1, 2], [0, 0]), { instanceOf: RangeError });
});
