/**
 * `--trace FILE`: every executed event as one JSON line
 * `{"n":1,"t":0,"seq":0,"kind":"queueing.mm1k.w0.arrival","a":0,"b":0}`, written through a
 * buffer to a temporary file that is renamed into place by `finish()` (or straight into
 * FILE when it is a pipe or device, as check-determinism uses).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceSink } from '../engine/index.ts';
import { commitStaged, discardStaged, stagingPath } from './atomic-write.ts';

const FLUSH_CHARS = 1 << 16;

export class TraceFile implements TraceSink {
  private readonly path: string;
  private readonly staging: string;
  private readonly fd: number;
  private readonly quotedKinds = new Map<string, string>();
  private buffer = '';

  constructor(path: string) {
    this.path = path;
    const inherited = /^\/dev\/fd\/(\d+)$/.exec(path);
    // An inherited descriptor (check-determinism's socket on fd 3) is written as it is.
    this.staging = inherited !== null ? path : stagingPath(path);
    this.fd = inherited !== null ? Number(inherited[1]) : openSync(this.staging, 'w');
  }

  event(eventNumber: number, timeNs: number, seq: number, kind: string, a: number, b: number): void {
    let quoted = this.quotedKinds.get(kind);
    if (quoted === undefined) {
      quoted = JSON.stringify(kind);
      this.quotedKinds.set(kind, quoted);
    }
    this.buffer += `{"n":${eventNumber},"t":${timeNs},"seq":${seq},"kind":${quoted},"a":${a},"b":${b}}\n`;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  /** Flushes, closes and renames the trace into place. */
  finish(): void {
    this.flush();
    closeSync(this.fd);
    commitStaged(this.staging, this.path);
  }

  /** Closes and removes the partial trace (the run failed in an unexpected way). */
  abandon(): void {
    closeSync(this.fd);
    discardStaged(this.staging, this.path);
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
