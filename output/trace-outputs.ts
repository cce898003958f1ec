/**
 * The observer files of one run, opened together: a pcap (`--pcap FILE`) and a Perfetto /
 * Chrome trace (`--trace FILE`: every engine event plus the models' spans and counters). Both
 * are streamed into outputs of output/out-file.ts (temporary files renamed into place by
 * finish(), or pipes and devices written directly) and dropped by abandon() when the run fails
 * or is interrupted, so a file that exists is always complete. The returned observer is null
 * when neither was asked for, which keeps the simulator's fast path.
 */
import type { Observer } from '../engine/observer.ts';
import type { TraceSink } from '../engine/simulator.ts';
import type { OutFile } from './out-file.ts';
import { ChromeTraceWriter } from './chrome-trace.ts';
import { combineObservers } from './multi-observer.ts';
import { PcapWriter } from './pcap.ts';

export interface TraceOutputOptions {
  pcap?: OutFile;
  /** Chrome Trace Event JSON (Perfetto): every executed event, CPU spans and counters. */
  trace?: OutFile;
  /** Bytes stored per frame in the pcap (the original length is always recorded). */
  snapLengthBytes?: number;
}

export interface TraceOutputs {
  observer: Observer | null;
  /** The engine trace sink writing into the Chrome trace; null without tracePath. */
  traceSink: TraceSink | null;
  /** Completes and renames every file; `metadata` (seed, fingerprint) goes into the trace. */
  finish(metadata?: Record<string, string | number | boolean>): { framesWritten: number; traceEvents: number };
  abandon(): void;
}

export function openTraceOutputs(options: TraceOutputOptions): TraceOutputs {
  const sinks: OutFile[] = [];
  let pcap: PcapWriter | null = null;
  let trace: ChromeTraceWriter | null = null;
  try {
    if (options.pcap !== undefined) {
      sinks.push(options.pcap);
      pcap = new PcapWriter(options.pcap, options.snapLengthBytes === undefined ? {} : { snapLengthBytes: options.snapLengthBytes });
    }
    if (options.trace !== undefined) {
      sinks.push(options.trace);
      trace = new ChromeTraceWriter(options.trace);
    }
  } catch (error) {
    for (const sink of sinks) sink.abort();
    throw error;
  }
  const observers: Observer[] = [];
  if (pcap !== null) observers.push(pcap);
  if (trace !== null) observers.push(trace);
  return {
    observer: combineObservers(observers),
    traceSink: trace,
    finish(metadata = {}) {
      pcap?.flush();
      trace?.close(metadata);
      for (const sink of sinks) sink.commit();
      return { framesWritten: pcap?.framesWritten ?? 0, traceEvents: trace?.eventsWritten ?? 0 };
    },
    abandon() {
      for (const sink of sinks) sink.abort();
    },
  };
}
