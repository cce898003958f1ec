/**
 * Compares two event traces as they stream in (JSON lines, one event per line), in
 * lockstep and chunk by chunk, so check-determinism needs no disk space and little memory
 * however long the run. Reports the first line (event) where they differ.
 */
import type { Readable } from 'node:stream';

export interface TraceDifference {
  /** The event number ("n") of the differing lines (0 if neither line has one). */
  eventNumber: number;
  lines: [string, string];
}

/** Data held for the stream that is ahead before it is paused. */
const MAX_AHEAD_BYTES = 1 << 20;
const NEWLINE = 0x0a;

export function compareTraceStreams(a: Readable, b: Readable): Promise<TraceDifference | null> {
  return new Promise((resolve, reject) => {
    const streams = [a, b] as const;
    const pending: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
    const ended = [false, false];
    // Bytes of the current (incomplete) line already matched in both traces.
    let matchedLinePrefix = Buffer.alloc(0);
    let mismatchAt = -1;
    let settled = false;

    const finish = (difference: TraceDifference | null): void => {
      if (settled) return;
      settled = true;
      // Keep draining so the writers can finish and report their results.
      for (const stream of streams) stream.resume();
      resolve(difference);
    };

    const lineAt = (i: number): string => {
      const rest = pending[i];
      const end = rest.indexOf(NEWLINE);
      return Buffer.concat([matchedLinePrefix, end >= 0 ? rest.subarray(0, end) : rest]).toString('utf8');
    };

    const step = (): void => {
      if (settled) return;
      if (mismatchAt < 0) {
        const n = Math.min(pending[0].length, pending[1].length);
        if (n > 0) {
          const x = pending[0].subarray(0, n);
          const y = pending[1].subarray(0, n);
          if (x.equals(y)) consume(n);
          else {
            let j = 0;
            while (x[j] === y[j]) j++;
            consume(x.lastIndexOf(NEWLINE, j) + 1);
            mismatchAt = 0;
          }
        }
        const exhausted = [0, 1].map((i) => ended[i] && pending[i].length === 0);
        if (mismatchAt < 0 && exhausted[0] && exhausted[1]) return finish(null);
        // One trace ended while the other still has events: they differ there.
        if (mismatchAt < 0 && ((exhausted[0] && pending[1].length > 0) || (exhausted[1] && pending[0].length > 0))) mismatchAt = 0;
      }
      if (mismatchAt >= 0) {
        // Report once both differing lines are complete (or their traces ended).
        const complete = [0, 1].every((i) => ended[i] || pending[i].indexOf(NEWLINE) >= 0);
        if (complete) {
          const missing = (i: number) => (pending[i].length === 0 && matchedLinePrefix.length === 0 && ended[i] ? '(trace ended)' : lineAt(i));
          const lines: [string, string] = [missing(0), missing(1)];
          finish({ eventNumber: eventNumberOf(lines[0]) ?? eventNumberOf(lines[1]) ?? 0, lines });
        }
      }
      for (const [i, stream] of streams.entries()) {
        if (pending[i].length > MAX_AHEAD_BYTES && mismatchAt < 0) stream.pause();
        else stream.resume();
      }
    };

    const consume = (n: number): void => {
      if (n === 0) return;
      const taken = pending[0].subarray(0, n);
      const last = taken.lastIndexOf(NEWLINE);
      matchedLinePrefix = last >= 0 ? Buffer.from(taken.subarray(last + 1)) : Buffer.concat([matchedLinePrefix, taken]);
      pending[0] = pending[0].subarray(n);
      pending[1] = pending[1].subarray(n);
    };

    streams.forEach((stream, i) => {
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        pending[i] = pending[i].length === 0 ? chunk : Buffer.concat([pending[i], chunk]);
        step();
      });
      stream.on('end', () => {
        ended[i] = true;
        step();
      });
      stream.on('error', reject);
    });
  });
}

function eventNumberOf(line: string): number | undefined {
  const match = /^\{"n":(\d+),/.exec(line);
  return match !== null ? Number(match[1]) : undefined;
}
