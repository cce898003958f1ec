/**
 * ns-3 itself, measured on this machine beside nicsim. Issue 2's targets are ns-3 3.37 (from
 * Debian) figures taken on another machine; machines here differ by up to 2x, so the quoted
 * numbers alone cannot say whether nicsim is faster than ns-3. This section builds
 * bench/ns3/ns3-bench.cc against the installed libns3-dev, then alternates, run by run, the
 * same benchmark in ns-3 and in nicsim, each in a fresh process, so both see the same machine
 * at the same moment and neither profits from what ran before it:
 *
 * - hold at 1e3 / 1e5 / 1e6 pending events: ns-3's two binary-heap schedulers at each N and
 *   its default MapScheduler at 1e6, against bench/hold.ts's holdNsPerEvent;
 * - M/M/1/K (scenarios/mm1.json's parameters): ns-3 with each of those schedulers, against
 *   scenarios/mm1.json end to end.
 *
 * A nicsim row's target is the median of the fastest ns-3 row measured here (a quarter of
 * MapScheduler's at 1e6, as the issue asks for 4x). The section is skipped, saying why, where g++ or
 * libns3-dev is missing (`apt-get install libns3-dev` on Debian 12 installs ns-3 3.37).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '../scenario/load.ts';
import { ISSUE2_NS3 } from './hold.ts';
import { median, type BenchRow, type BenchSection, type BenchTarget } from './section.ts';

const SOURCE = fileURLToPath(new URL('./ns3/ns3-bench.cc', import.meta.url));
const NICSIM = fileURLToPath(new URL('./ns3-nicsim.ts', import.meta.url));


interface Ns3Binary {
  path: string;
  /** e.g. "libns3-dev 3.37-2, release build" */
  describe: string;
}

let built: Ns3Binary | string | undefined;

/** Compiles the ns-3 benchmark once per source version; a string says why it cannot be. */
function ns3Binary(): Ns3Binary | string {
  if (built !== undefined) return built;
  const source = readFileSync(SOURCE);
  const path = join(tmpdir(), `nicsim-ns3-bench-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.tmp`;
    const cc = spawnSync('g++', ['-O2', '-std=c++17', SOURCE, '-o', partial, '-lns3-core'], { encoding: 'utf8' });
    if (cc.error !== undefined || cc.status !== 0) {
      const why = cc.error !== undefined ? `g++ not found (${cc.error.message})` : (cc.stderr.split('\n').find((l) => l.includes('error')) ?? `g++ exit ${cc.status}`);
      built = `skipped: needs g++ and ns-3's headers and libns3-core (Debian 12: apt-get install libns3-dev); ${why.trim()}`;
      return built;
    }
    renameSync(partial, path);
  }
  const profile = execFileSync(path, ['profile'], { encoding: 'utf8' }).trim();
  const pkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'libns3-dev'], { encoding: 'utf8' });
  const version = pkg.status === 0 && pkg.stdout !== '' ? `libns3-dev ${pkg.stdout}` : 'ns-3 (version unknown: not a Debian package)';
  built = { path, describe: `${version}, ${profile} build` };
  return built;
}

function ns3(binary: Ns3Binary, args: readonly (string | number)[]): string[] {
  return execFileSync(binary.path, args.map(String), { encoding: 'utf8' }).trim().split(/\s+/);
}

/** The same measurement in nicsim, in a fresh Node process (bench/ns3-nicsim.ts). */
function nicsim(args: readonly (string | number)[]): string[] {
  return execFileSync(process.execPath, [...process.execArgv, NICSIM, ...args.map(String)], { encoding: 'utf8' }).trim().split(/\s+/);
}

/**
 * ns-3 3.37's binary-heap schedulers: HeapScheduler (its own heap) and PriorityQueueScheduler
 * (std::priority_queue). The issue's 142 / 268 / 463 ns are "ns-3's fastest scheduler, a
 * binary heap"; which of the two is faster is measured, not assumed. CalendarScheduler is left
 * out: it takes 7 us per hold at 1e5 and 109 us at 1e6 with these increments.
 */
const HEAPS = ['Heap', 'PriorityQueue'] as const;

export interface Measured {
  scheduler: string;
  samples: number[];
}

/** The measurement with the best median: the lowest time or the highest rate. */
export function fastest(measured: readonly Measured[], better: 'lower' | 'higher'): Measured {
  const sign = better === 'lower' ? 1 : -1;
  return measured.reduce((best, m) => (sign * median(m.samples) < sign * median(best.samples) ? m : best));
}

function holdRows(binary: Ns3Binary, runs: number, holds: number): BenchRow[] {
  return [1e3, 1e5, 1e6].flatMap((pending) => {
    const withMap = pending === 1e6;
    const schedulers: Measured[] = [...HEAPS, ...(withMap ? ['Map'] : [])].map((scheduler) => ({ scheduler, samples: [] }));
    const ours: number[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const m of schedulers) m.samples.push(Number(ns3(binary, ['hold', m.scheduler, pending, holds, run])[0]));
      ours.push(Number(nicsim(['hold', pending, holds, run])[0]));
    }
    const label = `N=1e${Math.log10(pending)}`;
    const best = fastest(schedulers.filter((m) => m.scheduler !== 'Map'), 'lower');
    const targets: BenchTarget[] = [
      {
        kind: 'max',
        value: Math.round(median(best.samples)),
        source: `ns-3 ${best.scheduler}Scheduler, the faster binary heap measured here; ${speedup(best.samples, ours, 'lower')}`,
      },
    ];
    const map = schedulers.find((m) => m.scheduler === 'Map');
    if (map !== undefined) {
      targets.push({
        kind: 'max',
        value: Math.round(median(map.samples) / 4),
        source: `4x faster than ns-3 MapScheduler measured here; ${speedup(map.samples, ours, 'lower')}`,
      });
    }
    return [
      ...schedulers.map((m) => ({
        label: `${label} ns-3 ${m.scheduler}`,
        unit: 'ns/hold',
        samples: m.samples,
        targets: [],
        note: m.scheduler === 'Map' ? `issue quotes ${ISSUE2_NS3.mapNsAt1e6} ns on its machine` : m.scheduler === best.scheduler ? `issue quotes ${ISSUE2_NS3.binaryHeapNs[pending]} ns on its machine` : '',
      })),
      { label: `${label} nicsim`, unit: 'ns/hold', samples: ours, targets },
    ];
  });
}

function mm1Rows(binary: Ns3Binary, runs: number, quick: boolean): BenchRow[] {
  const { simTimeNs: fullNs } = loadScenarioFile('scenarios/mm1.json').bounds;
  const simTimeNs = quick ? fullNs / 8 : fullNs;
  const rate = (fields: string[]): number => Number(fields[0]) / (Number(fields[1]) / 1e9) / 1e6;
  const schedulers: Measured[] = ['Map', ...HEAPS].map((scheduler) => ({ scheduler, samples: [] }));
  const ours: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const mine = nicsim(['mm1', simTimeNs, run]);
    ours.push(rate(mine));
    for (const m of schedulers) {
      const fields = ns3(binary, ['mm1', m.scheduler, simTimeNs, run]);
      m.samples.push(rate(fields));
      sameWorkload(Number(fields[0]), Number(fields[2]), Number(mine[0]), Number(mine[2]));
    }
  }
  const best = fastest(schedulers, 'higher');
  return [
    ...schedulers.map((m) => ({
      label: `M/M/1/K ns-3 ${m.scheduler}`,
      unit: 'M events/s',
      samples: m.samples,
      targets: [],
      note: m.scheduler === 'Map' ? `ns-3's default scheduler; issue quotes ${ISSUE2_NS3.mm1MEventsPerS} M events/s` : '',
    })),
    {
      label: 'M/M/1/K nicsim',
      unit: 'M events/s',
      samples: ours,
      targets: [
        {
          kind: 'min',
          value: Math.round(median(best.samples) * 100) / 100,
          source: `ns-3 ${best.scheduler}Scheduler, the fastest measured here; ${speedup(best.samples, ours, 'higher')}`,
        },
      ],
    },
  ];
}

/**
 * The two M/M/1/K programs must be the same workload for their rates to be comparable: about
 * as many events (nicsim also counts its drain) and the same mean sojourn within sampling error.
 */
export function sameWorkload(ns3Events: number, ns3SojournNs: number, nicsimEvents: number, nicsimSojournNs: number): void {
  if (Math.abs(ns3Events / nicsimEvents - 1) > 0.02 || Math.abs(ns3SojournNs / nicsimSojournNs - 1) > 0.05) {
    throw new Error(
      `ns-3 and nicsim M/M/1/K differ: ${ns3Events} vs ${nicsimEvents} events, mean sojourn ${ns3SojournNs} vs ${nicsimSojournNs} ns`,
    );
  }
}

/**
 * How many times faster nicsim was: the median over runs of the ratio within each run, for
 * figures where lower is better (ns per hold) or higher is (events per second).
 */
export function speedup(ns3Samples: readonly number[], nicsimSamples: readonly number[], better: 'lower' | 'higher'): string {
  const ratios = ns3Samples.map((ns3Value, i) => (better === 'lower' ? ns3Value / nicsimSamples[i] : nicsimSamples[i] / ns3Value));
  return `nicsim ${median(ratios).toFixed(2)}x as fast`;
}

export const ns3Section: BenchSection = {
  name: 'ns3',
  description:
    'ns-3 3.37 run on this machine, alternating run by run with nicsim: hold (ns per hold) and M/M/1/K (events per second), wall clock; each nicsim row is judged against the fastest ns-3 scheduler measured here',
  unavailable(): string | null {
    const binary = ns3Binary();
    return typeof binary === 'string' ? binary : null;
  },
  run({ quick, runs }): BenchRow[] {
    const binary = ns3Binary();
    if (typeof binary === 'string') return [];
    process.stdout.write(`  (${binary.describe})\n`);
    return [...holdRows(binary, runs, quick ? 200_000 : 2_000_000), ...mm1Rows(binary, runs, quick)];
  },
};
