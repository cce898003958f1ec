/**
 * Bounded reads of regular files, for every file nicsim reads as input (scenarios, bug
 * reports, sweep rows, run results). Only a regular file is read (a symbolic link to one is
 * fine), of at most a given size. The file is opened with O_NONBLOCK and checked with fstat
 * before anything is read, so a FIFO with no writer cannot block and a device (/dev/zero,
 * /dev/urandom) cannot stream without end; what is read is bounded by the limit even if the
 * file grows meanwhile. Text must be UTF-8, refused at the line and column of its first bad byte.
 *
 * A refusal is a FileReadError carrying the reason in words. It names neither the file nor
 * what the file should hold: each caller says that in its own error type, so a scenario and a
 * bug report are refused in the same words with their own framing.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { lineColumn } from './json-scan.ts';

export class FileReadError extends Error {
  /** `line L, column C` of bytes that are not UTF-8; undefined when the file as a whole is refused. */
  readonly where: string | undefined;
  /** What was expected and what was found, without the file name: `expected a regular file, found a FIFO`. */
  readonly reason: string;

  constructor(reason: string, where?: string) {
    super(where === undefined ? reason : `${where}: ${reason}`);
    this.name = 'FileReadError';
    this.reason = reason;
    this.where = where;
  }
}

export const MIB = 1024 * 1024;

/** The bytes of the regular file `file`, refused (a FileReadError) when it is anything else or holds more than `limitBytes`. */
export function readBoundedFile(file: string, limitBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new FileReadError(openFailure(file, error));
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileReadError(`expected a regular file, found ${kindOf(stats)}`);
    if (stats.size > limitBytes) throw new FileReadError(`expected at most ${mib(limitBytes)}, found ${mib(stats.size)}`);
    const bytes = readAtMost(fd, limitBytes + 1, stats.size);
    if (bytes.length > limitBytes) throw new FileReadError(`expected at most ${mib(limitBytes)}, found more (the file grew while it was read)`);
    return bytes;
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(errnoWords(error));
  } finally {
    closeSync(fd);
  }
}

/** Up to `maxBytes` from the file, in one read when fstat's size is right. */
function readAtMost(fd: number, maxBytes: number, sizeHint: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(maxBytes, sizeHint + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length === maxBytes) return buffer;
      const larger = Buffer.allocUnsafe(Math.min(maxBytes, buffer.length * 2));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text, or null when the bytes are not UTF-8 (a byte order mark is dropped, the decoder's default). */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The bytes as text (a byte order mark is dropped); bytes that are not UTF-8 are a
 * FileReadError at the line and column of the first bad byte. `expected` names what the
 * text should be, for the reason: `expected UTF-8 text, found byte 0xff, …`.
 */
export function decodeUtf8(bytes: Uint8Array, expected = 'UTF-8 text'): string {
  const text = utf8OrNull(bytes);
  if (text !== null) return text;
  const bad = firstInvalidUtf8(bytes);
  // The bytes before the bad one are well-formed; Buffer's decoder keeps a leading byte order mark, which counts as a column.
  const before = Buffer.from(bytes.buffer, bytes.byteOffset, bad).toString('utf8');
  const byte = bytes[bad].toString(16).padStart(2, '0');
  throw new FileReadError(`expected ${expected}, found byte 0x${byte}, which is not UTF-8 (a binary file?)`, lineColumn(before, before.length));
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: sequence length and the allowed range of the second byte (no overlong forms, no surrogates, nothing above U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? low : 0x80;
      const hi = k === 1 ? high : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return bytes.length;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'something that is not a regular file';
}

function openFailure(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return isSymlink(file) ? 'no such file (it is a symbolic link whose target does not exist)' : 'no such file';
  return errnoWords(error);
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** An errno in words, with its code for searching: `permission denied (EACCES)`. */
function errnoWords(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'a part of the path before the file name is not a directory (ENOTDIR)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code})`;
    case 'EISDIR':
      return 'expected a regular file, found a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links (ELOOP)';
    case 'ENAMETOOLONG':
      return 'the file name is too long (ENAMETOOLONG)';
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files (${e.code})`;
    case 'EIO':
      return 'input/output error (EIO)';
    default:
      // An errno nobody expects here: Node's own words, without the path it repeats.
      return typeof e.code === 'string' ? e.message.replace(/,\s*open\s+'.*'$/s, '').replace(/,\s*read$/, '') : String(error);
  }
}

/** `16 MiB` for whole MiB, else the exact byte count (16 MiB + 1 byte must not read as "16.0 MiB"). */
function mib(bytes: number): string {
  return Number.isInteger(bytes / MIB) ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}
