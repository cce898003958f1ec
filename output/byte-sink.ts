/**
 * Where streamed output goes: a file being written atomically, a socket, or memory in tests.
 * Writers batch into chunks themselves, so a sink sees few, large writes.
 */
export interface ByteSink {
  write(chunk: Uint8Array | string): void;
}

/** Collects everything written, for tests and small in-memory outputs. */
export class MemorySink implements ByteSink {
  private readonly chunks: Buffer[] = [];

  write(chunk: Uint8Array | string): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }

  toString(): string {
    return this.toBuffer().toString('utf8');
  }
}
