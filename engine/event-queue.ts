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
 * Payloads live in one Float64Array, four doubles per slot: the seq the slot holds, kind, a
 * and b. The seq field also carries the slot's state: -1 when free, -(seq + 2) once the event
 * is cancelled. A pop finds the slot in the tag's low 22 bits (`tag >>> 0` is exact below
 * 2^53, so no division) and reads everything else from the slot, in one cache line.
 *
 * Handles are tags. Because a slot remembers the seq it holds, cancel() recognises a stale
 * handle (its event already ran or was cancelled) and ignores it. Cancellation is lazy: the
 * slot is marked and the event discarded when it reaches the front.
 *
 * Bounds (asserted): at most 2^22 events pending at once and 2^31 scheduled per run, which
 * keeps every tag an exact integer below 2^53. No object is created per event.
 */
import { BinaryHeap } from './binary-heap.ts';
import { RadixHeap } from './radix-heap.ts';

const SLOT_BITS = 22;
const SLOT_SCALE = 1 << SLOT_BITS;
const SLOT_MASK = SLOT_SCALE - 1;
/** Doubles per slot (as a shift) and each field's offset. */
const SLOT_SHIFT = 2;
const SEQ = 0;
const KIND = 1;
const A = 2;
const B = 3;
const FREE = -1;
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
  /** Per slot: seq (FREE, or -(seq + 2) when cancelled), kind, a, b. */
  private slots: Float64Array;
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
    this.slots = new Float64Array(capacity << SLOT_SHIFT).fill(FREE);
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
      if (this.nextSlot === this.freeSlots.length) this.growSlots();
      slot = this.nextSlot++;
    }
    const slots = this.slots;
    const at = slot << SLOT_SHIFT;
    slots[at + SEQ] = seq;
    slots[at + KIND] = kind;
    slots[at + A] = a;
    slots[at + B] = b;
    const tag = seq * SLOT_SCALE + slot;
    this.lastHandle = tag;
    this.size++;
    if (this.useRadix) {
      // Discarding a cancelled head can move the radix floor past the caller's clock.
      if (time < this.radix.floorTime) this.moveKeys(true, time);
      this.radix.push(time, tag);
    } else {
      this.heap.push(time, tag);
      // Not lastTaken alone: a cancelled key discarded after the last live pop can have moved
      // it past keys pushed since (found by properties/event-queue.test.ts).
      if (this.size > this.radixAbove) this.moveKeys(true, Math.min(this.lastTaken, this.heap.minTime()));
    }
  }

  /** Cancels the event behind a handle; false (and no effect) if it already ran or was cancelled. */
  cancel(handle: number): boolean {
    const seq = handleSeq(handle);
    const slot = handle - seq * SLOT_SCALE;
    if (!(slot >= 0 && slot < this.freeSlots.length)) return false;
    const at = slot << SLOT_SHIFT;
    if (this.slots[at + SEQ] !== seq) return false;
    this.slots[at + SEQ] = -seq - 2;
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
      const slot = (this.take() >>> 0) & SLOT_MASK;
      const slots = this.slots;
      const at = slot << SLOT_SHIFT;
      const seq = slots[at + SEQ];
      slots[at + SEQ] = FREE;
      this.freeSlots[this.freeCount++] = slot;
      this.size--;
      if (seq < 0) {
        this.cancelledCount--;
        continue;
      }
      this.poppedTime = this.lastTaken;
      this.poppedSeq = seq;
      this.poppedKind = slots[at + KIND];
      this.poppedA = slots[at + A];
      this.poppedB = slots[at + B];
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
    const capacity = this.freeSlots.length * 2;
    if (capacity > MAX_PENDING_EVENTS) throw new RangeError(`EventQueue: more than ${MAX_PENDING_EVENTS} events pending`);
    this.slots = grow(this.slots, new Float64Array(capacity << SLOT_SHIFT).fill(FREE));
    this.freeSlots = grow(this.freeSlots, new Int32Array(capacity));
  }
}

/** The insertion sequence number inside a handle (tag). */
export function handleSeq(handle: number): number {
  return Math.floor(handle / SLOT_SCALE);
}

function grow<T extends Int32Array | Float64Array>(old: T, next: T): T {
  next.set(old);
  return next;
}
