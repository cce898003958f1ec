/**
 * The pending-event set, ordered by (time, insertion sequence).
 *
 * Keys are (time, tag) pairs, tag = seq * 2^22 + slot: ordering tags orders by seq, and the
 * slot addresses the payload (kind, a, b), which is read only when an event is popped.
 * The keys live in one of two stores, chosen by how many events are pending:
 * - a binary heap (binary-heap.ts) while few are: one short sift per operation;
 * - a radix heap (radix-heap.ts) once many are: appends instead of cache-missing sifts.
 * The queue moves every key to the other store when the pending count crosses a threshold
 * (with hysteresis, so a count hovering near it does not thrash); the order of pops is the
 * same in either store, so the choice never changes a trajectory.
 *
 * Handles are tags. A slot remembers the seq it holds, so cancel() recognises a stale
 * handle (its event already ran or was cancelled) and ignores it. Cancellation is lazy: the
 * slot is flagged and the event discarded when it reaches the front.
 *
 * Bounds (asserted): at most 2^22 events pending at once and 2^31 scheduled per run, which
 * keeps every tag an exact integer below 2^53. Nothing is allocated per event.
 */
import { BinaryHeap } from './binary-heap.ts';
import { RadixHeap } from './radix-heap.ts';

const SLOT_BITS = 22;
const SLOT_SCALE = 1 << SLOT_BITS;
export const MAX_PENDING_EVENTS = SLOT_SCALE;
export const MAX_SCHEDULED_EVENTS = 2 ** 31;
/** Pending counts at which the keys move to the radix heap, and back to the binary heap. */
export const RADIX_ABOVE = 4096;
export const HEAP_BELOW = 1024;

export class EventQueue {
  private readonly heap = new BinaryHeap();
  private readonly radix = new RadixHeap();
  private useRadix = false;
  /** Time of the last key taken from the store (popped or discarded). */
  private lastTaken = 0;
  private slotKind: Int32Array;
  private slotA: Float64Array;
  private slotB: Float64Array;
  /** Seq held by each slot, -1 when the slot is free. */
  private slotSeq: Float64Array;
  private slotCancelled: Uint8Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private nextSlot = 0;
  private size = 0;
  private cancelledCount = 0;
  private readonly radixAbove: number;
  private readonly heapBelow: number;

  /** Payload of the event returned by the last pop. */
  poppedTime = 0;
  poppedSeq = 0;
  poppedKind = 0;
  poppedA = 0;
  poppedB = 0;

  /** The thresholds are options only so that tests can make the stores switch often. */
  constructor(initialCapacity = 1024, thresholds: { radixAbove?: number; heapBelow?: number } = {}) {
    this.radixAbove = thresholds.radixAbove ?? RADIX_ABOVE;
    this.heapBelow = thresholds.heapBelow ?? HEAP_BELOW;
    if (!(this.heapBelow < this.radixAbove)) throw new RangeError(`EventQueue: heapBelow ${this.heapBelow} must be below radixAbove ${this.radixAbove}`);
    const capacity = Math.min(MAX_PENDING_EVENTS, Math.max(16, initialCapacity));
    this.slotKind = new Int32Array(capacity);
    this.slotA = new Float64Array(capacity);
    this.slotB = new Float64Array(capacity);
    this.slotSeq = new Float64Array(capacity).fill(-1);
    this.slotCancelled = new Uint8Array(capacity);
    this.freeSlots = new Int32Array(capacity);
  }

  /** Live events pending (cancelled ones excluded). */
  get length(): number {
    return this.size - this.cancelledCount;
  }

  /** Which store holds the keys now (for tests and benchmarks). */
  get store(): 'heap' | 'radix' {
    return this.useRadix ? 'radix' : 'heap';
  }

  /**
   * Handle of the event last pushed. A field rather than push()'s return value: a tag is a
   * double above the small-integer range, and returning one from a call V8 does not inline
   * allocates a heap number on every push.
   */
  lastHandle = -1;

  /** Inserts an event (its handle is then in lastHandle). `time` must be at least the caller's clock. */
  push(time: number, seq: number, kind: number, a: number, b: number): void {
    if (seq >= MAX_SCHEDULED_EVENTS) throw new RangeError(`EventQueue.push: more than ${MAX_SCHEDULED_EVENTS} events scheduled in one run`);
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount];
    else {
      if (this.nextSlot === this.slotKind.length) this.growSlots();
      slot = this.nextSlot++;
    }
    this.slotKind[slot] = kind;
    this.slotA[slot] = a;
    this.slotB[slot] = b;
    this.slotSeq[slot] = seq;
    const tag = seq * SLOT_SCALE + slot;
    this.lastHandle = tag;
    this.size++;
    if (this.useRadix) {
      // Discarding a cancelled head can move the radix floor past the caller's clock.
      if (time < this.radix.floorTime) this.moveKeys(true, time);
      this.radix.push(time, tag);
    } else {
      this.heap.push(time, tag);
      if (this.size > this.radixAbove) this.moveKeys(true, this.lastTaken);
    }
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

  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** Pops the earliest live event if its time is at most limitNs; false otherwise. */
  popUntil(limitNs: number): boolean {
    for (;;) {
      if (this.size === 0) return false;
      if ((this.useRadix ? this.radix.minTime() : this.heap.minTime()) > limitNs) return false;
      const tag = this.take();
      const seq = handleSeq(tag);
      const slot = tag - seq * SLOT_SCALE;
      this.slotSeq[slot] = -1;
      this.freeSlots[this.freeCount++] = slot;
      this.size--;
      if (this.slotCancelled[slot] === 1) {
        this.slotCancelled[slot] = 0;
        this.cancelledCount--;
        continue;
      }
      this.poppedTime = this.lastTaken;
      this.poppedSeq = seq;
      this.poppedKind = this.slotKind[slot];
      this.poppedA = this.slotA[slot];
      this.poppedB = this.slotB[slot];
      if (this.useRadix && this.size < this.heapBelow) this.moveKeys(false, this.lastTaken);
      return true;
    }
  }

  /** Removes the minimum key from the store; returns its tag and records its time. */
  private take(): number {
    if (this.useRadix) {
      this.radix.popMin();
      this.lastTaken = this.radix.poppedTime;
      return this.radix.poppedTag;
    }
    this.heap.popMin();
    this.lastTaken = this.heap.poppedTime;
    return this.heap.poppedTag;
  }

  /**
   * Moves every key to the radix heap (toRadix) or to the binary heap, with the radix floor
   * at `floor` (no pending key is earlier).
   */
  private moveKeys(toRadix: boolean, floor: number): void {
    const keys: number[] = [];
    if (this.useRadix) this.radix.drainInto(keys);
    else this.heap.drainInto(keys);
    this.useRadix = toRadix;
    if (toRadix) {
      this.radix.reset(floor);
      for (let i = 0; i < keys.length; i += 2) this.radix.push(keys[i], keys[i + 1]);
      this.radix.sortFront();
    } else {
      for (let i = 0; i < keys.length; i += 2) this.heap.push(keys[i], keys[i + 1]);
    }
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

/** The insertion sequence number inside a handle (tag). */
export function handleSeq(handle: number): number {
  return Math.floor(handle / SLOT_SCALE);
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
