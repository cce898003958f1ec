/**
 * Files that appear whole or not at all: output is streamed into `<path>.tmp-<pid>` and
 * renamed over `path` on commit, so an interrupted run never leaves a truncated pcap or
 * trace that looks complete.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ByteSink } from './byte-sink.ts';

export class AtomicFileSink implements ByteSink {
  readonly path: string;
  readonly tempPath: string;
  private fd: number | null;

  constructor(path: string) {
    this.path = path;
    this.tempPath = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tempPath, 'w');
  }

  write(chunk: Uint8Array | string): void {
    if (this.fd === null) throw new Error(`AtomicFileSink.write: ${this.path} is already committed or aborted`);
    if (typeof chunk === 'string') writeSync(this.fd, chunk, null, 'utf8');
    else {
      let done = 0;
      while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done);
    }
  }

  /** Closes the temp file and renames it over the destination. */
  commit(): void {
    if (this.fd === null) throw new Error(`AtomicFileSink.commit: ${this.path} is already committed or aborted`);
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.tempPath, this.path);
  }

  /** Drops the temp file; the destination is left as it was. */
  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.tempPath, { force: true });
  }
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const sink = new AtomicFileSink(path);
  try {
    sink.write(data);
    sink.commit();
  } catch (error) {
    sink.abort();
    throw error;
  }
}
