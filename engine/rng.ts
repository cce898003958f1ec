/**
 * Named random streams. Each stream is an Alea generator (seedrandom) seeded from the pair
 * (root seed, stream name), so adding or removing a stream never shifts the draws of
 * another. Every draw is counted; the total enters the run's fingerprint.
 */
import seedrandom from 'seedrandom';

export class RandomStream {
  readonly name: string;
  draws = 0;
  private readonly next: () => number;

  constructor(rootSeed: number, name: string) {
    this.name = name;
    this.next = seedrandom.alea(`nicsim:${rootSeed}:${name}`);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    this.draws++;
    return this.next();
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
    return Math.round(-meanNs * Math.log(1 - this.uniform()));
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
