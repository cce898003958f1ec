/**
 * The files `nicsim run` writes besides stdout: --out DIR (result.json, report.txt), --trace
 * (every event), --pcap and --perfetto (what the models show an observer). All are opened
 * before the run, so a path that cannot be written is a usage error before any work, and
 * each appears whole or not at all: finish() puts them in place, abandon() removes them.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Observer } from '../engine/index.ts';
import { openTraceOutputs, type TraceOutputs } from '../output/trace-outputs.ts';
import type { RunResult } from '../scenario/run.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { TraceFile } from './trace-file.ts';
import { UsageError } from './usage.ts';

export interface RunOutputOptions {
  out?: string;
  trace?: string;
  pcap?: string;
  perfetto?: string;
  snaplen?: string;
}

export interface RunOutputs {
  trace: TraceFile | undefined;
  observer: Observer | undefined;
  /** Completes every file; `json` and `report` go to --out. */
  finish(result: RunResult, json: string, report: string): void;
  abandon(): void;
}

export function openRunOutputs(options: RunOutputOptions): RunOutputs {
  const { out, pcap, perfetto } = options;
  const snapLengthBytes = parseSnapLength(options.snaplen);
  if (pcap !== undefined) requireRegularFilePath('--pcap', pcap);
  if (perfetto !== undefined) requireRegularFilePath('--perfetto', perfetto);
  if (out !== undefined) outputProblem('--out', out, () => mkdirSync(out, { recursive: true }));
  const trace = options.trace !== undefined ? outputProblem('--trace', options.trace, () => new TraceFile(options.trace!)) : undefined;
  let observers: TraceOutputs;
  try {
    observers = openTraceOutputs({ pcapPath: pcap, perfettoPath: perfetto, snapLengthBytes });
  } catch (error) {
    trace?.abandon();
    const failedPath = (error as NodeJS.ErrnoException).path ?? '';
    const option = pcap !== undefined && failedPath.startsWith(pcap) ? '--pcap' : '--perfetto';
    throw outputError(option, option === '--pcap' ? pcap! : perfetto!, error);
  }
  return {
    trace,
    observer: observers.observer ?? undefined,
    finish(result, json, report) {
      trace?.finish();
      observers.finish({ scenario: result.scenario, seed: result.seed, fingerprint: result.fingerprint });
      if (out !== undefined) {
        writeFileAtomic(join(out, 'result.json'), json);
        writeFileAtomic(join(out, 'report.txt'), report);
      }
    },
    abandon() {
      trace?.abandon();
      observers.abandon();
    },
  };
}

/**
 * pcap and Perfetto files are renamed into place from a temporary sibling, so their target
 * must be a regular file (or not exist yet): renaming over /dev/null or a pipe would replace it.
 */
function requireRegularFilePath(option: string, path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isFile()) throw new UsageError(`${option} ${path}: expected a regular file path`);
}

function parseSnapLength(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(value) && value >= 1)) throw new UsageError(`--snaplen: expected a positive integer, found "${text}"`);
  return value;
}

/** Runs `create`; a file-system error becomes one usage line naming the option and the path. */
function outputProblem<T>(option: string, path: string, create: () => T): T {
  try {
    return create();
  } catch (error) {
    throw outputError(option, path, error);
  }
}

function outputError(option: string, path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? new UsageError(`${option} ${path}: cannot write there (${code})`) : error;
}
