/**
 * The files `nicsim run` writes besides stdout: --out DIR (result.json, report.txt), --trace
 * (Chrome Trace Event JSON for Perfetto: every event, CPU spans, counters), --events (every
 * event as a JSON line, what check-determinism compares) and --pcap (frames on the wire). All are opened
 * before the run, so a path that cannot be written is a usage error before any work, and
 * each appears whole or not at all: finish() puts them in place, abandon() removes them.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Observer, TraceSink } from '../engine/index.ts';
import { openTraceOutputs, type TraceOutputs } from '../output/trace-outputs.ts';
import type { RunResult } from '../scenario/run.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { TraceFile } from './trace-file.ts';
import { UsageError } from './usage.ts';

export interface RunOutputOptions {
  out?: string;
  trace?: string;
  events?: string;
  pcap?: string;
  snaplen?: string;
}

export interface RunOutputs {
  trace: TraceSink | undefined;
  observer: Observer | undefined;
  /** Completes every file; `json` and `report` go to --out. */
  finish(result: RunResult, json: string, report: string): void;
  abandon(): void;
}

export function openRunOutputs(options: RunOutputOptions): RunOutputs {
  const { out, pcap, trace } = options;
  const snapLengthBytes = parseSnapLength(options.snaplen);
  if (pcap !== undefined) requireRegularFilePath('--pcap', pcap);
  if (trace !== undefined) requireRegularFilePath('--trace', trace);
  if (out !== undefined) outputProblem('--out', out, () => mkdirSync(out, { recursive: true }));
  const events = options.events !== undefined ? outputProblem('--events', options.events, () => new TraceFile(options.events!)) : undefined;
  let observers: TraceOutputs;
  try {
    observers = openTraceOutputs({ pcapPath: pcap, tracePath: trace, snapLengthBytes });
  } catch (error) {
    events?.abandon();
    const failedPath = (error as NodeJS.ErrnoException).path ?? '';
    const option = pcap !== undefined && failedPath.startsWith(pcap) ? '--pcap' : '--trace';
    throw outputError(option, option === '--pcap' ? pcap! : trace!, error);
  }
  const sinks = [events, observers.traceSink ?? undefined].filter((s): s is TraceSink => s !== undefined);
  return {
    trace: sinks.length <= 1 ? sinks[0] : { event: (n, t, seq, kind, a, b) => sinks.forEach((s) => s.event(n, t, seq, kind, a, b)) },
    observer: observers.observer ?? undefined,
    finish(result, json, report) {
      events?.finish();
      observers.finish({ scenario: result.scenario, seed: result.seed, fingerprint: result.fingerprint });
      if (out !== undefined) {
        writeFileAtomic(join(out, 'result.json'), json);
        writeFileAtomic(join(out, 'report.txt'), report);
      }
    },
    abandon() {
      events?.abandon();
      observers.abandon();
    },
  };
}

/**
 * pcap and Chrome trace files are renamed into place from a temporary sibling, so their target
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
