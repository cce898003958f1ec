/**
 * The sweep engine, independent of the CLI: a base scenario, a grid of `--set` axes and N
 * seeds become (grid point × seed) jobs run in parallel by the job pool. Every completed row
 * is appended at once to `rows.jsonl` and `rows.csv` in the output directory, so an interrupt
 * keeps every finished run; `summary.csv` / `summary.json` hold median, min and max across
 * seeds per grid point. When the sweep completes, the row files are rewritten in job order
 * (atomically) so a finished sweep's files are identical run after run.
 *
 * A job is `{ gridIndex, seed, params, scenario }`; the runner module's result is flattened
 * into columns. A result with a non-zero `exitCode` (an invariant violation, a liveness
 * failure) counts as a failed run with that code.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { errnoText, makeDirectory, OutputError, writeOutput } from './out-file.ts';
import { columnsOf, csvHeader, csvLine, toCsv } from './csv.ts';
import { flatten, type Scalar } from './flatten.ts';
import { runPool, type JobOutcome } from './job-pool.ts';
import { createProgress } from './progress.ts';
import { applyPoint, expandGrid, sweepSeeds, type GridAxis, type GridPoint } from './sweep-grid.ts';
import { flattenSummary, summarize, type SummaryRow, type SweepRow } from './sweep-summary.ts';

export interface SweepJob {
  gridIndex: number;
  seed: number;
  params: Record<string, unknown>;
  scenario: unknown;
}

export interface SweepOptions {
  scenario: unknown;
  axes: readonly GridAxis[];
  baseSeed: number;
  seeds: number;
  /** Runner module path (exports runSweepJob). */
  runnerModule: string;
  outDir: string;
  jobs?: number;
  signal?: AbortSignal;
  /** Label of the progress bar (shown only on a TTY). */
  label?: string;
  progressStream?: NodeJS.WriteStream;
  /**
   * Turns the base scenario with a point's values set into the job's scenario; the CLI
   * validates and resolves it here, so a bad value is a usage error before anything runs.
   */
  preparePoint?: (scenario: unknown, point: GridPoint) => unknown;
}

export interface SweepResult {
  rows: SweepRow[];
  summary: SummaryRow[];
  interrupted: boolean;
  totalJobs: number;
  /** Worst exit code among the runs (0 when every run succeeded). */
  exitCode: number;
  files: { jsonl: string; csv: string; summaryCsv: string; summaryJson: string };
}

export const ROW_FILE = 'rows.jsonl';
export const ROW_CSV = 'rows.csv';
export const SUMMARY_CSV = 'summary.csv';
export const SUMMARY_JSON = 'summary.json';

/** The flat CSV record of a row: grid index, seed, parameters by path, status, result columns. */
export function rowRecord(row: SweepRow): Record<string, Scalar> {
  const record: Record<string, Scalar> = { gridIndex: row.gridIndex, seed: row.seed };
  for (const [k, v] of Object.entries(row.params)) record[k] = typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Scalar);
  record.ok = row.ok;
  record.exitCode = row.exitCode ?? 0;
  record.error = row.error ?? '';
  return { ...record, ...row.result };
}

export function toRow(job: SweepJob, outcome: JobOutcome): SweepRow {
  const base = { gridIndex: job.gridIndex, seed: job.seed, params: job.params };
  if (!outcome.ok) return { ...base, ok: false, error: outcome.error, exitCode: outcome.exitCode ?? 1, result: {} };
  const value = outcome.value;
  const result = flatten(value);
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : 0;
  delete result.exitCode;
  if (exitCode !== 0) {
    const error = typeof result.error === 'string' ? result.error : `exit code ${exitCode}`;
    delete result.error;
    return { ...base, ok: false, error, exitCode, result };
  }
  return { ...base, ok: true, result };
}

export function sweepJobs(
  scenario: unknown,
  axes: readonly GridAxis[],
  baseSeed: number,
  seeds: number,
  preparePoint: (scenario: unknown, point: GridPoint) => unknown = (s) => s,
): SweepJob[] {
  const seedList = sweepSeeds(baseSeed, seeds);
  return expandGrid(axes).flatMap((point) => {
    const pointScenario = preparePoint(applyPoint(scenario, point), point);
    return seedList.map((seed) => ({ gridIndex: point.gridIndex, seed, params: point.params, scenario: pointScenario }));
  });
}

/** Appends completed rows; a failed append (a full disk) is one line naming the file. */
function append(path: string, text: string): void {
  try {
    appendFileSync(path, text);
  } catch (error) {
    throw new OutputError('--out', path, `cannot append to it (${errnoText(error)})`);
  }
}

export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const jobs = sweepJobs(options.scenario, options.axes, options.baseSeed, options.seeds, options.preparePoint);
  makeDirectory('--out', options.outDir);
  const files = {
    jsonl: join(options.outDir, ROW_FILE),
    csv: join(options.outDir, ROW_CSV),
    summaryCsv: join(options.outDir, SUMMARY_CSV),
    summaryJson: join(options.outDir, SUMMARY_JSON),
  };
  writeOutput('--out', files.jsonl, '');
  writeOutput('--out', files.csv, '');

  const rows: SweepRow[] = [];
  const jobOfRow: number[] = [];
  let csvColumns: string[] | null = null;
  const pendingCsv: SweepRow[] = [];
  let failed = 0;
  const progress = createProgress(jobs.length, options.label ?? 'sweep', options.progressStream);
  progress.update(0, 0);

  // Rows are appended as they complete. The CSV header comes from the first successful row,
  // so failed rows that finish first (with no metric columns) wait until it is known.
  const appendCsv = (row: SweepRow): void => {
    if (csvColumns === null) {
      if (!row.ok) {
        pendingCsv.push(row);
        return;
      }
      csvColumns = Object.keys(rowRecord(row));
      append(files.csv, csvHeader(csvColumns));
      for (const r of pendingCsv.splice(0)) append(files.csv, csvLine(csvColumns, rowRecord(r)));
    }
    append(files.csv, csvLine(csvColumns, rowRecord(row)));
  };

  const outcome = await runPool(jobs, { runnerModule: options.runnerModule, jobs: options.jobs, signal: options.signal }, (index, result) => {
    const row = toRow(jobs[index], result);
    rows.push(row);
    jobOfRow.push(index);
    if (!row.ok) failed++;
    append(files.jsonl, `${JSON.stringify(row)}\n`);
    appendCsv(row);
    progress.update(rows.length, failed);
  });
  progress.finish();

  const ordered = rows.map((row, i) => ({ row, job: jobOfRow[i] })).sort((a, b) => a.job - b.job).map((x) => x.row);
  const records = ordered.map(rowRecord);
  const columns = columnsOf(records);
  if (!outcome.interrupted) {
    writeOutput('--out', files.jsonl, ordered.map((r) => `${JSON.stringify(r)}\n`).join(''));
    writeOutput('--out', files.csv, toCsv(columns, records));
  } else if (csvColumns === null && pendingCsv.length > 0) {
    writeOutput('--out', files.csv, toCsv(columns, records));
  }
  const summary = summarize(ordered);
  const flatSummary = flattenSummary(summary);
  writeOutput('--out', files.summaryCsv, toCsv(columnsOf(flatSummary), flatSummary));
  writeOutput('--out', files.summaryJson, `${JSON.stringify({ interrupted: outcome.interrupted, totalJobs: jobs.length, completedJobs: rows.length, axes: options.axes, baseSeed: options.baseSeed, seeds: options.seeds, summary }, null, 2)}\n`);
  const exitCode = ordered.reduce((worst, r) => Math.max(worst, r.exitCode ?? 0), 0);
  return { rows: ordered, summary, interrupted: outcome.interrupted, totalJobs: jobs.length, exitCode, files };
}
