/**
 * A radix heap of (time, tag) pairs: the event queue's store while many events are pending.
 *
 * Simulated time never runs backwards, so every key pushed is at least `floor`, the time of
 * the last pop. An event goes into bucket b = bit length of (time XOR floor): an append at
 * the end of a typed array. Popping takes from bucket 0 (events at exactly `floor`) in
 * order; when bucket 0 is empty, the first non-empty bucket (found from a bitmask) is
 * scanned for its minimum, which becomes `floor`, and its events are redistributed into
 * lower buckets. An event moves at most once per bit and every move is a sequential append,
 * which is why this beats a binary or 4-ary heap once the pending set outgrows the caches.
 *
 * Ties: bucket 0 is sorted by tag whenever a redistribution refills it, and later appends
 * to it carry larger tags, so equal times leave in insertion order.
 */

const TWO_POW_32 = 4294967296;
const BUCKETS = 56;

export class RadixHeap {
  size = 0;
  poppedTime = 0;
  poppedTag = 0;
  /** Per bucket: interleaved (time, tag) pairs. */
  private readonly buckets: Float64Array[] = [];
  private readonly counts = new Int32Array(BUCKETS);
  /** Non-empty buckets 1..31 (bit b) and 32..55 (bit b - 32). */
  private maskLo = 0;
  private maskHi = 0;
  private head0 = 0;
  private floor = 0;
  private floorHi = 0;
  private floorLo = 0;
  /** minTime()'s finding, reused by popMin() unless a push came in between. */
  private foundBucket = -1;
  private foundMin = 0;

  constructor() {
    for (let b = 0; b < BUCKETS; b++) this.buckets.push(new Float64Array(32));
  }

  /** Empties the heap and sets the floor every later key is at least. */
  reset(floor: number): void {
    this.counts.fill(0);
    this.maskLo = 0;
    this.maskHi = 0;
    this.head0 = 0;
    this.size = 0;
    this.foundBucket = -1;
    this.setFloor(floor);
  }

  get floorTime(): number {
    return this.floor;
  }

  push(time: number, tag: number): void {
    this.append(this.bucketOf(time), time, tag);
    this.size++;
    this.foundBucket = -1;
  }

  /** The smallest pending time, without changing the order of anything; size must be > 0. */
  minTime(): number {
    if (this.counts[0] > this.head0) return this.floor;
    if (this.foundBucket >= 0) return this.foundMin;
    const b = this.maskLo !== 0 ? 31 - Math.clz32(this.maskLo & -this.maskLo) : 63 - Math.clz32(this.maskHi & -this.maskHi);
    const pairs = this.buckets[b];
    let min = pairs[0];
    for (let i = 2, n = this.counts[b] * 2; i < n; i += 2) if (pairs[i] < min) min = pairs[i];
    this.foundBucket = b;
    this.foundMin = min;
    return min;
  }

  /** Removes the minimum into poppedTime / poppedTag; the caller checks size > 0. */
  popMin(): void {
    if (this.counts[0] === this.head0) this.refill0();
    const pairs = this.buckets[0];
    this.poppedTime = pairs[this.head0 * 2];
    this.poppedTag = pairs[this.head0 * 2 + 1];
    this.head0++;
    this.size--;
  }

  /** Restores bucket 0's tag order after pushes that arrived out of seq order (bulk loads). */
  sortFront(): void {
    const pairs = this.buckets[0];
    if (this.head0 > 0) {
      pairs.copyWithin(0, this.head0 * 2, this.counts[0] * 2);
      this.counts[0] -= this.head0;
      this.head0 = 0;
    }
    sortPairsByTag(pairs, this.counts[0]);
  }

  /** Appends every pair to `out` (as time, tag) and empties the heap. */
  drainInto(out: number[]): void {
    for (let b = 0; b < BUCKETS; b++) {
      const pairs = this.buckets[b];
      for (let i = b === 0 ? this.head0 * 2 : 0, n = this.counts[b] * 2; i < n; i += 2) out.push(pairs[i], pairs[i + 1]);
    }
    this.reset(this.floor);
  }

  /** Bucket 0 is empty: redistribute the first non-empty bucket around its minimum. */
  private refill0(): void {
    this.counts[0] = 0;
    this.head0 = 0;
    this.minTime();
    const b = this.foundBucket;
    const pairs = this.buckets[b];
    const n = this.counts[b] * 2;
    this.setFloor(this.foundMin);
    this.foundBucket = -1;
    this.counts[b] = 0;
    if (b < 32) this.maskLo &= ~(1 << b);
    else this.maskHi &= ~(1 << (b - 32));
    for (let i = 0; i < n; i += 2) this.append(this.bucketOf(pairs[i]), pairs[i], pairs[i + 1]);
    sortPairsByTag(this.buckets[0], this.counts[0]);
  }

  private setFloor(time: number): void {
    this.floor = time;
    this.floorHi = (time / TWO_POW_32) >>> 0;
    this.floorLo = time >>> 0;
  }

  private bucketOf(time: number): number {
    if (time < TWO_POW_32 && this.floorHi === 0) {
      const x = (time >>> 0) ^ this.floorLo;
      return x === 0 ? 0 : 32 - Math.clz32(x);
    }
    const hi = ((time / TWO_POW_32) >>> 0) ^ this.floorHi;
    if (hi !== 0) return 64 - Math.clz32(hi);
    const lo = (time >>> 0) ^ this.floorLo;
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
    if (b === 0) return;
    if (b < 32) this.maskLo |= 1 << b;
    else this.maskHi |= 1 << (b - 32);
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
