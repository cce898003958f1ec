/**
 * `--events FILE`: every executed event as one JSON line
 * `{"n":1,"t":0,"seq":0,"kind":"queueing.mm1k.w0.arrival","a":0,"b":0}`, written through the
 * output layer (output/out-file.ts): a temporary file renamed into place by `finish()`, or
 * straight into a pipe, device or inherited descriptor (check-determinism's fd 3).
 *
 * Lines are formatted straight into a byte buffer (digits written by hand, each kind's
 * quoted name prepared once): traces of millions of events cost tens of ns per event, not
 * the hundreds that building strings would.
 */
import type { TraceSink } from '../engine/index.ts';
import type { OutFile } from '../output/out-file.ts';

const BUFFER_BYTES = 1 << 20;
/** Room for one line with the longest number texts and a kind name of up to 1 KiB. */
const MAX_LINE_BYTES = 2048;
const N = Buffer.from('{"n":');
const T = Buffer.from(',"t":');
const SEQ = Buffer.from(',"seq":');
const B = Buffer.from(',"b":');
const END = Buffer.from('}\n');

export class TraceFile implements TraceSink {
  private readonly out: OutFile;
  /** Per kind name: the bytes `,"kind":"<name>","a":`. */
  private readonly kindBytes = new Map<string, Buffer>();
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;

  constructor(out: OutFile) {
    this.out = out;
  }

  event(eventNumber: number, timeNs: number, seq: number, kind: string, a: number, b: number): void {
    let kindBytes = this.kindBytes.get(kind);
    if (kindBytes === undefined) {
      kindBytes = Buffer.from(`,"kind":${JSON.stringify(kind.slice(0, 1000))},"a":`);
      this.kindBytes.set(kind, kindBytes);
    }
    if (this.used + MAX_LINE_BYTES > BUFFER_BYTES) this.flush();
    const buf = this.buffer;
    let at = this.used;
    at = putBytes(buf, at, N);
    at = putNumber(buf, at, eventNumber);
    at = putBytes(buf, at, T);
    at = putNumber(buf, at, timeNs);
    at = putBytes(buf, at, SEQ);
    at = putNumber(buf, at, seq);
    at = putBytes(buf, at, kindBytes);
    at = putNumber(buf, at, a);
    at = putBytes(buf, at, B);
    at = putNumber(buf, at, b);
    at = putBytes(buf, at, END);
    this.used = at;
  }

  /** Flushes, closes and renames the trace into place. */
  finish(): void {
    this.flush();
    this.out.commit();
  }

  /** Closes and removes the partial trace (the run failed or was interrupted). */
  abandon(): void {
    this.out.abort();
  }

  private flush(): void {
    if (this.used > 0) this.out.write(this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

/** Copies a short byte string (a loop beats Buffer.copy's call overhead at this size). */
function putBytes(buf: Uint8Array, at: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) buf[at + i] = bytes[i];
  return at + bytes.length;
}

const digitScratch = new Uint8Array(24);

/** Writes a number as JSON would print it; safe integers by hand, anything else via String(). */
function putNumber(buf: Buffer, at: number, value: number): number {
  if (!Number.isSafeInteger(value)) return at + buf.write(JSON.stringify(value) ?? 'null', at, 'latin1');
  if (value < 0) {
    buf[at++] = 0x2d;
    value = -value;
  }
  let n = 0;
  if (value < 0x80000000) {
    let v = value | 0;
    do {
      const q = (v / 10) | 0;
      digitScratch[n++] = 0x30 + (v - q * 10);
      v = q;
    } while (v > 0);
  } else {
    let v = value;
    do {
      const q = Math.floor(v / 10);
      digitScratch[n++] = 0x30 + (v - q * 10);
      v = q;
    } while (v > 0);
  }
  while (n > 0) buf[at++] = digitScratch[--n];
  return at;
}
