/**
 * The one output layer every command writes through. An output path is resolved before any
 * work starts, to one of three kinds:
 *   - `-` (or /dev/stdout, /dev/fd/1): standard output, written directly;
 *   - a FIFO, a character device (/dev/null) or an inherited descriptor (/dev/fd/N): written
 *     directly, since renaming over it would replace the device or pipe itself;
 *   - a regular file, existing or not: written to a temporary sibling and renamed over the
 *     file only when complete, so a reader sees the old file or the whole new one. A symlink
 *     is written through: the temporary file goes next to the link's target, which is what
 *     gets replaced, and the link stays.
 * A directory, a socket or block device, a missing parent directory, or the same file named
 * for two outputs is an OutputError before the run. The temporary file is created when the
 * output is opened, so an unwritable place is found before the run, not after it. Every write
 * checks how much was written and every failure (ENOSPC, EIO, EPIPE) removes the temporary
 * file, leaves any previous file intact and becomes an OutputError naming the path and errno.
 */
import { closeSync, fchmodSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import type { ByteSink } from './byte-sink.ts';
import { tempName, trackTemp, untrackTemp } from './temp-files.ts';

/** An output that cannot be written: one line, `<option> <path>: <why>`. Exit code 2. */
export class OutputError extends Error {
  readonly path: string;
  /** The errno name behind it (`ENOSPC`), when a system call failed. */
  readonly code: string | undefined;

  /** True when standard output's reader went away (`nicsim run --pcap - | head`). */
  readonly brokenPipe: boolean;

  constructor(option: string | undefined, path: string, why: string, code?: string, toStdout = false) {
    super(`${option === undefined ? path : `${option} ${path}`}: ${why}`);
    this.name = 'OutputError';
    this.path = path;
    this.code = code;
    this.brokenPipe = toStdout && code === 'EPIPE';
  }
}

export type OutputKind = 'stdout' | 'stream' | 'file';

export interface OutputTarget {
  /** The option that named it (`--pcap`), or undefined for a file a command chooses itself. */
  option: string | undefined;
  /** The path as given. */
  path: string;
  kind: OutputKind;
  /** 'file': the regular file that is replaced; 'stream': what is opened; 'stdout': '-'. */
  finalPath: string;
  /** An inherited descriptor to write to instead of opening finalPath. */
  fd: number | null;
  /** Equal for two targets that would write the same thing. */
  identity: string;
  /** The permission bits of the regular file being replaced, which its replacement keeps. */
  mode?: number;
}

/** Symlink hops followed by hand for a dangling link, as many as the kernel's MAXSYMLINKS. */
const MAX_LINK_HOPS = 40;

/** `ENOSPC: no space left on device`, from a Node system error. */
export function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (typeof e.code !== 'string') return (error as Error).message ?? String(error);
  const described = typeof e.errno === 'number' ? getSystemErrorMap().get(e.errno)?.[1] : undefined;
  return described !== undefined ? `${e.code}: ${described}` : e.code;
}

function isSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** Resolves where `path` (named by `option`) would be written, without writing anything. */
export function resolveOutputTarget(option: string | undefined, path: string): OutputTarget {
  const fail = (why: string): never => {
    throw new OutputError(option, path, why);
  };
  if (path === '-') return { option, path, kind: 'stdout', finalPath: '-', fd: 1, identity: 'fd:1' };
  if (path === '') fail('expected a file path, found an empty string');
  const inherited = /^\/(?:dev|proc\/self)\/fd\/(\d+)$/.exec(path) ?? (path === '/dev/stdout' ? [path, '1'] : path === '/dev/stderr' ? [path, '2'] : null);
  if (inherited !== null) {
    const fd = Number(inherited[1]);
    try {
      fstatSync(fd);
    } catch (error) {
      fail(`descriptor ${fd} is not open (${errnoText(error)})`);
    }
    return { option, path, kind: fd === 1 ? 'stdout' : 'stream', finalPath: path, fd, identity: `fd:${fd}` };
  }
  let link: Stats | undefined;
  let stat: Stats | undefined;
  try {
    link = lstatSync(path, { throwIfNoEntry: false });
    stat = link?.isSymbolicLink() === true ? statSync(path, { throwIfNoEntry: false }) : link;
  } catch (error) {
    fail(`cannot write there (${errnoText(error)})`);
  }
  if (stat === undefined) return newFileTarget(option, path, link?.isSymbolicLink() === true ? danglingTarget(option, path) : resolve(path));
  if (stat.isDirectory()) fail('is a directory; expected a file path');
  const identity = `inode:${stat.dev}:${stat.ino}`;
  if (stat.isFile()) return { option, path, kind: 'file', finalPath: link?.isSymbolicLink() === true ? realpathSync(path) : resolve(path), fd: null, identity, mode: stat.mode & 0o7777 };
  if (stat.isFIFO() || stat.isCharacterDevice()) return { option, path, kind: 'stream', finalPath: path, fd: null, identity };
  return fail(`is a ${stat.isSocket() ? 'socket' : 'block device'}; expected a regular file, a FIFO or a character device`);
}

/** Where a dangling symlink points, followed hop by hop: the file to create. */
function danglingTarget(option: string | undefined, path: string): string {
  let at = resolve(path);
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    const link = lstatSync(at, { throwIfNoEntry: false });
    if (link === undefined || !link.isSymbolicLink()) return at;
    at = resolve(dirname(at), readlinkSync(at));
  }
  throw new OutputError(option, path, `more than ${MAX_LINK_HOPS} symbolic links in a chain`);
}

function newFileTarget(option: string | undefined, path: string, finalPath: string): OutputTarget {
  const parent = dirname(finalPath);
  const parentStat = statSync(parent, { throwIfNoEntry: false });
  if (parentStat === undefined) throw new OutputError(option, path, `directory ${shownPath(path, parent)} does not exist`);
  if (!parentStat.isDirectory()) throw new OutputError(option, path, `${shownPath(path, parent)} is not a directory`);
  const real = join(realpathSync(parent), basename(finalPath));
  return { option, path, kind: 'file', finalPath: real, fd: null, identity: `path:${real}` };
}

/** Refuses two outputs that would write the same file, stream or descriptor. */
export function requireDistinct(targets: readonly OutputTarget[]): void {
  const seen = new Map<string, OutputTarget>();
  for (const target of targets) {
    const earlier = seen.get(target.identity);
    if (earlier !== undefined) {
      const first = earlier.option === undefined ? earlier.path : `${earlier.option} ${earlier.path}`;
      throw new OutputError(target.option, target.path, `is the same output as ${first}; give each output its own path`);
    }
    seen.set(target.identity, target);
  }
}

/**
 * mkdir -p that stops at the first component it cannot create, with that component's error.
 * Node's recursive mkdir loops forever on some paths under /proc, where mkdir answers ENOENT
 * for a parent that exists.
 */
export function makeDirectory(option: string | undefined, dir: string): void {
  const absolute = resolve(dir);
  const parts = absolute.split('/').filter((p) => p !== '');
  let at = '/';
  for (const part of parts) {
    at = join(at, part);
    const stat = statSync(at, { throwIfNoEntry: false });
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw new OutputError(option, dir, `${shownPath(dir, at)} is not a directory`);
      continue;
    }
    try {
      mkdirSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(at, { throwIfNoEntry: false })?.isDirectory() === true) continue;
      throw new OutputError(option, dir, `cannot create directory ${shownPath(dir, at)} (${errnoText(error)})`);
    }
  }
}

/** A path as the user would write it: relative when they gave a relative one. */
function shownPath(given: string, absolute: string): string {
  return isAbsolute(given) ? absolute : relative('.', absolute) || '.';
}

/** An open output: bytes go in with write(), commit() puts the file in place, abort() drops it. */
export class OutFile implements ByteSink {
  readonly target: OutputTarget;
  /** The temporary file for a 'file' target, else null. */
  readonly tempPath: string | null;
  private fd: number | null;
  private readonly ownsFd: boolean;

  constructor(target: OutputTarget) {
    this.target = target;
    if (target.kind === 'file') {
      this.tempPath = join(dirname(target.finalPath), tempName(basename(target.finalPath)));
      this.fd = this.attempt('cannot write there', () => openSync(this.tempPath!, 'wx', 0o644));
      trackTemp(this.tempPath, this.fd);
      if (target.mode !== undefined) fchmodSync(this.fd, target.mode);
      this.ownsFd = true;
    } else if (target.fd !== null) {
      this.tempPath = null;
      this.fd = target.fd;
      this.ownsFd = false;
    } else {
      this.tempPath = null;
      this.fd = this.attempt('cannot open it for writing', () => openSync(target.finalPath, 'w'));
      this.ownsFd = true;
    }
  }

  write(chunk: Uint8Array | string): void {
    const fd = this.fd;
    if (fd === null) throw new Error(`OutFile.write: ${this.target.path} is already committed or aborted`);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let done = 0;
    while (done < bytes.length) {
      let n: number;
      try {
        n = writeSync(fd, bytes, done, bytes.length - done);
      } catch (error) {
        // A non-blocking pipe that is full: wait a little and try again, never drop bytes.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(WAIT_CELL, 0, 0, 1);
          continue;
        }
        this.failed('write failed', error);
      }
      if (n! <= 0) this.failed('write failed', Object.assign(new Error('short write'), { code: 'EIO' }));
      done += n!;
    }
  }

  /** Completes the output: a regular file is flushed to disk and renamed into place. */
  commit(): void {
    const fd = this.fd;
    if (fd === null) throw new Error(`OutFile.commit: ${this.target.path} is already committed or aborted`);
    if (this.tempPath === null) {
      this.fd = null;
      if (this.ownsFd) this.attempt('close failed', () => closeSync(fd));
      return;
    }
    try {
      fsyncSync(fd);
      closeSync(fd);
      this.fd = null;
      renameSync(this.tempPath, this.target.finalPath);
      untrackTemp(this.tempPath);
    } catch (error) {
      this.failed('cannot finish writing it', error);
    }
  }

  /** Drops the output: the temporary file is removed and any previous file is left as it was. */
  abort(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd !== null && this.ownsFd) {
      try {
        closeSync(fd);
      } catch {
        // Closing after a failed write can fail again; the file is removed all the same.
      }
    }
    if (this.tempPath !== null) {
      rmSync(this.tempPath, { force: true });
      untrackTemp(this.tempPath);
    }
  }

  private attempt<T>(what: string, action: () => T): T {
    try {
      return action();
    } catch (error) {
      if (!isSystemError(error)) throw error;
      throw new OutputError(this.target.option, this.target.path, `${what} (${errnoText(error)})`);
    }
  }

  private failed(what: string, error: unknown): never {
    this.abort();
    if (!isSystemError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputError(this.target.option, this.target.path, `${what} (${errnoText(error)}); ${this.tempPath === null ? 'nothing more was written' : 'no file was replaced'}`, code, this.target.kind === 'stdout');
  }
}

const WAIT_CELL = new Int32Array(new SharedArrayBuffer(4));

/** Opens an output by path (resolving it first). */
export function openOutput(option: string | undefined, path: string): OutFile {
  return new OutFile(resolveOutputTarget(option, path));
}

/** Writes a whole output at once: appears complete or not at all. */
export function writeOutput(option: string | undefined, path: string, data: Uint8Array | string): void {
  const out = openOutput(option, path);
  try {
    out.write(data);
    out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
}
