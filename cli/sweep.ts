/**
 * `nicsim sweep <scenario> --set path=v1,v2,… [--set …] [--seeds N] [--seed BASE] [--out DIR] [--jobs N]`
 *
 * Runs the scenario at every point of the --set grid with the seeds BASE .. BASE+N-1 (BASE
 * defaults to the scenario's seed), in parallel child processes. Every grid point is validated
 * before anything runs. Rows stream to DIR/rows.jsonl and DIR/rows.csv as runs complete, the
 * summary (median/min/max across seeds) goes to DIR/summary.csv, DIR/summary.json and stdout.
 * Ctrl-C keeps the completed rows and exits 130. Otherwise the exit code is the worst run's
 * (0 all ok, 1 a violation, 4 a liveness failure).
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile, resolveScenario } from '../scenario/load.ts';
import { GridError, parseSetOption, type GridAxis, type GridPoint } from '../output/sweep-grid.ts';
import { defaultJobs } from '../output/job-pool.ts';
import { runSweep } from '../output/sweep.ts';
import { formatSummary } from '../output/summary-text.ts';
import { parseCommandArgs, parseSeed, UsageError } from './usage.ts';

export const SWEEP_USAGE = 'nicsim sweep <scenario.json> --set path=v1,v2,… [--set …] [--seeds N] [--seed BASE] [--out DIR] [--jobs N]';
const RUNNER = fileURLToPath(new URL('./sweep-job.ts', import.meta.url));
export const EXIT_INTERRUPTED = 130;

function positiveInteger(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new UsageError(`sweep: ${option} expects a positive integer, found "${text}"`);
  return n;
}

export async function sweepCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('sweep', args, {
    set: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    jobs: { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError(`sweep: expected one scenario file, found ${positionals.length}; usage: ${SWEEP_USAGE}`);
  const file = positionals[0];
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
  const outDir = values.out ?? `sweep-${basename(file).replace(/\.json$/, '')}`;
  const preparePoint = (scenario: unknown, point: GridPoint): unknown => {
    const where = Object.entries(point.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    return resolveScenario(scenario, where === '' ? file : `${file} with ${where}`);
  };

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let result;
  try {
    result = await runSweep({ scenario: base, axes, baseSeed, seeds, runnerModule: RUNNER, outDir, jobs, signal: controller.signal, preparePoint, label: `sweep ${basename(file)}` });
  } catch (error) {
    if (error instanceof GridError) throw new UsageError(`sweep: ${error.message}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  process.stdout.write(formatSummary(result.summary));
  const failed = result.rows.filter((r) => !r.ok);
  for (const row of failed.slice(0, 5)) {
    const params = Object.entries(row.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    process.stderr.write(`nicsim: sweep: grid ${row.gridIndex}${params === '' ? '' : ` (${params})`} seed ${row.seed}: ${row.error}\n`);
  }
  if (failed.length > 5) process.stderr.write(`nicsim: sweep: ${failed.length - 5} more failed runs in ${result.files.jsonl}\n`);
  process.stderr.write(`nicsim: sweep: ${result.rows.length} of ${result.totalJobs} runs written to ${outDir} (rows.jsonl, rows.csv, summary.csv, summary.json)\n`);
  if (result.interrupted) {
    process.stderr.write('nicsim: sweep: interrupted; the completed rows are kept\n');
    return EXIT_INTERRUPTED;
  }
  return result.exitCode;
}
