/**
 * Charts as SVG strings: data in, SVG out, rendered by vega-lite → vega headless (no canvas,
 * no DOM), so the axes, scales and legends are those of a well-kept charting library.
 *
 *   ppsChart          — pps against frame size, copy vs zerocopy, nicsim beside the seed's numbers
 *   mtuChart          — memory per RX queue and throughput against MTU for 4K and 64K pages
 *   sweepChart        — any sweep metric against a parameter, one line per series
 *
 * Every data row is drawn as one point (lines join them), so a chart can be checked by
 * counting its point marks.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface PpsRow {
  sizeBytes: number;
  mode: 'copy' | 'zerocopy' | string;
  pps: number;
  source: 'nicsim' | 'seed';
}

/**
 * The xdpsock txonly numbers in the XSK generic zerocopy commit message (v5.12, Aliyun ECS,
 * `xdpsock -i eth0 -t -S -s <size>`): copy vs the new page (zerocopy) path.
 */
export const SEED_XSK_PPS: readonly PpsRow[] = [
  [64, 1916747, 1974058],
  [512, 1775988, 1953655],
  [1024, 1600203, 1945463],
  [1500, 1440054, 1904478],
].flatMap(([sizeBytes, copy, zerocopy]) => [
  { sizeBytes, mode: 'copy', pps: copy, source: 'seed' as const },
  { sizeBytes, mode: 'zerocopy', pps: zerocopy, source: 'seed' as const },
]);

export interface MtuRow {
  mtu: number;
  pageSizeBytes: number;
  variant: string;
  memoryBytes: number;
  gbps: number;
}

export interface SweepPoint {
  x: number;
  y: number;
  series: string;
}

export interface ChartLabels {
  title?: string;
  xTitle: string;
  yTitle: string;
  seriesTitle?: string;
}

const WIDTH = 420;
const HEIGHT = 280;

/** Renders a vega-lite spec to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile(spec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function requireFinite(api: string, rows: readonly object[], fields: readonly string[]): void {
  for (const [i, row] of rows.entries()) {
    for (const field of fields) {
      const v = (row as Record<string, unknown>)[field];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${api}: row ${i} has ${field} = ${String(v)}, expected a finite number`);
    }
  }
}

export async function ppsChart(rows: readonly PpsRow[], title = 'XSK generic TX: packets per second vs frame size'): Promise<string> {
  requireFinite('ppsChart', rows, ['sizeBytes', 'pps']);
  const values = rows.map((r) => ({ ...r, line: `${r.mode} (${r.source})` }));
  const encoding = {
    x: { field: 'sizeBytes', type: 'quantitative', title: 'frame size (bytes)' },
    y: { field: 'pps', type: 'quantitative', title: 'packets per second', scale: { zero: false } },
    color: { field: 'mode', type: 'nominal', title: 'mode' },
    strokeDash: { field: 'source', type: 'nominal', title: 'source', scale: { domain: ['nicsim', 'seed'], range: [[1, 0], [4, 3]] } },
    shape: { field: 'source', type: 'nominal', title: 'source', scale: { domain: ['nicsim', 'seed'], range: ['circle', 'triangle-up'] } },
    detail: { field: 'line' },
  } as const;
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: HEIGHT,
    data: { values },
    layer: [
      { mark: { type: 'line' }, encoding: { x: encoding.x, y: encoding.y, color: encoding.color, strokeDash: encoding.strokeDash, detail: encoding.detail } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: encoding.x, y: encoding.y, color: encoding.color, shape: encoding.shape, tooltip: [{ field: 'sizeBytes' }, { field: 'mode' }, { field: 'pps' }, { field: 'source' }] } },
    ],
  } as TopLevelSpec);
}

export async function mtuChart(rows: readonly MtuRow[], title = 'MANA RX: memory per RX queue and throughput vs MTU'): Promise<string> {
  requireFinite('mtuChart', rows, ['mtu', 'pageSizeBytes', 'memoryBytes', 'gbps']);
  const values = rows.map((r) => ({ ...r, memoryMiB: r.memoryBytes / 1048576, series: `${r.pageSizeBytes / 1024}K pages, ${r.variant}` }));
  const panel = (field: string, yTitle: string) => ({
    width: WIDTH * 0.75,
    height: HEIGHT,
    layer: [
      { mark: { type: 'line' }, encoding: { x: { field: 'mtu', type: 'quantitative', title: 'MTU (bytes)' }, y: { field, type: 'quantitative', title: yTitle }, color: { field: 'series', type: 'nominal', title: 'page size, variant' } } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { x: { field: 'mtu', type: 'quantitative', title: 'MTU (bytes)' }, y: { field, type: 'quantitative', title: yTitle }, color: { field: 'series', type: 'nominal', title: 'page size, variant' }, tooltip: [{ field: 'mtu' }, { field: 'series' }, { field }] } },
    ],
  });
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    hconcat: [panel('memoryMiB', 'memory per RX queue (MiB)'), panel('gbps', 'throughput (Gbit/s)')],
  } as TopLevelSpec);
}

export async function sweepChart(rows: readonly SweepPoint[], labels: ChartLabels): Promise<string> {
  requireFinite('sweepChart', rows, ['x', 'y']);
  const x = { field: 'x', type: 'quantitative', title: labels.xTitle, scale: { zero: false } };
  const y = { field: 'y', type: 'quantitative', title: labels.yTitle };
  const color = { field: 'series', type: 'nominal', title: labels.seriesTitle ?? 'series', legend: { labelLimit: 400 } };
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(labels.title === undefined ? {} : { title: labels.title }),
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      { mark: { type: 'line' }, encoding: { x, y, color } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color, tooltip: [{ field: 'x', title: labels.xTitle }, { field: 'y', title: labels.yTitle }, { field: 'series' }] } },
    ],
  } as TopLevelSpec);
}
