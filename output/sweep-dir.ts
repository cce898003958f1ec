/**
 * A sweep's output directory: the four files a sweep writes there, the identity that names
 * the sweep they belong to, and what a new sweep does when the directory already exists.
 * summary.json carries the identity from the moment a sweep starts (before its first row),
 * so a later run can tell whether the rows there are rows of the sweep it is asked to run.
 *
 *   - 'refuse' (the default): a directory that holds anything is an error, so running the same
 *     command twice never silently replaces a sweep. A new or empty directory is fine.
 *   - 'resume': every (grid point, seed) already in rows.jsonl is kept and only the others
 *     run. The directory must hold the same sweep: the same base scenario, axes, base seed and
 *     seed count. A new or empty directory simply starts the sweep, so a script can always
 *     pass 'resume' to mean "make this sweep complete". A directory of other files is refused.
 *   - 'force': the four sweep files are removed and the sweep starts afresh. Nothing else in
 *     the directory is touched and nothing there stops it: --force says the sweep files may go,
 *     and a mistyped `--out .` must not delete files nicsim did not write.
 *
 * Failed rows count as done: a run is a function of its scenario and seed, so running a failed
 * job again fails the same way.
 */
import { statSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { byteLines, found, InputFileError, readJsonFile, readRegularFile } from './input-file.ts';
import { errnoText, OutputError } from './out-file.ts';
import { canonicalJson, scenarioSha256 } from './provenance.ts';
import { readSweepRows, ROWS_LIMIT_BYTES } from './sweep-files.ts';
import type { GridAxis } from './sweep-grid.ts';
import type { SweepRow } from './sweep-summary.ts';

export const ROW_FILE = 'rows.jsonl';
export const ROW_CSV = 'rows.csv';
export const SUMMARY_CSV = 'summary.csv';
export const SUMMARY_JSON = 'summary.json';
export const SWEEP_FILES = [ROW_FILE, ROW_CSV, SUMMARY_CSV, SUMMARY_JSON] as const;

export type ExistingSweep = 'refuse' | 'resume' | 'force';

/** Why an output directory cannot take the sweep. */
export type SweepDirProblem =
  /** It holds a sweep and neither resume nor force was asked for. */
  | 'exists'
  /** It holds files, none of them a sweep's, and force was not asked for. */
  | 'not-a-sweep'
  /** Resume: the sweep there has no summary.json or no identity in it. */
  | 'unidentified'
  /** Resume: the sweep there is another sweep. */
  | 'different'
  /** Resume: its summary.json or rows.jsonl cannot be read or does not fit the sweep. */
  | 'damaged'
  /** Force: a previous sweep file could not be removed. */
  | 'remove-failed';

/** `--out DIR: <why>`, one line; an OutputError, so the CLI exits 2 with it. */
export class SweepOutputError extends OutputError {
  readonly problem: SweepDirProblem;

  constructor(problem: SweepDirProblem, outDir: string, why: string) {
    super('--out', outDir, why);
    this.name = 'SweepOutputError';
    this.problem = problem;
  }
}

/** What makes two sweeps the same sweep: the same jobs with the same scenarios. */
export interface SweepIdentity {
  scenario: unknown;
  axes: readonly GridAxis[];
  baseSeed: number;
  seeds: number;
}

/** SHA-256 (hex) of the identity as canonical JSON, stored in summary.json as `sweepSha256`. */
export function sweepSha256(identity: SweepIdentity): string {
  return scenarioSha256({ scenario: identity.scenario, axes: identity.axes, baseSeed: identity.baseSeed, seeds: identity.seeds });
}

/** A row kept from the previous run, with the index of its job in this sweep's job list. */
export interface KeptRow {
  job: number;
  row: SweepRow;
}

export interface PreparedDir {
  /** Rows already done (resume only), in job order. */
  kept: KeptRow[];
  /** Things worth telling the user, one line each (a dropped truncated row). */
  notes: string[];
}

/**
 * summary.json nests at most 68 levels: a --set value nests at most 64 (sweep-grid.ts), under
 * the summary array, its row object and the params object (or the axes array, an axis and its
 * values array).
 */
const SUMMARY_MAX_DEPTH = 70;

/** The names in the directory, or null when there is no directory there (makeDirectory says why). */
function entriesOf(outDir: string): string[] | null {
  const stat = statSync(outDir, { throwIfNoEntry: false });
  if (stat === undefined || !stat.isDirectory()) return null;
  try {
    return readdirSync(outDir).sort();
  } catch (error) {
    throw new OutputError('--out', outDir, `cannot list the directory (${errnoText(error)})`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `notes.txt, plot.svg and 3 more`: enough names to recognise the directory. */
function someNames(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/** Rows in rows.jsonl, counted as the non-blank lines that end in a newline; null when unreadable. */
function rowLineCount(path: string): number | null {
  if (statSync(path, { throwIfNoEntry: false }) === undefined) return 0;
  try {
    const lines = byteLines(readRegularFile(path, 'sweep rows', ROWS_LIMIT_BYTES));
    return lines.slice(0, -1).filter((line) => line.some((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0d)).length;
  } catch (error) {
    if (error instanceof InputFileError) return null;
    throw error;
  }
}

/**
 * Checks the output directory against `existing` before anything is written, removes the
 * previous sweep's files for 'force', and for 'resume' returns the rows already done.
 */
export function prepareSweepDir(
  outDir: string,
  existing: ExistingSweep,
  identity: SweepIdentity,
  jobs: readonly { gridIndex: number; seed: number; params: Record<string, unknown> }[],
): PreparedDir {
  const entries = entriesOf(outDir);
  if (entries === null || entries.length === 0) return { kept: [], notes: [] };
  const sweepFiles = SWEEP_FILES.filter((name) => entries.includes(name));
  if (existing === 'force') {
    for (const name of sweepFiles) removeFile(outDir, name);
    return { kept: [], notes: [] };
  }
  if (sweepFiles.length === 0) {
    throw new SweepOutputError('not-a-sweep', outDir, `holds ${someNames(entries)} but no sweep; choose a new or empty directory, or use --force to write the sweep files beside them`);
  }
  if (existing === 'refuse') {
    const count = rowLineCount(join(outDir, ROW_FILE));
    const rows = count === null ? `${ROW_FILE} unreadable` : plural(count, 'row');
    throw new SweepOutputError('exists', outDir, `already holds a sweep (${rows}); use --resume to complete it or --force to replace it`);
  }
  return resumeRows(outDir, identity, jobs);
}

function removeFile(outDir: string, name: string): void {
  try {
    unlinkSync(join(outDir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new SweepOutputError('remove-failed', outDir, `cannot remove the previous sweep's ${name} (${errnoText(error)})`);
  }
}

/** What differs between the recorded sweep and this one, in the words of the command line. */
function differences(recorded: Record<string, unknown>, identity: SweepIdentity): string {
  const list: string[] = [];
  if (recorded.seeds !== identity.seeds) list.push(`--seeds ${String(recorded.seeds)} there, ${identity.seeds} here`);
  if (recorded.baseSeed !== identity.baseSeed) list.push(`base seed ${String(recorded.baseSeed)} there, ${identity.baseSeed} here`);
  if (canonicalJson(recorded.axes) !== canonicalJson(identity.axes)) list.push('other --set axes');
  return list.length > 0 ? list.join(', ') : 'another base scenario';
}

function resumeRows(
  outDir: string,
  identity: SweepIdentity,
  jobs: readonly { gridIndex: number; seed: number; params: Record<string, unknown> }[],
): PreparedDir {
  const damaged = (why: string) => new SweepOutputError('damaged', outDir, `cannot resume: ${why}; use --force to replace the sweep`);
  const summaryPath = join(outDir, SUMMARY_JSON);
  if (statSync(summaryPath, { throwIfNoEntry: false }) === undefined) {
    throw new SweepOutputError('unidentified', outDir, `cannot resume: it holds no ${SUMMARY_JSON}, which names the sweep its rows belong to; use --force to replace the sweep`);
  }
  let recorded: unknown;
  try {
    recorded = readJsonFile(summaryPath, { what: `a sweep summary (${SUMMARY_JSON})`, maxDepth: SUMMARY_MAX_DEPTH, limitBytes: ROWS_LIMIT_BYTES });
  } catch (error) {
    if (error instanceof InputFileError) throw damaged(error.message);
    throw error;
  }
  const record = typeof recorded === 'object' && recorded !== null && !Array.isArray(recorded) ? (recorded as Record<string, unknown>) : {};
  if (typeof record.sweepSha256 !== 'string') {
    throw new SweepOutputError('unidentified', outDir, `cannot resume: ${summaryPath}: $.sweepSha256: expected the sweep's identity (a SHA-256), found ${found(record.sweepSha256)} (written by an older nicsim?); use --force to replace the sweep`);
  }
  if (record.sweepSha256 !== sweepSha256(identity)) {
    throw new SweepOutputError('different', outDir, `cannot resume: it holds a different sweep (${differences(record, identity)}); use --force to replace it or choose another --out`);
  }

  const notes: string[] = [];
  const rowsPath = join(outDir, ROW_FILE);
  const rowsStat = statSync(rowsPath, { throwIfNoEntry: false });
  let rows: SweepRow[] = [];
  // A sweep interrupted before its first row leaves an empty (or no) rows.jsonl.
  if (rowsStat !== undefined && !(rowsStat.isFile() && rowsStat.size === 0)) {
    try {
      rows = readSweepRows(rowsPath, { onTruncatedLastLine: (line) => notes.push(`${rowsPath}: line ${line}: dropped a truncated last line (an interrupted write); that run runs again`) });
    } catch (error) {
      if (error instanceof InputFileError) throw damaged(error.message);
      throw error;
    }
  }

  const jobIndex = new Map(jobs.map((job, index) => [`${job.gridIndex}:${job.seed}`, index]));
  const kept: KeptRow[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    const name = `grid ${row.gridIndex} seed ${row.seed}`;
    const job = jobIndex.get(`${row.gridIndex}:${row.seed}`);
    if (job === undefined) throw damaged(`${rowsPath} holds a run (${name}) that is not a job of this sweep`);
    if (seen.has(job)) throw damaged(`${rowsPath} holds ${name} twice`);
    if (canonicalJson(row.params) !== canonicalJson(jobs[job].params)) throw damaged(`${rowsPath} holds ${name} with other parameters than this sweep gives it`);
    seen.add(job);
    kept.push({ job, row });
  }
  kept.sort((a, b) => a.job - b.job);
  return { kept, notes };
}
