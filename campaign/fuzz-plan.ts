/**
 * How a fuzz campaign splits its seed space. The space is a sequence of batches b = 0, 1, 2, …;
 * batch b runs property `names[floor(b / shards) mod names.length]` under fast-check seed
 * `batchSeed(campaignSeed, b)`. Shard k of n takes the batches with b mod n = k, so n machines
 * started with --shard 0/n … (n−1)/n never repeat each other's work; inside a shard, worker w of
 * W takes every W-th of the shard's batches.
 */

export interface Shard {
  index: number;
  count: number;
}

export interface WorkerPlan {
  worker: number;
  workers: number;
  shard: Shard;
  campaignSeed: number;
  properties: string[];
  /** Cases per fast-check call (shrinking happens within a batch). */
  batchRuns: number;
  /** Cases this worker runs in total, or null to run until the deadline. */
  runBudget: number | null;
  /** Wall-clock deadline (ms since the epoch), or null. */
  deadlineMs: number | null;
}

/** Parses `k/n` (0 ≤ k < n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(count) && count >= 1 && index < count)) {
    throw new RangeError(`--shard: expected k/n with 0 <= k < n, found "${text}"`);
  }
  return { index, count };
}

/** The j-th batch of a worker. */
export function batchIndex(plan: Pick<WorkerPlan, 'worker' | 'workers' | 'shard'>, j: number): number {
  return plan.shard.index + plan.shard.count * (plan.worker + plan.workers * j);
}

export function batchProperty(plan: Pick<WorkerPlan, 'shard' | 'properties'>, batch: number): string {
  return plan.properties[Math.floor(batch / plan.shard.count) % plan.properties.length];
}

/** A 31-bit fast-check seed per (campaign seed, batch), well mixed so neighbours differ. */
export function batchSeed(campaignSeed: number, batch: number): number {
  let h = Math.imul(campaignSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(batch + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 1;
}

/** Splits a shard's run budget over its workers (the first ones take the remainder). */
export function workerBudget(totalRuns: number, workers: number, worker: number): number {
  return Math.floor(totalRuns / workers) + (worker < totalRuns % workers ? 1 : 0);
}
