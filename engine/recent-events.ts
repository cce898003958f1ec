/**
 * A bounded ring of the most recent events, kept for bug reports. Fixed capacity, one typed
 * array with a stride of 8 doubles per event, overwritten in place: recording an event is
 * five stores into one array and allocates nothing.
 *
 * Events are numbered in the order they are recorded, from 1. The simulator records every
 * event it executes, so that ordinal is the run's event number and need not be stored.
 */

export interface RecordedEvent {
  eventNumber: number;
  timeNs: number;
  seq: number;
  kind: string;
  a: number;
  b: number;
}

const STRIDE_SHIFT = 3;
const TIME = 0;
const SEQ = 1;
const KIND = 2;
const A = 3;
const B = 4;

export class RecentEvents {
  readonly capacity: number;
  private readonly ring: Float64Array;
  private readonly mask: number;
  private written = 0;

  /** capacity is rounded up to a power of two so the ring index is a mask. */
  constructor(capacity = 64) {
    capacity = 1 << Math.ceil(Math.log2(Math.max(1, capacity)));
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.ring = new Float64Array(capacity << STRIDE_SHIFT);
  }

  /** Records the next event (number = events recorded so far + 1). */
  record(timeNs: number, seq: number, kind: number, a: number, b: number): void {
    const ring = this.ring;
    const at = (this.written & this.mask) << STRIDE_SHIFT;
    ring[at + TIME] = timeNs;
    ring[at + SEQ] = seq;
    ring[at + KIND] = kind;
    ring[at + A] = a;
    ring[at + B] = b;
    this.written++;
  }

  /** Oldest first. */
  snapshot(kindNames: readonly string[]): RecordedEvent[] {
    const n = Math.min(this.written, this.capacity);
    const out: RecordedEvent[] = [];
    for (let k = this.written - n; k < this.written; k++) {
      const at = (k & this.mask) << STRIDE_SHIFT;
      const kind = this.ring[at + KIND];
      out.push({
        eventNumber: k + 1,
        timeNs: this.ring[at + TIME],
        seq: this.ring[at + SEQ],
        kind: kindNames[kind] ?? `#${kind}`,
        a: this.ring[at + A],
        b: this.ring[at + B],
      });
    }
    return out;
  }
}
