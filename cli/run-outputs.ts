/**
 * The files `nicsim run` writes besides its report: --out DIR (result.json, report.txt),
 * --trace (Chrome Trace Event JSON for Perfetto: every event, CPU spans, counters), --events
 * (every event as a JSON line, what check-determinism compares) and --pcap (frames on the
 * wire). Every path is resolved and every file opened before the run (output/out-file.ts), so
 * a directory, an unwritable place or two outputs on one path is a usage error before any
 * work. Each file appears whole or not at all: finish() puts them in place, abandon() removes
 * them. `-` is standard output; the run's own report then goes to standard error.
 */
import { join } from 'node:path';
import type { Observer, TraceSink } from '../engine/index.ts';
import { MAX_FRAME_BYTES, MIN_FRAME_BYTES } from '../output/frame-bytes.ts';
import { makeDirectory, OutFile, requireDistinct, resolveOutputTarget, type OutputTarget } from '../output/out-file.ts';
import { DEFAULT_SNAP_LENGTH_BYTES } from '../output/pcap.ts';
import { openTraceOutputs, type TraceOutputs } from '../output/trace-outputs.ts';
import type { RunResult } from '../scenario/run.ts';
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
  /** True when an output is standard output, so the report must go to standard error. */
  reportToStderr: boolean;
  /** Completes every file; `json` and `report` go to --out. */
  finish(result: RunResult, json: string, report: string): void;
  abandon(): void;
  /** The files written, for the line an interrupted run prints. */
  paths(): string[];
}

export function openRunOutputs(options: RunOutputOptions): RunOutputs {
  const snapLengthBytes = parseSnapLength(options.snaplen);
  const named: { option: string; path: string | undefined }[] = [
    { option: '--pcap', path: options.pcap },
    { option: '--trace', path: options.trace },
    { option: '--events', path: options.events },
  ];
  const targets = new Map<string, OutputTarget>();
  for (const { option, path } of named) if (path !== undefined) targets.set(option, resolveOutputTarget(option, path));
  if (options.out !== undefined) {
    const out = resolveOutDir(options.out);
    targets.set('result.json', resolveOutputTarget('--out', join(out, 'result.json')));
    targets.set('report.txt', resolveOutputTarget('--out', join(out, 'report.txt')));
  }
  requireDistinct([...targets.values()]);
  const opened = new Map<string, OutFile>();
  try {
    for (const [key, target] of targets) opened.set(key, new OutFile(target));
  } catch (error) {
    for (const file of opened.values()) file.abort();
    throw error;
  }
  const events = opened.has('--events') ? new TraceFile(opened.get('--events')!) : undefined;
  const observers: TraceOutputs = openTraceOutputs({ pcap: opened.get('--pcap'), trace: opened.get('--trace'), snapLengthBytes });
  const sinks = [events, observers.traceSink ?? undefined].filter((s): s is TraceSink => s !== undefined);
  const abandon = (): void => {
    events?.abandon();
    observers.abandon();
    opened.get('result.json')?.abort();
    opened.get('report.txt')?.abort();
  };
  return {
    trace: sinks.length <= 1 ? sinks[0] : { event: (n, t, seq, kind, a, b) => sinks.forEach((s) => s.event(n, t, seq, kind, a, b)) },
    observer: observers.observer ?? undefined,
    reportToStderr: [...targets.values()].some((t) => t.kind === 'stdout'),
    finish(result, json, report) {
      try {
        events?.finish();
        observers.finish({ scenario: result.scenario, seed: result.seed, fingerprint: result.fingerprint });
        const resultFile = opened.get('result.json');
        const reportFile = opened.get('report.txt');
        resultFile?.write(json);
        reportFile?.write(report);
        resultFile?.commit();
        reportFile?.commit();
      } catch (error) {
        abandon();
        throw error;
      }
    },
    abandon,
    paths: () => [...targets.values()].map((t) => (t.kind === 'stdout' ? 'standard output' : t.path)),
  };
}

/** Creates --out DIR (and its parents) before the run; refuses a path that is not a directory. */
function resolveOutDir(dir: string): string {
  if (dir === '-') throw new UsageError('--out -: expected a directory, found "-" (standard output takes one file: use --json, --pcap -, --trace - or --events -)');
  makeDirectory('--out', dir);
  return dir;
}

function parseSnapLength(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  // Below the Ethernet + IPv4 + UDP headers a frame cannot be dissected; above the largest
  // frame the models emit (or pcap's usual 262144), nothing more would be kept.
  const most = Math.max(MAX_FRAME_BYTES, DEFAULT_SNAP_LENGTH_BYTES);
  if (!(Number.isSafeInteger(value) && value >= MIN_FRAME_BYTES && value <= most)) {
    throw new UsageError(`--snaplen: expected an integer from ${MIN_FRAME_BYTES} to ${most} (bytes kept per frame), found "${text}"`);
  }
  return value;
}
