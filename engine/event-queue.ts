/**
 * The pending-event set: a 4-ary min-heap ordered by (time, insertion sequence).
 *
 * Layout: one Float64Array of (time, tag) pairs, where tag = seq * 2^22 + slot packs the
 * insertion sequence and the payload slot into one exactly-representable integer. Ordering
 * by tag on equal times is ordering by seq, since seq occupies the high bits. The four
 * children of a node are 64 contiguous bytes, so a sift level touches one cache line. The
 * payload (kind, a, b) lives in a slot table read only when an event is popped. Nothing is
 * allocated per event: the arrays double when full and slots are reused via a free list.
 *
 * Bounds (asserted): at most 2^22 events pending at once and 2^31 events scheduled per run,
 * which keeps every tag below 2^53.
 *
 * Cancellation is lazy: a cancelled sequence number is remembered and its event skipped
 * when it reaches the top, which keeps push and pop free of any lookup structure.
 */

const SLOT_BITS = 22;
const SLOT_SCALE = 1 << SLOT_BITS;
export const MAX_PENDING_EVENTS = SLOT_SCALE;
export const MAX_SCHEDULED_EVENTS = 2 ** 31;

export class EventQueue {
  private heap: Float64Array;
  private slotKind: Int32Array;
  private slotA: Float64Array;
  private slotB: Float64Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextSlot = 0;
  private size = 0;
  private readonly cancelled = new Set<number>();

  /** Payload of the event returned by the last pop. */
  poppedTime = 0;
  poppedSeq = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.min(MAX_PENDING_EVENTS, Math.max(16, initialCapacity));
    this.heap = new Float64Array(capacity * 2);
    this.slotKind = new Int32Array(capacity);
    this.slotA = new Float64Array(capacity);
    this.slotB = new Float64Array(capacity);
    this.freeSlots = new Int32Array(capacity);
  }

  /** Events pending, excluding cancelled ones. */
  get length(): number {
    return this.size - this.cancelled.size;
  }

  push(time: number, seq: number, kind: number, a: number, b: number): void {
    if (this.size * 2 === this.heap.length) this.grow();
    if (seq >= MAX_SCHEDULED_EVENTS) throw new RangeError(`EventQueue.push: more than ${MAX_SCHEDULED_EVENTS} events scheduled in one run`);
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.nextSlot++;
    this.slotKind[slot] = kind;
    this.slotA[slot] = a;
    this.slotB[slot] = b;
    this.siftUp(this.size++, time, seq * SLOT_SCALE + slot);
  }

  /** Marks a pending event as cancelled; returns false if it was already cancelled. */
  cancel(seq: number): boolean {
    if (this.cancelled.has(seq)) return false;
    this.cancelled.add(seq);
    return true;
  }

  /** Time of the earliest live event, or Infinity when none is pending. */
  peekTime(): number {
    if (this.cancelled.size > 0) this.skipCancelled();
    return this.size > 0 ? this.heap[0] : Infinity;
  }

  /** Removes the earliest live event into the popped* fields; false when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** Pops the earliest live event if its time is at most limitNs; false otherwise. */
  popUntil(limitNs: number): boolean {
    if (this.cancelled.size > 0) this.skipCancelled();
    if (this.size === 0 || this.heap[0] > limitNs) return false;
    this.takeTop();
    return true;
  }

  private skipCancelled(): void {
    while (this.size > 0) {
      const seq = Math.floor(this.heap[1] / SLOT_SCALE);
      if (!this.cancelled.delete(seq)) return;
      this.takeTop();
    }
  }

  private takeTop(): void {
    const heap = this.heap;
    const tag = heap[1];
    const seq = Math.floor(tag / SLOT_SCALE);
    const slot = tag - seq * SLOT_SCALE;
    this.poppedTime = heap[0];
    this.poppedSeq = seq;
    this.poppedKind = this.slotKind[slot];
    this.poppedA = this.slotA[slot];
    this.poppedB = this.slotB[slot];
    this.freeSlots[this.freeCount++] = slot;
    const last = --this.size;
    if (last > 0) this.siftDown(heap[last * 2], heap[last * 2 + 1]);
  }

  private siftUp(index: number, time: number, tag: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = heap[parent * 2];
      if (pt < time || (pt === time && heap[parent * 2 + 1] < tag)) break;
      heap[i * 2] = pt;
      heap[i * 2 + 1] = heap[parent * 2 + 1];
      i = parent;
    }
    heap[i * 2] = time;
    heap[i * 2 + 1] = tag;
  }

  private siftDown(time: number, tag: number): void {
    const heap = this.heap;
    const size = this.size;
    let i = 0;
    for (;;) {
      const first = i * 4 + 1;
      if (first >= size) break;
      let best = first;
      let bestTime = heap[first * 2];
      const end = first + 4 < size ? first + 4 : size;
      for (let c = first + 1; c < end; c++) {
        const ct = heap[c * 2];
        if (ct < bestTime || (ct === bestTime && heap[c * 2 + 1] < heap[best * 2 + 1])) {
          best = c;
          bestTime = ct;
        }
      }
      if (time < bestTime || (time === bestTime && tag < heap[best * 2 + 1])) break;
      heap[i * 2] = bestTime;
      heap[i * 2 + 1] = heap[best * 2 + 1];
      i = best;
    }
    heap[i * 2] = time;
    heap[i * 2 + 1] = tag;
  }

  private grow(): void {
    const capacity = this.slotKind.length * 2;
    if (capacity > MAX_PENDING_EVENTS) throw new RangeError(`EventQueue: more than ${MAX_PENDING_EVENTS} events pending`);
    this.heap = growFloat(this.heap, capacity * 2);
    this.slotKind = growInt(this.slotKind, capacity);
    this.slotA = growFloat(this.slotA, capacity);
    this.slotB = growFloat(this.slotB, capacity);
    this.freeSlots = growInt(this.freeSlots, capacity);
  }
}

function growFloat(old: Float64Array, length: number): Float64Array {
  const next = new Float64Array(length);
  next.set(old);
  return next;
}

function growInt(old: Int32Array, length: number): Int32Array {
  const next = new Int32Array(length);
  next.set(old);
  return next;
}
