/**
 * The pending-event set: a radix heap ordered by (time, insertion sequence).
 *
 * Simulated time never runs backwards, so every key inserted is at least the key last
 * popped. A radix heap exploits that: an event goes into bucket b = bit length of
 * (time XOR lastPopped), an append at the end of a typed array. Popping takes from bucket 0
 * (events at exactly lastPopped) in order; when bucket 0 is empty, the first non-empty
 * bucket is scanned for its minimum, which becomes lastPopped, and its events are
 * redistributed into lower buckets. An event moves at most once per bit, and each move is
 * a sequential append, which is why this beats a binary or 4-ary heap once the pending set
 * outgrows the caches (ns-3 uses a binary heap or a std::map).
 *
 * Ties: events at the same time leave in insertion order. The tag stored beside each time
 * is seq * 2^22 + slot, so ordering tags orders by seq; bucket 0 is sorted by tag whenever
 * it is refilled by a redistribution, and later appends to it carry larger seqs.
 *
 * Bounds (asserted): at most 2^22 events pending at once and 2^31 events scheduled per run.
 *
 * Handles: push() returns the tag itself. A slot remembers the seq it holds, so cancel()
 * recognises a stale handle (its event already ran or was cancelled) and ignores it.
 * Cancellation is lazy: the slot is flagged and its event discarded when it reaches the front.
 */

const SLOT_BITS = 22;
const SLOT_SCALE = 1 << SLOT_BITS;
const TWO_POW_32 = 4294967296;
const BUCKETS = 56;
export const MAX_PENDING_EVENTS = SLOT_SCALE;
export const MAX_SCHEDULED_EVENTS = 2 ** 31;

export class EventQueue {
  /** Per bucket: interleaved (time, tag) pairs. */
  private readonly buckets: Float64Array[] = [];
  private readonly counts = new Int32Array(BUCKETS);
  /** Bucket 0 is consumed from the front; its read position. */
  private head0 = 0;
  private last = 0;
  private lastHi = 0;
  private lastLo = 0;
  private size = 0;
  private slotKind: Int32Array;
  private slotA: Float64Array;
  private slotB: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextSlot = 0;
  /** Seq held by each slot, -1 when the slot is free. */
  private slotSeq: Float64Array;
  private slotCancelled: Uint8Array;
  private cancelledCount = 0;
  /** minTime()'s finding, reused by settleMin() unless a push came in between. */
  private foundBucket = -1;
  private foundMin = 0;

  poppedTime = 0;
  poppedSeq = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.min(MAX_PENDING_EVENTS, Math.max(16, initialCapacity));
    for (let b = 0; b < BUCKETS; b++) this.buckets.push(new Float64Array(32));
    this.slotKind = new Int32Array(capacity);
    this.slotA = new Float64Array(capacity);
    this.slotB = new Float64Array(capacity);
    this.freeSlots = new Int32Array(capacity);
    this.slotSeq = new Float64Array(capacity).fill(-1);
    this.slotCancelled = new Uint8Array(capacity);
  }

  /** Live events pending (cancelled ones excluded). */
  get length(): number {
    return this.size - this.cancelledCount;
  }

  /** Inserts an event; returns its handle (the tag seq * 2^22 + slot). */
  push(time: number, seq: number, kind: number, a: number, b: number): number {
    if (time < this.last) this.rebase(time);
    if (seq >= MAX_SCHEDULED_EVENTS) throw new RangeError(`EventQueue.push: more than ${MAX_SCHEDULED_EVENTS} events scheduled in one run`);
    if (this.freeCount === 0 && this.nextSlot === this.slotKind.length) this.growSlots();
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.nextSlot++;
    this.slotKind[slot] = kind;
    this.slotA[slot] = a;
    this.slotB[slot] = b;
    this.slotSeq[slot] = seq;
    const tag = seq * SLOT_SCALE + slot;
    this.append(this.bucketOf(time), time, tag);
    this.size++;
    this.foundBucket = -1;
    return tag;
  }

  /** Cancels the event behind a handle; false (and no effect) if it already ran or was cancelled. */
  cancel(handle: number): boolean {
    const seq = handleSeq(handle);
    const slot = handle - seq * SLOT_SCALE;
    if (!(slot >= 0 && slot < this.slotSeq.length) || this.slotSeq[slot] !== seq || this.slotCancelled[slot] === 1) return false;
    this.slotCancelled[slot] = 1;
    this.cancelledCount++;
    return true;
  }

  peekTime(): number {
    for (;;) {
      if (this.size === 0) return Infinity;
      const t = this.minTime();
      if (this.cancelledCount === 0) return t;
      this.settleMin();
      if (!this.discardCancelledFront()) return t;
    }
  }

  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** Pops the earliest live event if its time is at most limitNs; false otherwise. */
  popUntil(limitNs: number): boolean {
    for (;;) {
      if (this.size === 0) return false;
      if (this.minTime() > limitNs) return false;
      this.settleMin();
      if (this.cancelledCount > 0 && this.discardCancelledFront()) continue;
      this.takeFront();
      return true;
    }
  }

  /** Drops the front event of bucket 0 if it was cancelled. */
  private discardCancelledFront(): boolean {
    const tag = this.buckets[0][this.head0 * 2 + 1];
    const seq = handleSeq(tag);
    const slot = tag - seq * SLOT_SCALE;
    if (this.slotCancelled[slot] === 0) return false;
    this.slotCancelled[slot] = 0;
    this.cancelledCount--;
    this.slotSeq[slot] = -1;
    this.freeSlots[this.freeCount++] = slot;
    this.head0++;
    this.size--;
    return true;
  }

  /** The smallest pending time, without changing any state. */
  private minTime(): number {
    if (this.counts[0] > this.head0) return this.last;
    if (this.foundBucket >= 0) return this.foundMin;
    let b = 1;
    while (this.counts[b] === 0) b++;
    const pairs = this.buckets[b];
    let min = pairs[0];
    for (let i = 2, n = this.counts[b] * 2; i < n; i += 2) if (pairs[i] < min) min = pairs[i];
    this.foundBucket = b;
    this.foundMin = min;
    return min;
  }

  /** Ensures bucket 0 holds the earliest events, redistributing the first non-empty bucket. */
  private settleMin(): void {
    if (this.counts[0] > this.head0) return;
    this.counts[0] = 0;
    this.head0 = 0;
    this.minTime();
    const b = this.foundBucket;
    const pairs = this.buckets[b];
    const n = this.counts[b] * 2;
    this.setLast(this.foundMin);
    this.foundBucket = -1;
    this.counts[b] = 0;
    for (let i = 0; i < n; i += 2) this.append(this.bucketOf(pairs[i]), pairs[i], pairs[i + 1]);
    sortPairsByTag(this.buckets[0], this.counts[0]);
  }

  /**
   * Skipping a cancelled event advances lastPopped past the caller's clock, so the caller may
   * legitimately push a time below it. Re-bucket everything relative to that time: rare
   * (it needs a cancellation at the head followed by an earlier event) and O(pending).
   */
  private rebase(time: number): void {
    const held: number[] = [];
    for (let b = 0; b < BUCKETS; b++) {
      const pairs = this.buckets[b];
      for (let i = b === 0 ? this.head0 * 2 : 0, n = this.counts[b] * 2; i < n; i += 2) held.push(pairs[i], pairs[i + 1]);
      this.counts[b] = 0;
    }
    this.head0 = 0;
    this.foundBucket = -1;
    this.setLast(time);
    for (let i = 0; i < held.length; i += 2) this.append(this.bucketOf(held[i]), held[i], held[i + 1]);
    sortPairsByTag(this.buckets[0], this.counts[0]);
  }

  private takeFront(): void {
    const pairs = this.buckets[0];
    const time = pairs[this.head0 * 2];
    const tag = pairs[this.head0 * 2 + 1];
    this.head0++;
    this.size--;
    const seq = Math.floor(tag / SLOT_SCALE);
    const slot = tag - seq * SLOT_SCALE;
    this.poppedTime = time;
    this.poppedSeq = seq;
    this.poppedKind = this.slotKind[slot];
    this.poppedA = this.slotA[slot];
    this.poppedB = this.slotB[slot];
    this.slotSeq[slot] = -1;
    this.freeSlots[this.freeCount++] = slot;
  }

  private setLast(time: number): void {
    this.last = time;
    this.lastHi = (time / TWO_POW_32) >>> 0;
    this.lastLo = time >>> 0;
  }

  private bucketOf(time: number): number {
    if (time < TWO_POW_32 && this.lastHi === 0) {
      const x = (time >>> 0) ^ this.lastLo;
      return x === 0 ? 0 : 32 - Math.clz32(x);
    }
    const hi = ((time / TWO_POW_32) >>> 0) ^ this.lastHi;
    if (hi !== 0) return 64 - Math.clz32(hi);
    const lo = (time >>> 0) ^ this.lastLo;
    return lo === 0 ? 0 : 32 - Math.clz32(lo);
  }

  private append(b: number, time: number, tag: number): void {
    let pairs = this.buckets[b];
    const at = this.counts[b] * 2;
    if (at === pairs.length) {
      const bigger = new Float64Array(pairs.length * 2);
      bigger.set(pairs);
      this.buckets[b] = pairs = bigger;
    }
    pairs[at] = time;
    pairs[at + 1] = tag;
    this.counts[b]++;
  }

  private growSlots(): void {
    const capacity = this.slotKind.length * 2;
    if (capacity > MAX_PENDING_EVENTS) throw new RangeError(`EventQueue: more than ${MAX_PENDING_EVENTS} events pending`);
    this.slotKind = grow(this.slotKind, new Int32Array(capacity));
    this.slotA = grow(this.slotA, new Float64Array(capacity));
    this.slotB = grow(this.slotB, new Float64Array(capacity));
    this.freeSlots = grow(this.freeSlots, new Int32Array(capacity));
    this.slotSeq = grow(this.slotSeq, new Float64Array(capacity).fill(-1));
    this.slotCancelled = grow(this.slotCancelled, new Uint8Array(capacity));
  }
}

/** Insertion sort of (time, tag) pairs by tag; bucket 0 after a redistribution is small. */
function sortPairsByTag(pairs: Float64Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const tag = pairs[i * 2 + 1];
    if (tag >= pairs[i * 2 - 1]) continue;
    const time = pairs[i * 2];
    let j = i - 1;
    while (j >= 0 && pairs[j * 2 + 1] > tag) {
      pairs[(j + 1) * 2] = pairs[j * 2];
      pairs[(j + 1) * 2 + 1] = pairs[j * 2 + 1];
      j--;
    }
    pairs[(j + 1) * 2] = time;
    pairs[(j + 1) * 2 + 1] = tag;
  }
}

/** The insertion sequence number inside a handle (tag). */
export function handleSeq(handle: number): number {
  return Math.floor(handle / SLOT_SCALE);
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
