/**
 * The sweep engine, independent of the CLI: a base scenario, a grid of `--set` axes and N
 * seeds become (grid point × seed) jobs run in parallel by the job pool. Every completed row
 * is appended at once to `rows.jsonl` and `rows.csv` in the output directory, so an interrupt
 * keeps every finished run; `summary.csv` / `summary.json` hold median, min and max across
 * seeds per grid point. When the sweep completes, the row files are rewritten in job order
 * (atomically) so a finished sweep's files are identical run after run.
 *
 * An output directory that already exists is refused, resumed or replaced (sweep-dir.ts). A
 * resumed sweep keeps the rows already done, runs only the missing (grid point, seed) jobs and
 * ends with the files an uninterrupted sweep writes, byte for byte: every file is rebuilt from
 * all the rows in job order, and the rows read back are the JSON the first run wrote.
 *
 * A job is `{ gridIndex, seed, params, scenario }`; the runner module's result is flattened
 * into columns. A result with a non-zero `exitCode` (an invariant violation, a liveness
 * failure) counts as a failed run with that code.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { errnoText, makeDirectory, OutputError, writeOutput } from './out-file.ts';
import { prepareSweepDir, ROW_CSV, ROW_FILE, SUMMARY_CSV, SUMMARY_JSON, sweepSha256, type ExistingSweep } from './sweep-dir.ts';
import { columnsOf, csvHeader, csvLine, toCsv } from './csv.ts';
import { flatten, type Scalar } from './flatten.ts';
import { provenance, type Provenance } from './provenance.ts';
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
  /**
   * What to do when outDir already exists and is not empty: 'refuse' (the default) throws a
   * SweepOutputError, 'resume' completes the sweep there, 'force' replaces its sweep files.
   */
  existing?: ExistingSweep;
}

export interface SweepResult {
  rows: SweepRow[];
  summary: SummaryRow[];
  interrupted: boolean;
  totalJobs: number;
  /** Worst exit code among the runs (0 when every run succeeded). */
  exitCode: number;
  files: { jsonl: string; csv: string; summaryCsv: string; summaryJson: string };
  /** Rows a resumed sweep found already done (they are in `rows` too); 0 for a new sweep. */
  resumedRows: number;
  /** Lines worth showing the user (a truncated row dropped on resume). */
  notes: string[];
}

export { ROW_CSV, ROW_FILE, SUMMARY_CSV, SUMMARY_JSON, SweepOutputError, type ExistingSweep } from './sweep-dir.ts';

interface SummaryFile {
  interrupted: boolean;
  totalJobs: number;
  completedJobs: number;
  axes: readonly GridAxis[];
  baseSeed: number;
  seeds: number;
  /** Names the sweep, so a resume can check it continues the same one (sweep-dir.ts). */
  sweepSha256: string;
  summary: SummaryRow[];
}

function summaryJsonText(file: SummaryFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

function rowsJsonlText(rows: readonly SweepRow[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/** Sets a column, as an own property even when it is named `__proto__` (a hand-edited row). */
function put(record: Record<string, Scalar>, column: string, value: Scalar): void {
  if (column === '__proto__') Object.defineProperty(record, column, { value, enumerable: true, writable: true, configurable: true });
  else record[column] = value;
}

/**
 * The flat CSV record of a row: grid index, seed, parameters by path, status, result columns.
 * Built by assignment, not by spreading the result into it: a later column of the same name
 * replaces the value in place either way, but spreading costs V8 many times as much (8 s
 * against under 1.5 s for 50,000 rows of 30 columns), and a sweep builds every record twice.
 */
export function rowRecord(row: SweepRow): Record<string, Scalar> {
  const record: Record<string, Scalar> = { gridIndex: row.gridIndex, seed: row.seed };
  for (const [k, v] of Object.entries(row.params)) put(record, k, typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as Scalar));
  record.ok = row.ok;
  record.exitCode = row.exitCode ?? 0;
  record.error = row.error ?? '';
  for (const [k, v] of Object.entries(row.result)) put(record, k, v);
  return record;
}

export function toRow(job: SweepJob, outcome: JobOutcome): SweepRow {
  const base = { gridIndex: job.gridIndex, seed: job.seed, params: job.params };
  const provenance = { provenance: jobProvenance(job) };
  if (!outcome.ok) return { ...base, ok: false, error: outcome.error, exitCode: outcome.exitCode ?? 1, result: {}, ...provenance };
  const value = outcome.value;
  const result = flatten(value);
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : 0;
  delete result.exitCode;
  if (exitCode !== 0) {
    const error = typeof result.error === 'string' ? result.error : `exit code ${exitCode}`;
    delete result.error;
    return { ...base, ok: false, error, exitCode, result, ...provenance };
  }
  return { ...base, ok: true, result, ...provenance };
}

/** The jobs of one grid point share its scenario object: hash it once. */
const provenanceByScenario = new WeakMap<object, Provenance>();

/** What produced a row (output/provenance.ts): this nicsim and the point's resolved scenario. */
function jobProvenance(job: SweepJob): Provenance {
  const key = typeof job.scenario === 'object' && job.scenario !== null ? job.scenario : null;
  const known = key !== null ? provenanceByScenario.get(key) : undefined;
  if (known !== undefined) return known;
  const computed = provenance(job.scenario);
  if (key !== null) provenanceByScenario.set(key, computed);
  return computed;
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
  const identity = { scenario: options.scenario, axes: options.axes, baseSeed: options.baseSeed, seeds: options.seeds };
  const sweepId = sweepSha256(identity);
  // Checked before the directory is made or anything written, so a refusal changes nothing.
  const { kept, notes } = prepareSweepDir(options.outDir, options.existing ?? 'refuse', identity, jobs);
  makeDirectory('--out', options.outDir);
  const files = {
    jsonl: join(options.outDir, ROW_FILE),
    csv: join(options.outDir, ROW_CSV),
    summaryCsv: join(options.outDir, SUMMARY_CSV),
    summaryJson: join(options.outDir, SUMMARY_JSON),
  };
  const summaryFile = (interrupted: boolean, done: readonly SweepRow[]): SummaryFile => ({
    interrupted,
    totalJobs: jobs.length,
    completedJobs: done.length,
    axes: options.axes,
    baseSeed: options.baseSeed,
    seeds: options.seeds,
    sweepSha256: sweepId,
    summary: summarize(done),
  });

  const rows: SweepRow[] = kept.map((k) => k.row);
  const jobOfRow: number[] = kept.map((k) => k.job);
  let failed = rows.filter((r) => !r.ok).length;
  // The row files start as the rows already done, rewritten whole: that also ends a row an
  // interrupted append left without its newline, before new rows are appended after it.
  // Until the sweep ends, summary.json says it is interrupted, which is what a sweep killed
  // outright leaves behind, and names the sweep so that it can be resumed.
  const keptRecords = rows.map(rowRecord);
  let csvColumns: string[] | null = rows.some((r) => r.ok) ? columnsOf(keptRecords) : null;
  const pendingCsv: SweepRow[] = csvColumns === null ? [...rows] : [];
  writeOutput('--out', files.jsonl, rowsJsonlText(rows));
  writeOutput('--out', files.csv, csvColumns === null ? '' : toCsv(csvColumns, keptRecords));
  writeOutput('--out', files.summaryJson, summaryJsonText(summaryFile(true, rows)));

  const done = new Set(jobOfRow);
  const todo = jobs.map((_, index) => index).filter((index) => !done.has(index));
  const progress = createProgress(jobs.length, options.label ?? 'sweep', options.progressStream);
  progress.update(rows.length, failed);

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

  const outcome = await runPool(
    todo.map((index) => jobs[index]),
    { runnerModule: options.runnerModule, jobs: options.jobs, signal: options.signal },
    (k, result) => {
      const index = todo[k];
      const row = toRow(jobs[index], result);
      rows.push(row);
      jobOfRow.push(index);
      if (!row.ok) failed++;
      append(files.jsonl, `${JSON.stringify(row)}\n`);
      appendCsv(row);
      progress.update(rows.length, failed);
    },
  );
  progress.finish();

  const ordered = rows.map((row, i) => ({ row, job: jobOfRow[i] })).sort((a, b) => a.job - b.job).map((x) => x.row);
  const records = ordered.map(rowRecord);
  const columns = columnsOf(records);
  if (!outcome.interrupted) {
    writeOutput('--out', files.jsonl, rowsJsonlText(ordered));
    writeOutput('--out', files.csv, toCsv(columns, records));
  } else if (csvColumns === null && pendingCsv.length > 0) {
    writeOutput('--out', files.csv, toCsv(columns, records));
  }
  const flatSummary = flattenSummary(summarize(ordered));
  writeOutput('--out', files.summaryCsv, toCsv(columnsOf(flatSummary), flatSummary));
  const final = summaryFile(outcome.interrupted, ordered);
  writeOutput('--out', files.summaryJson, summaryJsonText(final));
  const exitCode = ordered.reduce((worst, r) => Math.max(worst, r.exitCode ?? 0), 0);
  return { rows: ordered, summary: final.summary, interrupted: outcome.interrupted, totalJobs: jobs.length, exitCode, files, resumedRows: kept.length, notes };
}
