/**
 * Self-contained HTML reports: one file with inline CSS and inline SVG charts, no scripts and
 * no external assets, so it can be attached to a bug report or a mailing-list post.
 *
 *   renderHtmlReport — the document from sections (text, tables, charts)
 *   runReport        — a single run result: summary fields, then one table per nested group
 *   sweepReport      — a sweep: parameters, summary (median/min/max) table, one chart per
 *                      metric against the first parameter, and every row
 */
import { columnsOf } from './csv.ts';
import { flatten, type Scalar } from './flatten.ts';
import { sweepChart } from './plot.ts';
import { flattenSummary, type SummaryRow, type SweepRow } from './sweep-summary.ts';
import { rowRecord } from './sweep.ts';

export interface ReportTable {
  columns: string[];
  rows: Record<string, Scalar>[];
}

export interface ReportSection {
  heading: string;
  text?: string;
  table?: ReportTable;
  /** SVG markup from output/plot.ts. */
  svgs?: string[];
  /** Preformatted text (a text report, a JSON document). */
  pre?: string;
}

export interface ReportDocument {
  title: string;
  subtitle?: string;
  sections: ReportSection[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function formatCell(value: Scalar | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
  return String(value);
}

/** Charts rendered separately may reuse ids (clip paths); prefix them so inline SVGs do not clash. */
export function namespaceSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

function renderTable(table: ReportTable): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${table.columns.map((c) => `<td class="${typeof row[c] === 'number' ? 'num' : ''}">${escapeHtml(formatCell(row[c]))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#222}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.subtitle{color:#666;margin-top:0}.table{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;white-space:nowrap}th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{margin:1rem 0}pre{background:#f8f8f8;border:1px solid #ddd;padding:.5rem;overflow-x:auto;font-size:.8rem}.chart svg{max-width:100%;height:auto}`;

export function renderHtmlReport(doc: ReportDocument): string {
  let chartNumber = 0;
  const sections = doc.sections.map((s) => {
    const parts = [`<section>\n<h2>${escapeHtml(s.heading)}</h2>`];
    if (s.text !== undefined) parts.push(`<p>${escapeHtml(s.text)}</p>`);
    for (const svg of s.svgs ?? []) parts.push(`<div class="chart">${namespaceSvgIds(svg, `chart${++chartNumber}`)}</div>`);
    if (s.table !== undefined) parts.push(renderTable(s.table));
    if (s.pre !== undefined) parts.push(`<pre>${escapeHtml(s.pre)}</pre>`);
    parts.push('</section>');
    return parts.join('\n');
  });
  const subtitle = doc.subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>\n`;
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(doc.title)}</title>\n<style>\n${STYLE}\n</style>\n</head>\n<body>\n<h1>${escapeHtml(doc.title)}</h1>\n${subtitle}${sections.join('\n')}\n</body>\n</html>\n`;
}

/** A two-column (name, value) table of a record, nested fields flattened to dotted names. */
export function keyValueTable(record: Record<string, unknown>): ReportTable {
  return { columns: ['name', 'value'], rows: Object.entries(flatten(record)).map(([name, value]) => ({ name, value })) };
}

/** A run result (JSON from `nicsim run --json`): top-level fields, then one table per nested group. */
export function runReport(result: Record<string, unknown>, title = 'nicsim run'): string {
  const summary: Record<string, Scalar> = {};
  const groups: ReportSection[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (value !== null && typeof value === 'object') {
      const flat = flatten(value);
      groups.push({ heading: key, table: { columns: ['name', 'value'], rows: Object.entries(flat).map(([name, v]) => ({ name, value: v })) } });
    } else summary[key] = flatten(value, key)[key] ?? null;
  }
  const name = typeof result.scenario === 'string' ? result.scenario : typeof result.name === 'string' ? result.name : undefined;
  const sections: ReportSection[] = [{ heading: 'Run', table: { columns: ['name', 'value'], rows: Object.entries(summary).map(([n, v]) => ({ name: n, value: v })) } }, ...groups];
  return renderHtmlReport({ title: name === undefined ? title : `${title}: ${name}`, sections });
}

export interface SweepReportInput {
  title?: string;
  rows: readonly SweepRow[];
  summary: readonly SummaryRow[];
  /** Metrics to chart; default: every numeric metric, up to maxCharts. */
  metrics?: string[];
  maxCharts?: number;
}

/** A sweep directory's rows and summary as one HTML file. */
export async function sweepReport(input: SweepReportInput): Promise<string> {
  const summary = input.summary;
  const paths = summary.length === 0 ? [] : Object.keys(summary[0].params);
  const metrics = input.metrics ?? [...new Set(summary.flatMap((s) => Object.keys(s.stats)))].slice(0, input.maxCharts ?? 12);
  // Only parameters that take more than one value are worth an axis or a series.
  const varying = paths.filter((p) => new Set(summary.map((s) => JSON.stringify(s.params[p]))).size > 1);
  const xPath = varying.find((p) => summary.every((s) => typeof s.params[p] === 'number'));
  const charts: string[] = [];
  if (xPath !== undefined) {
    const seriesPaths = varying.filter((p) => p !== xPath);
    for (const metric of metrics) {
      const points = summary
        .filter((s) => s.stats[metric] !== undefined)
        .map((s) => ({ x: s.params[xPath] as number, y: s.stats[metric].median, series: seriesPaths.length === 0 ? 'median' : seriesPaths.map((p) => `${p}=${String(s.params[p])}`).join(', ') }));
      if (points.length > 0) charts.push(await sweepChart(points, { title: `${metric} (median across seeds)`, xTitle: xPath, yTitle: metric }));
    }
  }
  const flatSummary = flattenSummary(summary);
  const records = input.rows.map(rowRecord);
  const failed = input.rows.filter((r) => !r.ok).length;
  const seeds = new Set(input.rows.map((r) => r.seed)).size;
  const sections: ReportSection[] = [
    { heading: 'Sweep', text: `${summary.length} grid points × ${seeds} seeds, ${input.rows.length} runs, ${failed} failed. Parameters: ${paths.join(', ') || '(none)'}.` },
    { heading: 'Summary (median, min, max across seeds)', table: { columns: columnsOf(flatSummary), rows: flatSummary } },
  ];
  if (charts.length > 0) sections.push({ heading: `Metrics against ${xPath}`, svgs: charts });
  sections.push({ heading: 'All runs', table: { columns: columnsOf(records), rows: records } });
  return renderHtmlReport({ title: input.title ?? 'nicsim sweep', sections });
}
