/**
 * Regenerates the two seed charts of issue 7 from shipped scenarios, deterministically:
 *
 *   docs/figures/xsk-pps-vs-size.svg               scenarios/xsk-seed-table.json, copy and
 *                                                  zerocopy pps at 64/512/1024/1500 bytes, with
 *                                                  the seed commit's xdpsock numbers overlaid
 *   docs/figures/mana-memory-throughput-vs-mtu.svg the four mana-{4k,64k}-{frag,fullpage}-tcp
 *                                                  scenarios at several MTUs: memory per RX queue
 *                                                  (q0TotalBytes) and TCP throughput
 *   docs/figures/index.html                        both charts with their data tables
 *
 *   npm run figures            (node --import tsx tools/figures.ts [outDir])
 *
 * Every run uses the scenario's own seed and bounds, and nothing time- or machine-dependent
 * (wall time, events/s) reaches the output, so a rerun writes the same bytes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeOutput } from '../output/out-file.ts';
import { renderHtmlReport, type ReportSection } from '../output/html-report.ts';
import { setPath } from '../output/json-path.ts';
import { mtuChart, ppsChart, SEED_XSK_PPS, type MtuRow, type PpsRow } from '../output/plot.ts';
import { loadScenarioFile, resolveScenario } from '../scenario/load.ts';
import { ScenarioError } from '../scenario/problems.ts';
import { runScenario } from '../scenario/run.ts';
import type { ResolvedScenario } from '../scenario/schema.ts';
import type { MetricValue } from '../scenario/workload-module.ts';

/** What the figures need from a run: its status and flat metrics. */
export interface FigureRun {
  status: string;
  metrics: Record<string, MetricValue>;
  violation?: unknown;
  liveness?: string;
}

/** Runs a resolved scenario (the default runs it for real; tests inject a shorter one). */
export type Runner = (scenario: ResolvedScenario, label: string) => FigureRun;

export const XSK_SCENARIO = 'scenarios/xsk-seed-table.json';
export const MANA_SCENARIOS = ['mana-4k-fullpage-tcp', 'mana-4k-frag-tcp', 'mana-64k-fullpage-tcp', 'mana-64k-frag-tcp'].map((n) => `scenarios/${n}.json`);
export const MANA_MTUS: readonly number[] = [1500, 2000, 3000, 4000, 9000];
/** The field of the mana scenarios that sets the MTU. */
export const MTU_PATH = 'workloads.0.mtu';
/**
 * Memory per RX queue: everything queue 0 pins (page_pool inflight pages plus pre-allocated
 * ring pages), i.e. the ring's pages plus the pool caches, plus pages still in flight (none
 * once the run has drained, when metrics are taken).
 */
export const MEMORY_METRIC = 'mana-rx.q0TotalBytes';
/** Scenario paths are relative to the repository root, wherever the command runs from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SIZES_BYTES: readonly number[] = [64, 512, 1024, 1500];
const MODES: readonly string[] = ['copy', 'zerocopy'];

export const runForReal: Runner = (scenario) => runScenario(scenario);

function requireOk(run: FigureRun, label: string): void {
  if (run.status !== 'ok') {
    const why = run.liveness ?? (run.violation === undefined ? '' : JSON.stringify(run.violation));
    throw new Error(`figures: ${label} ended with status ${run.status}${why === '' ? '' : `: ${why}`}`);
  }
}

function numberMetric(run: FigureRun, name: string, label: string): number {
  const v = run.metrics[name];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`figures: ${label} has no numeric metric ${name} (found ${JSON.stringify(v)})`);
  return v;
}

/** nicsim's pps for copy and zerocopy at the seed's four sizes, from an xsk-seed-table run (`xdpsock.<nic>.<kernel>.<size>.pps`). */
export function xskRows(run: FigureRun): PpsRow[] {
  requireOk(run, XSK_SCENARIO);
  const rows: PpsRow[] = [];
  for (const mode of MODES) {
    for (const sizeBytes of SIZES_BYTES) {
      const pattern = new RegExp(`^xdpsock\\.${mode}\\..+\\.${sizeBytes}\\.pps$`);
      const names = Object.keys(run.metrics).filter((n) => pattern.test(n));
      if (names.length !== 1) throw new Error(`figures: ${XSK_SCENARIO}: expected one metric xdpsock.${mode}.<kernel>.${sizeBytes}.pps, found ${names.length} (${names.join(', ')})`);
      rows.push({ sizeBytes, mode, pps: numberMetric(run, names[0], XSK_SCENARIO), source: 'nicsim' });
    }
  }
  return rows;
}

/** One mana point with the columns of the data table (the chart uses the MtuRow part). */
export interface ManaPoint extends MtuRow {
  scenario: string;
  ringBytes: number;
  poolCacheBytes: number;
  inFlightBytes: number;
  truesizePerPacketBytes: number;
}

export interface Rejected {
  scenario: string;
  mtu: number;
  reason: string;
}

/**
 * The seed's before/after wording for the model's variant names, short enough for the
 * chart's legend: before = a full page per RX buffer, after = page_pool fragments.
 */
export function variantLabel(variant: string): string {
  if (variant === 'pre-730ff06d') return 'before';
  if (variant === 'upstream-6x') return 'after';
  return variant;
}

/**
 * Runs every base scenario at every MTU (the scenario's seed and bounds unchanged) and
 * returns one point per accepted (scenario, MTU); MTUs the scenario's checks or the driver
 * model reject (a ScenarioError) are listed, not plotted.
 */
export function manaRows(bases: readonly { file: string; scenario: ResolvedScenario }[], mtus: readonly number[], run: Runner = runForReal): { points: ManaPoint[]; rejected: Rejected[] } {
  const points: ManaPoint[] = [];
  const rejected: Rejected[] = [];
  for (const { file, scenario: base } of bases) {
    for (const mtu of mtus) {
      const label = `${file} with ${MTU_PATH}=${mtu}`;
      let result: FigureRun;
      try {
        result = run(resolveScenario(setPath(base, MTU_PATH, mtu), label), label);
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        rejected.push({ scenario: file, mtu, reason: error.problems.map((p) => `${p.where}: ${p.message}`).join('; ') });
        continue;
      }
      requireOk(result, label);
      const variant = result.metrics['mana-rx.variant'];
      if (typeof variant !== 'string') throw new Error(`figures: ${label} has no mana-rx.variant metric`);
      points.push({
        scenario: file,
        mtu: numberMetric(result, 'mana-rx.mtu', label),
        pageSizeBytes: numberMetric(result, 'mana-rx.pageSizeBytes', label),
        variant: variantLabel(variant),
        memoryBytes: numberMetric(result, MEMORY_METRIC, label),
        gbps: numberMetric(result, 'mana-rx.throughputGbps', label),
        ringBytes: numberMetric(result, 'mana-rx.q0RingBytes', label),
        poolCacheBytes: numberMetric(result, 'mana-rx.q0PoolCacheBytes', label),
        inFlightBytes: numberMetric(result, 'mana-rx.q0InFlightBytes', label),
        truesizePerPacketBytes: numberMetric(result, 'mana-rx.truesizePerPacketBytes', label),
      });
    }
  }
  return { points, rejected };
}

export const XSK_TITLE = 'XSK generic TX (v5.12, virtio_net): pps vs frame size, nicsim vs seed';
export const MANA_TITLE = 'MANA RX: memory per RX queue (ring + pool caches) and TCP throughput vs MTU';

export interface Figures {
  xsk: PpsRow[];
  mana: ManaPoint[];
  rejected: Rejected[];
  /** File name → contents. */
  files: Record<string, string>;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** The xsk table: one row per (size, mode) with nicsim's pps beside the seed's. */
export function xskTable(rows: readonly PpsRow[]): Record<string, number | string>[] {
  return rows.map((r) => {
    const seed = SEED_XSK_PPS.find((s) => s.sizeBytes === r.sizeBytes && s.mode === r.mode);
    if (seed === undefined) throw new Error(`figures: no seed number for ${r.mode} at ${r.sizeBytes} bytes`);
    return { sizeBytes: r.sizeBytes, mode: r.mode, nicsimPps: r.pps, seedPps: seed.pps, errorPercent: round(((r.pps - seed.pps) / seed.pps) * 100, 2) };
  });
}

export function manaTable(points: readonly ManaPoint[]): Record<string, number | string>[] {
  return points.map((p) => ({
    pageSizeBytes: p.pageSizeBytes,
    variant: p.variant,
    mtu: p.mtu,
    memoryBytes: p.memoryBytes,
    memoryMiB: round(p.memoryBytes / 1048576, 3),
    ringBytes: p.ringBytes,
    poolCacheBytes: p.poolCacheBytes,
    inFlightBytes: p.inFlightBytes,
    truesizePerPacketBytes: p.truesizePerPacketBytes,
    throughputGbps: round(p.gbps, 3),
    scenario: p.scenario,
  }));
}

function columns(rows: readonly Record<string, unknown>[]): string[] {
  return rows.length === 0 ? [] : Object.keys(rows[0]);
}

/** Runs the scenarios (or the injected runner) and renders both charts and the index. */
export async function buildFigures(options: { run?: Runner; mtus?: readonly number[]; manaScenarios?: readonly string[] } = {}): Promise<Figures> {
  const run = options.run ?? runForReal;
  const xsk = xskRows(run(loadScenarioFile(join(ROOT, XSK_SCENARIO)), XSK_SCENARIO));
  const bases = (options.manaScenarios ?? MANA_SCENARIOS).map((file) => ({ file, scenario: loadScenarioFile(join(ROOT, file)) }));
  const mtus = options.mtus ?? MANA_MTUS;
  const { points, rejected } = manaRows(bases, mtus, run);
  const xskSvg = await ppsChart([...xsk, ...SEED_XSK_PPS], XSK_TITLE);
  const manaSvg = await mtuChart(points, MANA_TITLE);
  const xskRowsTable = xskTable(xsk);
  const manaRowsTable = manaTable(points);
  const rejectedRows = rejected.map((r) => ({ scenario: r.scenario, mtu: r.mtu, reason: r.reason }));
  const sections: ReportSection[] = [
    {
      heading: 'XSK generic TX: packets per second vs frame size',
      text: `${XSK_SCENARIO} run once (seed 1): xdpsock txonly on virtio_net, copy vs zerocopy (kernel 5.12), solid lines; the seed commit's xdpsock table (Aliyun ECS) dashed. The cost model was fitted at 64 and 1500 bytes only, so 512 and 1024 are predictions.`,
      svgs: [xskSvg],
      table: { columns: columns(xskRowsTable), rows: xskRowsTable },
    },
    {
      heading: 'MANA RX: memory per RX queue and TCP throughput vs MTU',
      text: `${bases.map((b) => b.file).join(', ')} with ${MTU_PATH} set to ${mtus.join(', ')}, each at its own seed and bounds. Memory per RX queue is ${MEMORY_METRIC}: every page queue 0 pins (the RX ring's pages plus the page_pool caches, plus pages in flight, which are none after the drain when metrics are taken). In the legend, before = pre-730ff06d (every RX buffer a full page) and after = upstream-6x with 730ff06d (RX buffers are page_pool fragments when more than one fits in a page). Throughput is the TCP flow's application goodput (mana-rx.throughputGbps).`,
      svgs: [manaSvg],
      table: { columns: columns(manaRowsTable), rows: manaRowsTable },
    },
    rejected.length === 0
      ? { heading: 'MTUs rejected', text: `None: every scenario accepted every MTU of ${mtus.join(', ')}.` }
      : { heading: 'MTUs rejected', text: 'These (scenario, MTU) pairs were rejected by the scenario checks or the driver model and are not plotted.', table: { columns: ['scenario', 'mtu', 'reason'], rows: rejectedRows } },
  ];
  const html = renderHtmlReport({ title: 'nicsim: the seed charts of issue 7', subtitle: 'Generated by npm run figures (tools/figures.ts); deterministic, rerunning writes the same bytes.', sections });
  return {
    xsk,
    mana: points,
    rejected,
    files: { 'xsk-pps-vs-size.svg': xskSvg, 'mana-memory-throughput-vs-mtu.svg': manaSvg, 'index.html': html },
  };
}

/** Writes every figure file into outDir (atomically, one by one). */
export function writeFigures(figures: Figures, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(figures.files).map(([name, text]) => {
    const path = join(outDir, name);
    writeOutput(undefined, path, text);
    return path;
  });
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? 'docs/figures';
  const figures = await buildFigures();
  for (const r of figures.rejected) process.stderr.write(`figures: rejected ${r.scenario} at MTU ${r.mtu}: ${r.reason}\n`);
  for (const path of writeFigures(figures, outDir)) process.stderr.write(`figures: wrote ${path}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
