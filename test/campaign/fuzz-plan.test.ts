import test from 'ava';
import { batchIndex, batchProperty, batchSeed, parseShard, workerBudget } from '../../campaign/fuzz-plan.ts';

test('shards and workers partition the batch sequence without overlap or gaps', (t) => {
  const shards = 3;
  const workers = 4;
  const seen = new Map<number, string>();
  for (let k = 0; k < shards; k++) {
    for (let w = 0; w < workers; w++) {
      for (let j = 0; j < 50; j++) {
        const b = batchIndex({ worker: w, workers, shard: { index: k, count: shards } }, j);
        t.false(seen.has(b), `batch ${b} given twice`);
        seen.set(b, `${k}/${w}/${j}`);
      }
    }
  }
  for (let b = 0; b < shards * workers * 50; b++) t.true(seen.has(b), `batch ${b} never run`);
});

test('every property gets batches in every shard', (t) => {
  const properties = ['a', 'b', 'c'];
  for (let k = 0; k < 2; k++) {
    const names = new Set<string>();
    for (let j = 0; j < 6; j++) names.add(batchProperty({ shard: { index: k, count: 2 }, properties }, batchIndex({ worker: 0, workers: 1, shard: { index: k, count: 2 } }, j)));
    t.deepEqual([...names].sort(), properties);
  }
});

test('batch seeds are 31-bit, deterministic and distinct for neighbouring batches', (t) => {
  const seeds = new Set<number>();
  for (let b = 0; b < 1000; b++) {
    const s = batchSeed(7, b);
    t.true(Number.isSafeInteger(s) && s >= 0 && s < 2 ** 31);
    t.is(s, batchSeed(7, b));
    seeds.add(s);
  }
  t.is(seeds.size, 1000);
  t.not(batchSeed(7, 0), batchSeed(8, 0));
});

test('parseShard accepts k/n and rejects the rest', (t) => {
  t.deepEqual(parseShard('2/5'), { index: 2, count: 5 });
  for (const bad of ['5/5', '1', 'a/b', '1/0', '-1/2']) t.throws(() => parseShard(bad), { instanceOf: RangeError });
});

test('workerBudget splits a run budget exactly', (t) => {
  for (const [total, workers] of [[10, 3], [2, 4], [100, 1]] as const) {
    let sum = 0;
    for (let w = 0; w < workers; w++) sum += workerBudget(total, workers, w);
    t.is(sum, total);
  }
});
