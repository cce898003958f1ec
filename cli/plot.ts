/**
 * `nicsim plot <rows.jsonl | sweep dir> --x PATH --y METRIC [--series PATH] --out chart.svg`
 *
 * Plots a sweep metric against a parameter: one point per (x, series), the median across the
 * seeds that completed. Without --series, the series are the other grid parameters that take more than one value.
 * `--y` finds a result column by its name (`mm1k.meanSojournNs`, `simTimeNs`) or, for
 * convenience, under `metrics.`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { InputFileError } from '../output/input-file.ts';
import { sweepChart, type SweepPoint } from '../output/plot.ts';
import { readSweepRows, rowValue } from '../output/sweep-files.ts';
import { median } from '../output/sweep-summary.ts';
import { ROW_FILE } from '../output/sweep.ts';
import { UsageError } from './usage.ts';
import { openWholeOutput } from './whole-output.ts';

export interface PlotCommandOptions {
  x: string;
  y: string;
  out: string;
  series?: string;
  title?: string;
}

/**
 * The file to read for an input that is a sweep directory (its rows.jsonl) or a file. Only
 * the directory case is settled here; whether a file is a regular file is checked when it is
 * opened (output/input-file.ts), so a FIFO is never opened for blocking here.
 */
export function rowsFile(command: string, input: string): string {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(input).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${command}: ${input}: ${code === 'ENOENT' ? 'no such file or directory' : (error as Error).message.split(',')[0]}`);
  }
  if (!isDirectory) return input;
  const file = join(input, ROW_FILE);
  // Whether rows.jsonl is a regular file is the reader's to say; here only whether it is there.
  let hasRows = false;
  try {
    statSync(file);
    hasRows = true;
  } catch {
    // Absent or unreachable: said below, in the user's terms.
  }
  if (!hasRows) throw new UsageError(`${command}: ${input}: expected a sweep directory (with ${ROW_FILE}), found a directory without ${ROW_FILE}`);
  return file;
}

/** Input file problems (output/input-file.ts) as the one-line usage errors the CLI prints. */
export function asUsageError<T>(command: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputFileError) throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
}

export async function plotCommand(input: string, values: PlotCommandOptions): Promise<number> {
  const output = openWholeOutput('plot', values.out);
  try {
    const file = rowsFile('plot', input);
    const rows = asUsageError('plot', () => readSweepRows(file)).filter((r) => r.ok);
    if (rows.length === 0) throw new UsageError(`plot: ${file} has no successful runs to plot`);
    const xName = values.x;
    const yName = values.y;
    const varying = Object.keys(rows[0].params).filter((p) => p !== xName && new Set(rows.map((r) => JSON.stringify(r.params[p]))).size > 1);
    const seriesPaths = values.series !== undefined ? [values.series] : varying;
    const groups = new Map<string, { x: number; series: string; ys: number[] }>();
    for (const row of rows) {
      const x = rowValue(row, xName);
      const y = rowValue(row, yName);
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new UsageError(`plot: --x ${xName} is not a finite number in row grid ${row.gridIndex} seed ${row.seed} (found ${String(x)}); parameters: ${Object.keys(row.params).join(', ')}`);
      if (typeof y !== 'number' || !Number.isFinite(y)) throw new UsageError(`plot: --y ${yName} is not a finite number in row grid ${row.gridIndex} seed ${row.seed} (found ${String(y)}); columns: ${Object.keys(row.result).join(', ')}`);
      const series = seriesPaths.length === 0 ? yName : seriesPaths.map((p) => `${p}=${String(rowValue(row, p))}`).join(', ');
      const key = `${x}\u0000${series}`;
      const group = groups.get(key) ?? { x, series, ys: [] };
      group.ys.push(y);
      groups.set(key, group);
    }
    const points: SweepPoint[] = [...groups.values()].map((g) => ({ x: g.x, series: g.series, y: median(g.ys.sort((a, b) => a - b)) }));
    const seeds = new Set(rows.map((r) => r.seed)).size;
    const svg = await sweepChart(points, {
      title: values.title ?? `${yName} vs ${xName} (median of ${seeds} seed${seeds === 1 ? '' : 's'})`,
      xTitle: xName,
      yTitle: yName,
      seriesTitle: values.series ?? (seriesPaths.length === 0 ? 'metric' : seriesPaths.join(', ')),
    });
    output.finish(svg);
    process.stderr.write(`nicsim: plot: ${points.length} points written to ${values.out}\n`);
  } catch (error) {
    output.abort();
    throw error;
  }
  return 0;
}
