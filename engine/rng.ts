/**
 * Named random streams. Each stream is an Alea generator (seedrandom) seeded from the pair
 * (root seed, stream name), so adding or removing a stream never shifts the draws of
 * another. Every draw is counted; the total enters the run's fingerprint.
 *
 * seedrandom seeds the generator (its Mash of the stream's key) and hands over its state;
 * the stream then steps Baagøe's Alea recurrence itself on a Float64Array, which yields
 * exactly seedrandom's sequence (a test pins that) without the per-draw property traffic of
 * seedrandom's closure object, the single largest cost of a draw on the hot path.
 */
import seedrandom from 'seedrandom';
import { ZIG_FE, ZIG_KE, ZIG_R, ZIG_WE } from './ziggurat.ts';

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** The key a stream is seeded from: root seed and name, nothing else. */
export function streamKey(rootSeed: number, name: string): string {
  return `nicsim:${rootSeed}:${name}`;
}

export class RandomStream {
  readonly name: string;
  draws = 0;
  /** Alea state: s0, s1, s2, c. */
  private readonly state = new Float64Array(4);

  constructor(rootSeed: number, name: string) {
    this.name = name;
    const seeded = seedrandom.alea(streamKey(rootSeed, name), { state: true }).state() as { s0: number; s1: number; s2: number; c: number };
    this.state[0] = seeded.s0;
    this.state[1] = seeded.s1;
    this.state[2] = seeded.s2;
    this.state[3] = seeded.c;
  }

  /** Uniform in [0, 1): one step of Alea, as seedrandom's alea.next(). */
  uniform(): number {
    this.draws++;
    const s = this.state;
    const t = 2091639 * s[0] + s[3] * TWO_POW_MINUS_32;
    s[0] = s[1];
    s[1] = s[2];
    const c = t | 0;
    s[3] = c;
    return (s[2] = t - c);
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  uniformInt(lo: number, hi: number): number {
    if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hi) && lo <= hi)) {
      throw new RangeError(`RandomStream.uniformInt(${lo}, ${hi}): expected safe integers with lo <= hi`);
    }
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.uniform() < p;
  }

  /** An exponential variate with the given mean, rounded to integer nanoseconds. */
  exponentialNs(meanNs: number): number {
    return Math.round(meanNs * this.unitExponential());
  }

  /**
   * A unit-mean exponential variate by the ziggurat method (ziggurat.ts). Each 32-bit
   * uniform is one Alea step: Alea's output is a multiple of 2^-32.
   */
  unitExponential(): number {
    let jz = this.uniform() * 4294967296;
    let iz = jz & 255;
    if (jz < ZIG_KE[iz]) return jz * ZIG_WE[iz];
    for (;;) {
      if (iz === 0) return ZIG_R - Math.log(1 - this.uniform());
      const x = jz * ZIG_WE[iz];
      if (ZIG_FE[iz] + this.uniform() * (ZIG_FE[iz - 1] - ZIG_FE[iz]) < Math.exp(-x)) return x;
      jz = this.uniform() * 4294967296;
      iz = jz & 255;
      if (jz < ZIG_KE[iz]) return jz * ZIG_WE[iz];
    }
  }

  /** Picks from a weighted discrete distribution. */
  pick(distribution: EmpiricalDistribution): number {
    return distribution.sample(this.uniform());
  }
}

/** A discrete distribution over integer values (frame sizes, burst lengths). */
export class EmpiricalDistribution {
  private readonly values: number[];
  private readonly cumulative: number[];

  constructor(values: readonly number[], weights: readonly number[]) {
    if (values.length === 0 || values.length !== weights.length) {
      throw new RangeError(`EmpiricalDistribution: expected equal non-empty values and weights, found ${values.length} and ${weights.length}`);
    }
    let total = 0;
    this.cumulative = weights.map((w) => {
      if (!(w >= 0)) throw new RangeError(`EmpiricalDistribution: weight ${w} is negative`);
      total += w;
      return total;
    });
    if (total <= 0) throw new RangeError('EmpiricalDistribution: weights sum to zero');
    this.cumulative = this.cumulative.map((c) => c / total);
    this.values = [...values];
  }

  /** Maps a uniform draw u in [0, 1) to a value by binary search on the CDF. */
  sample(u: number): number {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < this.cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }

  mean(): number {
    let previous = 0;
    let sum = 0;
    for (let i = 0; i < this.values.length; i++) {
      sum += this.values[i] * (this.cumulative[i] - previous);
      previous = this.cumulative[i];
    }
    return sum;
  }
}

/** The set of named streams of one run. */
export class RandomStreams {
  readonly rootSeed: number;
  private readonly streams = new Map<string, RandomStream>();

  constructor(rootSeed: number) {
    if (!Number.isSafeInteger(rootSeed)) throw new RangeError(`RandomStreams: seed must be a safe integer, found ${rootSeed}`);
    this.rootSeed = rootSeed;
  }

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new RandomStream(this.rootSeed, name);
      this.streams.set(name, s);
    }
    return s;
  }

  /** Total draws across all streams (enters the fingerprint). */
  totalDraws(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.draws;
    return n;
  }

  drawsByStream(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of [...this.streams.keys()].sort()) out[name] = this.streams.get(name)!.draws;
    return out;
  }
}
