/**
 * A radix heap of (time, tag) pairs with 8-bit digits: the event queue's store while many
 * events are pending.
 *
 * Simulated time never runs backwards, so every key pushed is at least `floor`, the time of
 * the last pop. Times are integers below 2^53, read as seven 8-bit digits. A key goes into
 * bucket (level, digit): level = the highest digit where it differs from `floor`, digit = its
 * own digit there (level 0 when it equals `floor` in every digit but the lowest). A push is an
 * append at the end of a typed array. A level-0 bucket holds one time value; popping takes
 * the current one (digit = floor's lowest) from its front. When it is used up, the next
 * non-empty level-0 bucket (found from a bitmap) becomes current; when level 0 is empty, the
 * first non-empty bucket of the lowest level is scanned for its minimum, which becomes
 * `floor`, and its keys are redistributed into lower levels. An event moves at most once per
 * level, three or four times for keys up to 2^32 ns ahead (a binary radix heap moved each
 * about ten times at 1e6 pending), and every move is a sequential append, which is why this
 * beats a binary or 4-ary heap once the pending set outgrows the caches.
 *
 * Ties: a level-0 bucket is sorted by tag when it becomes current; keys that reach it later
 * are pushes with larger tags, so equal times leave in insertion order.
 *
 * The current bucket is emptied (count 0, bit cleared) the moment its last key is popped, so
 * a set bit always means a bucket with keys still to pop.
 */

const TWO_POW_32 = 4294967296;
const LEVELS = 7;
const DIGITS = 256;
/** Bitmap words (32 digits each) per level. */
const WORDS = 8;
/** Buckets start empty and grow on first use: most of the 1792 are never touched. */
const EMPTY = new Float64Array(0);

export class RadixHeap {
  size = 0;
  poppedTime = 0;
  poppedTag = 0;
  private readonly buckets: Float64Array[] = [];
  private readonly counts = new Int32Array(LEVELS * DIGITS);
  private readonly bits = new Int32Array(LEVELS * WORDS);
  private cur = 0;
  private head = 0;
  private floor = 0;
  private floorHi = 0;
  private floorLo = 0;
  private foundBucket = -1;
  private foundMin = 0;

  constructor() {
    for (let b = 0; b < LEVELS * DIGITS; b++) this.buckets.push(EMPTY);
  }

  /** Empties the heap and sets the floor every later key is at least. */
  reset(floor: number): void {
    this.counts.fill(0);
    this.bits.fill(0);
    this.head = 0;
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
    if (this.counts[this.cur] > this.head) return this.floor;
    if (this.foundBucket >= 0) return this.foundMin;
    const b = this.firstBucket();
    const pairs = this.buckets[b];
    let min = pairs[0];
    if (b >= DIGITS) for (let i = 2, n = this.counts[b] * 2; i < n; i += 2) if (pairs[i] < min) min = pairs[i];
    this.foundBucket = b;
    this.foundMin = min;
    return min;
  }

  /** Removes the minimum into poppedTime / poppedTag; the caller checks size > 0. */
  popMin(): void {
    if (this.counts[this.cur] === 0 && !this.nextInLevel0()) this.advance();
    const b = this.cur;
    const pairs = this.buckets[b];
    const at = this.head * 2;
    this.poppedTime = pairs[at];
    this.poppedTag = pairs[at + 1];
    this.size--;
    if (++this.head === this.counts[b]) {
      this.emptyBucket(b);
      this.head = 0;
    }
  }

  /** Restores the current bucket's tag order after pushes out of seq order (bulk loads). */
  sortFront(): void {
    const b = this.cur;
    const pairs = this.buckets[b];
    if (this.head > 0) {
      pairs.copyWithin(0, this.head * 2, this.counts[b] * 2);
      this.counts[b] -= this.head;
      this.head = 0;
    }
    sortPairsByTag(pairs, this.counts[b]);
  }

  /** Appends every pair to `out` (as time, tag) and empties the heap. */
  drainInto(out: number[]): void {
    for (let b = 0; b < LEVELS * DIGITS; b++) {
      const pairs = this.buckets[b];
      for (let i = b === this.cur ? this.head * 2 : 0, n = this.counts[b] * 2; i < n; i += 2) out.push(pairs[i], pairs[i + 1]);
    }
    this.reset(this.floor);
  }

  /**
   * The current bucket is used up and the next key may be in a later level-0 bucket: a single
   * time sharing every digit but the lowest with the floor, so only the low digit changes.
   * False when level 0 is empty.
   */
  private nextInLevel0(): boolean {
    for (let w = this.cur >> 5; w < WORDS; w++) {
      const word = this.bits[w];
      if (word === 0) continue;
      const digit = (w << 5) + (31 - Math.clz32(word & -word));
      this.foundBucket = -1;
      this.floor = this.buckets[digit][0];
      this.floorLo = ((this.floorLo & ~255) | digit) >>> 0;
      this.cur = digit;
      if (this.counts[digit] > 1) sortPairsByTag(this.buckets[digit], this.counts[digit]);
      return true;
    }
    return false;
  }

  /**
   * Level 0 is empty (nextInLevel0 found nothing): the lowest non-empty bucket, at level 1 or
   * above, is redistributed around its minimum, which becomes the floor and the current key.
   */
  private advance(): void {
    this.minTime();
    const b = this.foundBucket;
    this.foundBucket = -1;
    this.setFloor(this.foundMin);
    const pairs = this.buckets[b];
    const n = this.counts[b] * 2;
    this.emptyBucket(b);
    for (let i = 0; i < n; i += 2) this.append(this.bucketOf(pairs[i]), pairs[i], pairs[i + 1]);
    sortPairsByTag(this.buckets[this.cur], this.counts[this.cur]);
  }

  private emptyBucket(b: number): void {
    this.counts[b] = 0;
    this.bits[((b >> 8) << 3) | ((b & 255) >> 5)] &= ~(1 << (b & 31));
  }

  /** The bucket holding the smallest key: the lowest non-empty level, its lowest digit. */
  private firstBucket(): number {
    for (let level = 0; level < LEVELS; level++) {
      // Digits at or below the floor's own digit at this level are empty: start at its word.
      const own = level < 4 ? (this.floorLo >>> (level << 3)) & 255 : (this.floorHi >>> ((level - 4) << 3)) & 255;
      for (let w = (level << 3) + (own >> 5), end = (level << 3) + WORDS; w < end; w++) {
        const word = this.bits[w];
        if (word !== 0) return ((w - (level << 3)) << 5) + (31 - Math.clz32(word & -word)) + level * DIGITS;
      }
    }
    throw new Error('RadixHeap: firstBucket on an empty heap');
  }

  private setFloor(time: number): void {
    this.floor = time;
    this.floorHi = (time / TWO_POW_32) >>> 0;
    this.floorLo = time >>> 0;
    this.cur = this.floorLo & 255;
  }

  private bucketOf(time: number): number {
    const lo = time >>> 0;
    if (time < TWO_POW_32 && this.floorHi === 0) {
      const x = lo ^ this.floorLo;
      const level = x === 0 ? 0 : (31 - Math.clz32(x)) >> 3;
      return (level << 8) | ((lo >>> (level << 3)) & 255);
    }
    const hi = (time / TWO_POW_32) >>> 0;
    const xh = hi ^ this.floorHi;
    if (xh !== 0) {
      const level = (31 - Math.clz32(xh)) >> 3;
      return ((level + 4) << 8) | ((hi >>> (level << 3)) & 255);
    }
    const x = lo ^ this.floorLo;
    const level = x === 0 ? 0 : (31 - Math.clz32(x)) >> 3;
    return (level << 8) | ((lo >>> (level << 3)) & 255);
  }

  private append(b: number, time: number, tag: number): void {
    let pairs = this.buckets[b];
    const count = this.counts[b];
    const at = count * 2;
    if (at === pairs.length) {
      const bigger = new Float64Array(Math.max(16, pairs.length * 2));
      bigger.set(pairs);
      this.buckets[b] = pairs = bigger;
    }
    pairs[at] = time;
    pairs[at + 1] = tag;
    this.counts[b] = count + 1;
    if (count === 0) this.bits[((b >> 8) << 3) | ((b & 255) >> 5)] |= 1 << (b & 31);
  }
}

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
