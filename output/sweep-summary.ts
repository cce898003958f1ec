/**
 * Per grid point, the median, minimum and maximum of every numeric result column across the
 * seeds that completed. Failed runs are counted, not averaged in.
 */
import type { Provenance } from './provenance.ts';
import type { Scalar } from './flatten.ts';

export interface SweepRow {
  gridIndex: number;
  seed: number;
  params: Record<string, unknown>;
  ok: boolean;
  error?: string;
  exitCode?: number;
  /** Flattened result columns (metrics with units in their names). */
  result: Record<string, Scalar>;
  /** What produced the row (output/provenance.ts); absent in rows written before it existed. */
  provenance?: Provenance;
}

export interface SummaryRow {
  gridIndex: number;
  params: Record<string, unknown>;
  runs: number;
  failed: number;
  stats: Record<string, { median: number; min: number; max: number }>;
}

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(rows: readonly SweepRow[]): SummaryRow[] {
  const byPoint = new Map<number, SweepRow[]>();
  for (const row of rows) {
    const list = byPoint.get(row.gridIndex) ?? [];
    list.push(row);
    byPoint.set(row.gridIndex, list);
  }
  return [...byPoint.keys()].sort((a, b) => a - b).map((gridIndex) => {
    const list = byPoint.get(gridIndex) ?? [];
    const ok = list.filter((r) => r.ok);
    const columns = new Set<string>();
    for (const r of ok) for (const [k, v] of Object.entries(r.result)) if (typeof v === 'number') columns.add(k);
    const stats: SummaryRow['stats'] = {};
    for (const column of columns) {
      const values = ok.map((r) => r.result[column]).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
      stats[column] = { median: median(values), min: values[0], max: values[values.length - 1] };
    }
    return { gridIndex, params: list[0].params, runs: list.length, failed: list.length - ok.length, stats };
  });
}

/** One flat record per grid point, `<metric>.median/.min/.max`, for CSV and tables. */
export function flattenSummary(summary: readonly SummaryRow[]): Record<string, Scalar>[] {
  return summary.map((s) => {
    const row: Record<string, Scalar> = { gridIndex: s.gridIndex };
    for (const [k, v] of Object.entries(s.params)) row[k] = typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Scalar);
    row.runs = s.runs;
    row.failed = s.failed;
    for (const [k, st] of Object.entries(s.stats)) {
      row[`${k}.median`] = st.median;
      row[`${k}.min`] = st.min;
      row[`${k}.max`] = st.max;
    }
    return row;
  });
}
