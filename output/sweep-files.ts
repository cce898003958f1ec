/**
 * Reading sweep results back (for `nicsim plot` and `nicsim report`): rows from rows.jsonl,
 * the summary recomputed from them, and column lookup by parameter path or metric name.
 * rows.jsonl is input like any other: a regular file of at most ROWS_LIMIT_BYTES, one JSON
 * object per line, each checked to be a sweep row, so a wrong file is one line naming the line
 * and what was expected there, not a crash in the chart or report code.
 */
import type { Scalar } from './flatten.ts';
import { utf8OrNull } from '../io/read-file.ts';
import { byteLines, found, InputFileError, MIB, parseJsonText, readRegularFile } from './input-file.ts';
import { summarize, type SummaryRow, type SweepRow } from './sweep-summary.ts';

/**
 * A row is a run's flattened result: 380 bytes for an M/M/1/K run, a few KB for NIC scenarios,
 * so 256 MiB holds well over 100,000 runs, more than a sweep of real scenarios runs in a day.
 * Parsed rows take about four times their text (200,000 M/M/1/K rows, 75 MB, plot in 4 s with
 * a 325 MB peak), so the limit keeps a wrong file from asking for more than a few GB.
 */
export const ROWS_LIMIT_BYTES = 256 * MIB;

/** Rows are flat records (parameters may hold small arrays or objects): 16 levels is ample. */
const ROW_MAX_DEPTH = 16;

const WHAT = 'sweep rows (rows.jsonl, one JSON object per line)';
const ROW = 'a sweep row (a JSON object with gridIndex, seed, params, ok, result)';

/** What is wrong with a parsed line as a sweep row (`$.seed: expected …`), or null. */
export function sweepRowProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `expected ${ROW}, found ${found(value)}`;
  const r = value as Record<string, unknown>;
  const count = (key: string) => (Number.isSafeInteger(r[key]) && (r[key] as number) >= 0 ? null : `$.${key}: expected a non-negative integer, found ${found(r[key])}`);
  const record = (key: string) => (typeof r[key] === 'object' && r[key] !== null && !Array.isArray(r[key]) ? null : `$.${key}: expected an object, found ${found(r[key])}`);
  const problem = count('gridIndex') ?? count('seed') ?? record('params') ?? record('result');
  if (problem !== null) return problem;
  if (typeof r.ok !== 'boolean') return `$.ok: expected true or false, found ${found(r.ok)}`;
  if (r.error !== undefined && typeof r.error !== 'string') return `$.error: expected a string, found ${found(r.error)}`;
  if (r.exitCode !== undefined && !Number.isSafeInteger(r.exitCode)) return `$.exitCode: expected an integer, found ${found(r.exitCode)}`;
  for (const [column, v] of Object.entries(r.result as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object') return `$.result[${JSON.stringify(column)}]: expected a string, number, boolean or null (result columns are flat), found ${found(v)}`;
  }
  return null;
}

export interface ReadSweepRowsOptions {
  /**
   * When given, a last line cut short (no newline at its end, and not whole JSON or not whole
   * UTF-8) is dropped and its line number passed here instead of refused: it is exactly what a
   * sweep killed in the middle of an append leaves, and a resumed sweep runs that job again.
   */
  onTruncatedLastLine?: (line: number) => void;
}

export function readSweepRows(jsonlPath: string, options: ReadSweepRowsOptions = {}): SweepRow[] {
  const bytes = readRegularFile(jsonlPath, WHAT, ROWS_LIMIT_BYTES);
  const lines = byteLines(bytes);
  const rows: SweepRow[] = [];
  let dropped = false;
  for (let i = 0; i < lines.length; i++) {
    const where = `line ${i + 1}`;
    // The last element is the text after the last newline: a whole line never ends up there.
    const droppable = i === lines.length - 1 && options.onTruncatedLastLine !== undefined;
    const text = utf8OrNull(lines[i]);
    if (text === null && droppable) {
      // A cut inside a multi-byte character leaves bytes that are not UTF-8.
      options.onTruncatedLastLine?.(i + 1);
      dropped = true;
      continue;
    }
    if (text === null) throw new InputFileError(jsonlPath, where, `expected ${ROW}, found bytes that are not UTF-8 (a binary file?)`);
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = parseJsonText(jsonlPath, text, { what: ROW, maxDepth: ROW_MAX_DEPTH, line: i + 1 });
    } catch (error) {
      // A writer that was killed mid-row leaves a last line without its newline.
      const truncated = i === lines.length - 1 && error instanceof InputFileError && /invalid JSON/.test(error.message);
      if (truncated && droppable) {
        options.onTruncatedLastLine?.(i + 1);
        dropped = true;
        continue;
      }
      if (truncated) throw new InputFileError(jsonlPath, where, `expected ${ROW}, found a truncated last line (invalid JSON and no newline at the end)`);
      throw error;
    }
    const problem = sweepRowProblem(value);
    if (problem !== null) throw new InputFileError(jsonlPath, where, problem);
    rows.push(value as SweepRow);
  }
  if (rows.length === 0 && !dropped) throw new InputFileError(jsonlPath, undefined, `expected ${WHAT}, found ${bytes.length === 0 ? 'an empty file' : 'only blank lines'}`);
  return rows;
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
  // Own fields only: `--x constructor` must not find Object.prototype's.
  if (Object.hasOwn(row.params, name)) {
    const v = row.params[name];
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Scalar);
  }
  if (Object.hasOwn(row.result, name)) return row.result[name];
  if (Object.hasOwn(row.result, `metrics.${name}`)) return row.result[`metrics.${name}`];
  if (name === 'seed') return row.seed;
  if (name === 'gridIndex') return row.gridIndex;
  return undefined;
}
