/**
 * `nicsim sweep <scenario> --set path=v1,v2,… [--set …] [--seeds N] [--seed BASE] [--out DIR]
 *   [--jobs N] [--resume | --force] [--json]`
 *
 * Runs the scenario at every point of the --set grid with the seeds BASE .. BASE+N-1 (BASE
 * defaults to the scenario's seed), in parallel child processes. Every grid point is validated
 * before anything runs. Rows stream to DIR/rows.jsonl and DIR/rows.csv as runs complete, the
 * summary (median/min/max across seeds) goes to DIR/summary.csv, DIR/summary.json and stdout
 * (with --json, one document with the summary and the file paths). A DIR that holds a sweep is
 * refused unless --resume (run only what is missing) or --force (start afresh): see
 * output/sweep-dir.ts. Ctrl-C keeps the completed rows and exits 130. Otherwise the exit code
 * is the worst run's (0 all ok, 1 a violation, 4 a liveness failure).
 */
import { basename } from 'node:path';
import { siblingModule } from '../output/module-path.ts';
import { loadScenarioFile, resolveScenario } from '../scenario/load.ts';
import { GridError, parseSetOption, type GridAxis, type GridPoint } from '../output/sweep-grid.ts';
import { defaultJobs } from '../output/job-pool.ts';
import { runSweep, type ExistingSweep, type SweepResult } from '../output/sweep.ts';
import { formatSummary } from '../output/summary-text.ts';
import { childProcessLimit } from './process-limit.ts';
import { handleInterrupts, untilInterruptHandlerExits } from './interrupt.ts';
import { parseSeed, UsageError } from './usage.ts';

export interface SweepCommandOptions {
  set?: string[];
  seeds?: string;
  seed?: string;
  out?: string;
  jobs?: string;
  resume?: boolean;
  force?: boolean;
  json?: boolean;
}

const RUNNER = siblingModule(import.meta.url, './sweep-job');

function positiveInteger(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new UsageError(`sweep: ${option} expects a positive integer, found "${text}"`);
  return n;
}

export async function sweepCommand(file: string, values: SweepCommandOptions): Promise<number> {
  // Commander refuses the two together as well; this keeps the rule where the option is used.
  if (values.resume === true && values.force === true) throw new UsageError('sweep: --resume and --force exclude each other: --resume keeps the rows there, --force replaces them');
  const existing: ExistingSweep = values.resume === true ? 'resume' : values.force === true ? 'force' : 'refuse';
  const base = loadScenarioFile(file);
  let axes: GridAxis[];
  try {
    axes = (values.set ?? []).map((option) => parseSetOption(option, base));
  } catch (error) {
    if (error instanceof GridError) throw new UsageError(`sweep: ${error.message}`);
    throw error;
  }
  const seeds = positiveInteger('--seeds', values.seeds, 1);
  const baseSeed = parseSeed(values.seed) ?? base.seed;
  const jobs = positiveInteger('--jobs', values.jobs, defaultJobs());
  const limit = childProcessLimit('job');
  if (jobs > limit.max) throw new UsageError(`sweep: --jobs expects at most ${limit.max} (${limit.why}), found ${jobs}`);
  const outDir = values.out ?? `sweep-${basename(file).replace(/\.json$/, '')}`;
  const preparePoint = (scenario: unknown, point: GridPoint): unknown => {
    const where = Object.entries(point.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    return resolveScenario(scenario, where === '' ? file : `${file} with ${where}`);
  };

  // Ctrl-C or SIGTERM stops dispatching and the workers; the rows that completed are kept
  // and summarised, then the command exits 130 or 143.
  const controller = new AbortController();
  let sweeping: Promise<SweepResult> | undefined;
  const interrupts = handleInterrupts('sweep', async () => {
    controller.abort();
    const done = await sweeping?.catch(() => undefined);
    return done === undefined ? 'no rows were written' : `kept ${done.rows.length} of ${done.totalJobs} runs in ${outDir} (rows.jsonl, rows.csv, summary.csv, summary.json)`;
  });
  let result: SweepResult;
  try {
    sweeping = runSweep({ scenario: base, axes, baseSeed, seeds, runnerModule: RUNNER, outDir, jobs, signal: controller.signal, preparePoint, label: `sweep ${basename(file)}`, existing });
    result = await sweeping;
  } catch (error) {
    interrupts.dispose();
    if (error instanceof GridError) throw new UsageError(`sweep: ${error.message}`);
    throw error;
  }
  if (result.interrupted) await untilInterruptHandlerExits();
  interrupts.dispose();
  for (const note of result.notes) process.stderr.write(`nicsim: sweep: ${note}\n`);
  process.stdout.write(values.json === true ? sweepJson(outDir, result) : formatSummary(result.summary));
  const failed = result.rows.filter((r) => !r.ok);
  for (const row of failed.slice(0, 5)) {
    const params = Object.entries(row.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    process.stderr.write(`nicsim: sweep: grid ${row.gridIndex}${params === '' ? '' : ` (${params})`} seed ${row.seed}: ${row.error}\n`);
  }
  if (failed.length > 5) process.stderr.write(`nicsim: sweep: ${failed.length - 5} more failed runs in ${result.files.jsonl}\n`);
  const resumed = result.resumedRows > 0 ? ` (${result.resumedRows} kept from before, ${result.rows.length - result.resumedRows} run now)` : '';
  process.stderr.write(`nicsim: sweep: ${result.rows.length} of ${result.totalJobs} runs written to ${outDir}${resumed} (rows.jsonl, rows.csv, summary.csv, summary.json)\n`);
  return result.exitCode;
}

/** The --json document: what summary.json holds, plus where every file is and the exit code. */
function sweepJson(outDir: string, result: SweepResult): string {
  const failed = result.rows.filter((r) => !r.ok).length;
  const document = { outDir, files: result.files, totalJobs: result.totalJobs, completedJobs: result.rows.length, resumedJobs: result.resumedRows, failedJobs: failed, exitCode: result.exitCode, summary: result.summary };
  return `${JSON.stringify(document, null, 2)}\n`;
}
