/**
 * Bug reports: one self-contained JSON file per failure, enough to re-run it on another
 * machine without the generator that found it. A report carries the nicsim version, git
 * commit and Node version it was found with, the fully resolved scenario (or, for command
 * sequences driven through a model's own API, the case runner and its input) and seed, where the
 * failure came from (a `nicsim run`, a property with its fast-check seed/path, or a fuzz
 * campaign), what failed (invariant, mirrored kernel function, simulated time, event number,
 * message), the last events, the trajectory fingerprint and the exact replay command.
 *
 * `writeBugReport` writes it atomically and prints the replay command as one line on stderr,
 * so a CI log always shows how to reproduce what it found.
 */
import { dirname, join, resolve } from 'node:path';
import type { RecordedEvent } from '../engine/index.ts';
import type { ResolvedScenario } from '../scenario/schema.ts';
import type { RunResult } from '../scenario/run.ts';
import { makeDirectory, writeOutput } from '../output/out-file.ts';
import { gitCommit, nicsimVersion, provenance, type Provenance } from '../output/provenance.ts';
import { kernelOf, type KernelRef, type ResolvedKernel } from '../models/kernel/kernel-of.ts';
import { distinctKernels, scenarioKernels } from '../scenario/kernels.ts';
import { failureOf, type Failure } from './failure.ts';

export const BUG_REPORT_FORMAT = 'nicsim-bug-report/1';

/** Where the failure was found. */
export interface ReportOrigin {
  by: 'run' | 'property' | 'fuzz';
  /** Name of the campaign property (properties and fuzz campaigns). */
  property?: string;
  /** fast-check's seed, counterexample path and (for command sequences) replayPath. */
  fcSeed?: number;
  fcPath?: string;
  fcReplayPath?: string;
  /** fast-check's own rendering of the shrunk counterexample. */
  counterexample?: string;
  numShrinks?: number;
}

/** A known-bad variant kept as a regression: the edits that turn its bug off. */
export interface KnownBadFix {
  /** Name of the known-bad variant (e.g. 'xsk-v4-wmem-double-charge'). */
  bug: string;
  /** Each edit sets the value at a path of keys/indices in the resolved scenario (or the case input). */
  fix: { path: (string | number)[]; value: unknown }[];
}

/**
 * A failure found by a property that drives a model through its own API (command sequences)
 * rather than through a scenario: the named case runner (campaign/cases.ts) and its input.
 */
export interface CaseInput {
  runner: string;
  input: unknown;
}

/** What a report needs from a run: a scenario run (RunResult) or a case run. */
export interface RunRecord {
  seed: number;
  fingerprint: string;
  events: number;
  simTimeNs: number;
  recentEvents: RecordedEvent[];
  resolved?: ResolvedScenario;
  caseInput?: CaseInput;
}

export interface BugReport {
  format: typeof BUG_REPORT_FORMAT;
  /** Format 1's record of what found it; kept beside `provenance` for older readers. */
  nicsim: { version: string; gitCommit: string; node: string };
  /** What produced the report (absent in reports written before provenance existed). */
  provenance?: Provenance;
  origin: ReportOrigin;
  /** The fully resolved scenario; absent only for reports of command-sequence cases. */
  scenario?: ResolvedScenario;
  case?: CaseInput;
  /** Every kernel the run used, resolved: which registered changes were in and out, and why (absent in older reports). */
  kernels?: ResolvedKernel[];
  seed: number;
  checkEveryEvent: boolean;
  failure: Failure;
  fingerprint: string;
  events: number;
  recentEvents: RecordedEvent[];
  replay: string;
  knownBad?: KnownBadFix;
}

/** The nicsim version of reports and results (output/provenance.ts), re-exported for callers. */
export { nicsimVersion };

export function replayCommandLine(reportPath: string): string {
  const shown = /^[A-Za-z0-9_./-]+$/.test(reportPath) ? reportPath : `'${reportPath.replace(/'/g, `'\\''`)}'`;
  return `npx nicsim replay ${shown}`;
}

export interface BugReportInput {
  result: RunRecord;
  /** The failure; defaults to the run's own violation or liveness failure. */
  failure?: Failure;
  checkEveryEvent: boolean;
  origin: ReportOrigin;
  knownBad?: KnownBadFix;
}

/** Builds a report from a failed run. `replay` is filled in by writeBugReport. */
export function buildBugReport(input: BugReportInput): BugReport {
  const failure = input.failure ?? failureOf(input.result as RunResult);
  if (failure === null) throw new Error(`buildBugReport: the run at seed ${input.result.seed} did not fail`);
  const report: BugReport = {
    format: BUG_REPORT_FORMAT,
    nicsim: { version: nicsimVersion(), gitCommit: gitCommit() ?? 'unknown', node: process.version },
    provenance: provenance(input.result.resolved ?? input.result.caseInput ?? null),
    origin: input.origin,
    ...(input.result.resolved !== undefined ? { scenario: input.result.resolved } : {}),
    ...(input.result.caseInput !== undefined ? { case: input.result.caseInput } : {}),
    kernels: reportKernels(input.result),
    seed: input.result.seed,
    checkEveryEvent: input.checkEveryEvent,
    failure,
    fingerprint: input.result.fingerprint,
    events: input.result.events,
    recentEvents: input.result.recentEvents,
    replay: '',
  };
  if (input.knownBad !== undefined) report.knownBad = input.knownBad;
  return report;
}

/** The kernels of a scenario run, or the kernel a case input names (`input.kernel`), resolved. */
function reportKernels(result: RunRecord): ResolvedKernel[] {
  if (result.resolved !== undefined) return scenarioKernels(result.resolved);
  const kernel = (result.caseInput?.input as { kernel?: KernelRef } | undefined)?.kernel;
  return kernel === undefined ? [] : distinctKernels([kernel]);
}

/**
 * What today's registry resolves differently from a report's recorded kernels, in words for a
 * replay warning: a change the report ran with that the same spec no longer carries (or the
 * reverse) may change the trajectory for that reason alone.
 */
export function kernelDifferences(recorded: readonly ResolvedKernel[] | undefined): string[] {
  const differences: string[] = [];
  for (const kernel of recorded ?? []) {
    let now: ResolvedKernel;
    try {
      now = kernelOf(kernel.spec.startsWith('{') ? (JSON.parse(kernel.spec) as KernelRef) : kernel.spec);
    } catch {
      differences.push(`kernel ${kernel.spec}, which this nicsim no longer resolves`);
      continue;
    }
    const wasIn = new Map(kernel.changes.map((c) => [c.name, c.in]));
    const flipped = now.changes.filter((c) => wasIn.has(c.name) && wasIn.get(c.name) !== c.in).map((c) => `${c.name} ${c.in ? 'now in' : 'now out'}`);
    const added = now.changes.filter((c) => !wasIn.has(c.name)).map((c) => `${c.name} newly registered (${c.in ? 'in' : 'out'})`);
    if (flipped.length + added.length > 0) differences.push(`kernel ${kernel.spec} resolved differently (${[...flipped, ...added].join(', ')})`);
  }
  return differences;
}

/** A file name that says what failed: `<scenario>-<invariant>-seed<N>.json`. */
export function bugReportFileName(report: Pick<BugReport, 'scenario' | 'case' | 'failure' | 'seed'>): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60);
  const subject = report.scenario?.name ?? report.case?.runner ?? 'case';
  return `${slug(subject)}-${slug(report.failure.invariant)}-seed${report.seed}.json`;
}

export interface WriteOptions {
  /** Write exactly here. */
  file?: string;
  /** Or into this directory under bugReportFileName() (default: the current directory). */
  dir?: string;
  /** Print the replay command on stderr (default true). */
  announce?: boolean;
}

/**
 * Writes a report (built from a failed run, or given whole) atomically, fills in its replay
 * command, prints that command as one line on stderr and returns the path written.
 */
export function writeBugReport(input: BugReportInput | BugReport, options: WriteOptions = {}): string {
  const report = 'format' in input ? { ...input } : buildBugReport(input);
  const path = options.file ?? join(options.dir ?? '.', bugReportFileName(report));
  makeDirectory(undefined, dirname(resolve(path)));
  report.replay = replayCommandLine(path);
  writeOutput(undefined, path, `${JSON.stringify(report, null, 2)}\n`);
  if (options.announce ?? true) process.stderr.write(`bug report: ${path}; reproduce with: ${report.replay}\n`);
  return path;
}

/** Reading a report back, with every field checked, lives in its own file. */
export { readBugReport } from './bug-report-read.ts';
