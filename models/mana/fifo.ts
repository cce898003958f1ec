/**
 * Bounded FIFOs of numbers (typed arrays, growing by doubling up to a hard bound) and of
 * objects, for in-flight items with a constant delay: frames on the wire, ACKs, XDP_TX
 * completions, redirected buffers. Events carry only the queue index; the item is the FIFO head.
 */
import { violate, type SimClock } from '../../engine/violation.ts';

const MAX_ITEMS = 1 << 22;

export interface NumFifo {
  /** Columns of one item. */
  cols: Float64Array[];
  head: number;
  count: number;
  capacity: number;
}

export function createNumFifo(columns: number, capacity = 64): NumFifo {
  return { cols: Array.from({ length: columns }, () => new Float64Array(capacity)), head: 0, count: 0, capacity };
}

/** Appends an item; returns its position for writing the columns (fifo.cols[c][pos] = v). */
export function fifoPushPos(clock: SimClock, f: NumFifo): number {
  if (f.count === f.capacity) {
    if (f.capacity >= MAX_ITEMS) violate(clock, 'fifo.push', 'fifo-bounded', `more than ${MAX_ITEMS} items in flight`);
    const cap = f.capacity * 2;
    f.cols = f.cols.map((c) => {
      const n = new Float64Array(cap);
      for (let i = 0; i < f.count; i++) n[i] = c[(f.head + i) % f.capacity];
      return n;
    });
    f.head = 0;
    f.capacity = cap;
  }
  const pos = (f.head + f.count) % f.capacity;
  f.count++;
  return pos;
}

/** Removes the head; returns its position (valid until the next push). */
export function fifoPopPos(clock: SimClock, f: NumFifo): number {
  if (f.count === 0) violate(clock, 'fifo.pop', 'fifo-nonempty', 'pop from an empty FIFO');
  const pos = f.head;
  f.head = f.head + 1 === f.capacity ? 0 : f.head + 1;
  f.count--;
  return pos;
}

export interface ObjFifo<T> {
  items: (T | null)[];
  head: number;
  count: number;
}

export function createObjFifo<T>(): ObjFifo<T> {
  return { items: new Array<T | null>(64).fill(null), head: 0, count: 0 };
}

export function objFifoPush<T>(clock: SimClock, f: ObjFifo<T>, item: T): void {
  if (f.count === f.items.length) {
    if (f.items.length >= MAX_ITEMS) violate(clock, 'fifo.push', 'fifo-bounded', `more than ${MAX_ITEMS} items in flight`);
    const n = new Array<T | null>(f.items.length * 2).fill(null);
    for (let i = 0; i < f.count; i++) n[i] = f.items[(f.head + i) % f.items.length];
    f.items = n;
    f.head = 0;
  }
  f.items[(f.head + f.count) % f.items.length] = item;
  f.count++;
}

export function objFifoPop<T>(clock: SimClock, f: ObjFifo<T>): T {
  if (f.count === 0) violate(clock, 'fifo.pop', 'fifo-nonempty', 'pop from an empty FIFO');
  const item = f.items[f.head]!;
  f.items[f.head] = null;
  f.head = (f.head + 1) % f.items.length;
  f.count--;
  return item;
}
