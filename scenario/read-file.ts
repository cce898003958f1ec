/**
 * Reading a scenario file: only a regular file (a symbolic link to one is fine), of at most
 * MAX_SCENARIO_BYTES, as UTF-8 text. The file is opened with O_NONBLOCK and checked with
 * fstat before anything is read, so a FIFO with no writer cannot block and a device
 * (/dev/zero, /dev/urandom) cannot stream without end; what is read is bounded by the limit
 * even if the file grows meanwhile. Every refusal is one ScenarioError line.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ScenarioError } from './problems.ts';
import { MAX_SCENARIO_BYTES } from './limits.ts';

const MIB = 1024 * 1024;

export function readScenarioText(file: string, limitBytes = MAX_SCENARIO_BYTES): string {
  const refuse = (reason: string): ScenarioError => new ScenarioError(file, [{ where: '$', message: `cannot read scenario: ${reason}` }]);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw refuse(openFailure(file, error));
  }
  let bytes: Buffer;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw refuse(`expected a regular file, found ${kindOf(stats)}`);
    if (stats.size > limitBytes) throw refuse(`expected at most ${mib(limitBytes)}, found ${mib(stats.size)}`);
    bytes = readAtMost(fd, limitBytes + 1, stats.size);
    if (bytes.length > limitBytes) throw refuse(`expected at most ${mib(limitBytes)}, found more (the file grew while it was read)`);
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    throw refuse(errnoWords(error));
  } finally {
    closeSync(fd);
  }
  return utf8Text(file, bytes);
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

/** The bytes as text; a byte order mark is dropped (the decoder's default), bytes that are not UTF-8 are refused at their line. */
function utf8Text(file: string, bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, bad).toString('utf8');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const byte = bytes[bad].toString(16).padStart(2, '0');
    throw new ScenarioError(file, [{ where: `line ${line}, column ${column}`, message: `expected UTF-8 text, found byte 0x${byte}, which is not UTF-8 (a binary file?)` }]);
  }
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
