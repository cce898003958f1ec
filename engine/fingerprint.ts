/**
 * A rolling hash of the event trajectory (OMNeT++-style fingerprint).
 *
 * Two independent 32-bit lanes, each a murmur3-style mix, give a 64-bit value printed as
 * 16 hex digits. Inputs are safe integers; each is split into its low and high 32 bits so
 * that values above 2^32 (nanosecond times, UMEM addresses) hash exactly. Only integer
 * arithmetic via Math.imul is used, so the result is identical on every machine.
 */

const TWO_POW_32 = 4294967296;
/** x * 2^-32 is exactly x / 2^32 (a power of two), without a division. */
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const H1 = 0;
const H2 = 1;
const COUNT = 2;

export class Fingerprint {
  /**
   * h1, h2 and the count of mixed values, as int32. A typed array rather than three fields:
   * hash words do not fit V8's small integers, so fields would hold boxed doubles.
   */
  private readonly state = Int32Array.of(0x9747b28c | 0, 0x2b7e1516 | 0, 0);

  /** A fingerprint that continues from this one's state (the original is left as it is). */
  clone(): Fingerprint {
    const copy = new Fingerprint();
    copy.state.set(this.state);
    return copy;
  }

  /** Mixes one safe integer (negative values are mixed by their two's complement lanes). */
  mix(value: number): void {
    const state = this.state;
    const lo = value >>> 0;
    const hi = value >= 0 ? (value / TWO_POW_32) >>> 0 : Math.floor(value / TWO_POW_32) >>> 0;
    state[H1] = mixLane(mixLane(state[H1], lo), hi);
    state[H2] = mixLane(mixLane(state[H2], (lo ^ 0x5bd1e995) >>> 0), (hi + state[COUNT]) >>> 0);
    state[COUNT] = state[COUNT] + 1;
  }

  /**
   * Mixes one executed event. The engine's hot loop calls this for every event, so it is
   * written out by hand: five words (time low/high with the kind, seq, a, b) and one
   * multiply-rotate step per word, split over two lanes. Times and keys above 2^32 keep
   * their high bits. (Changing what it computes changes every golden fingerprint and
   * makes every committed bug report DIVERGE; rewriting how it computes the same is safe.)
   */
  mixEvent(time: number, seq: number, kind: number, a: number, b: number): void {
    const state = this.state;
    let h1 = state[H1] ^ (time >>> 0);
    h1 = Math.imul((h1 << 15) | (h1 >>> 17), 0x85ebca77);
    h1 ^= ((time * TWO_POW_MINUS_32) >>> 0) ^ (kind << 20);
    h1 = Math.imul((h1 << 13) | (h1 >>> 19), 0xc2b2ae3d);
    h1 ^= a >>> 0;
    state[H1] = Math.imul((h1 << 15) | (h1 >>> 17), 0x27d4eb2f);
    // seq < 2^31 (EventQueue asserts it), so its high word is 0 and `seq ^` is exact.
    let h2 = state[H2] ^ seq;
    h2 = Math.imul((h2 << 13) | (h2 >>> 19), 0x165667b1);
    h2 ^= (b >>> 0) ^ (((a * TWO_POW_MINUS_32) >>> 0) << 7) ^ (((b * TWO_POW_MINUS_32) >>> 0) << 23);
    state[H2] = Math.imul((h2 << 15) | (h2 >>> 17), 0x9e3779b1);
    state[COUNT] = state[COUNT] + 1;
  }

  /** Mixes a string (event kind names, model labels). */
  mixString(text: string): void {
    for (let i = 0; i < text.length; i++) this.mix(text.charCodeAt(i));
  }

  /** The current value as 16 lowercase hex digits. */
  hex(): string {
    const [h1, h2, count] = this.state;
    const a = finalize(h1 ^ count);
    const b = finalize(h2 ^ Math.imul(count, 0x27d4eb2d));
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}

function mixLane(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
