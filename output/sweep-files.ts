/**
 * Reading sweep results back (for `nicsim plot` and `nicsim report`): rows from rows.jsonl,
 * the summary recomputed from them, and column lookup by parameter path or metric name.
 */
import { readFileSync } from 'node:fs';
import type { Scalar } from './flatten.ts';
import { summarize, type SummaryRow, type SweepRow } from './sweep-summary.ts';

export function readSweepRows(jsonlPath: string): SweepRow[] {
  const text = readFileSync(jsonlPath, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        throw new Error(`${jsonlPath}:${i + 1}: not a JSON line`);
      }
      const r = row as Partial<SweepRow>;
      if (typeof r.gridIndex !== 'number' || typeof r.seed !== 'number' || typeof r.params !== 'object' || typeof r.result !== 'object') {
        throw new Error(`${jsonlPath}:${i + 1}: not a sweep row (needs gridIndex, seed, params, result)`);
      }
      return r as SweepRow;
    });
}

export function readSweep(jsonlPath: string): { rows: SweepRow[]; summary: SummaryRow[] } {
  const rows = readSweepRows(jsonlPath);
  return { rows, summary: summarize(rows) };
}

/**
 * A row's value for a name given on the command line: a parameter path, a result column, or
 * a result column under `metrics.` (so `--y pps` finds `metrics.pps`), or `seed`.
 */
export function rowValue(row: SweepRow, name: string): Scalar | undefined {
  if (name in row.params) {
    const v = row.params[name];
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Scalar);
  }
  if (name in row.result) return row.result[name];
  if (`metrics.${name}` in row.result) return row.result[`metrics.${name}`];
  if (name === 'seed') return row.seed;
  if (name === 'gridIndex') return row.gridIndex;
  return undefined;
}
