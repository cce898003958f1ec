/**
 * The sweep summary as aligned text for a terminal: one block per grid point (its parameter
 * values, runs and failures) with median, min and max of each metric across seeds.
 */
import type { SummaryRow } from './sweep-summary.ts';

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4) return value.toFixed(1);
  return magnitude < 1e-3 ? value.toExponential(4) : value.toPrecision(6);
}

export function formatSummary(summary: readonly SummaryRow[]): string {
  const lines: string[] = [];
  for (const point of summary) {
    const params = Object.entries(point.params).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
    lines.push(`grid ${point.gridIndex}  ${params || '(base scenario)'}  (${point.runs} runs, ${point.failed} failed)`);
    const names = Object.keys(point.stats);
    if (names.length === 0) continue;
    const cells = names.map((n) => [n, formatNumber(point.stats[n].median), formatNumber(point.stats[n].min), formatNumber(point.stats[n].max)]);
    const header = ['metric', 'median', 'min', 'max'];
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
    const line = (c: string[]) => `  ${c[0].padEnd(widths[0])}  ${c.slice(1).map((x, i) => x.padStart(widths[i + 1])).join('  ')}`;
    lines.push(line(header), ...cells.map(line));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
