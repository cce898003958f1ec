/**
 * A bounded ring of the most recent events, kept for bug reports. Fixed capacity, typed
 * arrays, overwritten in place: recording an event allocates nothing.
 */

export interface RecordedEvent {
  eventNumber: number;
  timeNs: number;
  seq: number;
  kind: string;
  a: number;
  b: number;
}

export class RecentEvents {
  readonly capacity: number;
  private readonly number: Float64Array;
  private readonly time: Float64Array;
  private readonly seq: Float64Array;
  private readonly kind: Int32Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private written = 0;

  private readonly mask: number;

  /** capacity is rounded up to a power of two so the ring index is a mask. */
  constructor(capacity = 64) {
    capacity = 1 << Math.ceil(Math.log2(Math.max(1, capacity)));
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.number = new Float64Array(capacity);
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.a = new Float64Array(capacity);
    this.b = new Float64Array(capacity);
  }

  record(eventNumber: number, timeNs: number, seq: number, kind: number, a: number, b: number): void {
    const i = this.written & this.mask;
    this.number[i] = eventNumber;
    this.time[i] = timeNs;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.a[i] = a;
    this.b[i] = b;
    this.written++;
  }

  /** Oldest first. */
  snapshot(kindNames: readonly string[]): RecordedEvent[] {
    const n = Math.min(this.written, this.capacity);
    const out: RecordedEvent[] = [];
    for (let k = this.written - n; k < this.written; k++) {
      const i = k % this.capacity;
      out.push({
        eventNumber: this.number[i],
        timeNs: this.time[i],
        seq: this.seq[i],
        kind: kindNames[this.kind[i]] ?? `#${this.kind[i]}`,
        a: this.a[i],
        b: this.b[i],
      });
    }
    return out;
  }
}
