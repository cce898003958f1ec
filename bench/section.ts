/**
 * A benchmark section measures one thing several times and reports medians beside a
 * target. bench/main.ts runs every section listed in bench/sections.ts.
 */

export interface BenchTarget {
  /** The row passes when `median <= value` ('max') or `median >= value` ('min'). */
  kind: 'max' | 'min';
  value: number;
  /** Where the target comes from, e.g. 'ns-3 HeapScheduler'. */
  source: string;
}

export interface BenchRow {
  label: string;
  unit: string;
  /** One measurement per run; the report shows their median. */
  samples: number[];
  targets: BenchTarget[];
  /** Shown after the figures when there is no target to compare with. */
  note?: string;
}

export interface BenchOptions {
  /** Fewer events per run: a smoke test of the benchmark, not a measurement. */
  quick: boolean;
  runs: number;
  /** 'wall' (default) or 'cpu': this process's CPU time, steadier on a shared machine. */
  clock: BenchClock;
}

export type BenchClock = 'wall' | 'cpu';

export interface BenchSection {
  name: string;
  description: string;
  /** Why the section cannot run on this machine (a missing external tool), or null. */
  unavailable?(): string | null;
  run(options: BenchOptions): BenchRow[];
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function meets(target: BenchTarget, value: number): boolean {
  return target.kind === 'max' ? value <= target.value : value >= target.value;
}

/** Wall-clock nanoseconds (benchmarks only: engine/ and models/ never read the clock). */
export function wallNs(): number {
  return Number(process.hrtime.bigint());
}

/** Nanoseconds on the chosen clock; CPU time is user + system time of this process. */
export function clockNs(clock: BenchClock): number {
  if (clock === 'wall') return wallNs();
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

/**
 * Holds the hold model (bench/hold.ts) runs before the clock starts: N of them (at most
 * 1e6) so the pending set reaches its steady spread, and at least 500k so V8 has optimized
 * the hot path. With only 1000 at N = 1e3, the timed 2M holds included about 50 ms of
 * interpreter and baseline code (the first 200k holds averaged ~500 ns against ~250 ns
 * after), about 10 % of the figure. The reference heap and ns-3's hold
 * (bench/ns3/ns3-bench.cc) warm up by the same rule.
 */
export function warmupHolds(pending: number): number {
  return Math.max(Math.min(pending, 1_000_000), 500_000);
}
