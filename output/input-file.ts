/**
 * Reading back the files nicsim commands wrote (bug reports, sweep rows, run results), as
 * input that may be damaged, hand-edited or not what the user meant to pass. Only a regular
 * file is read, up to a size limit; it is opened with O_NONBLOCK and checked with fstat before
 * anything is read, so a FIFO without a writer cannot block and a device cannot stream without
 * end. Text must be UTF-8, and JSON is parsed only up to a nesting depth, so no later recursive
 * walk (flattening, cloning, schema checks) can overflow the stack. Every problem is an
 * InputFileError: one line naming the file, where in it, what was expected and what was found.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export class InputFileError extends Error {
  readonly file: string;
  /** `$.failure`, `line 3`, `line 2, column 17`, or undefined for the file as a whole. */
  readonly where: string | undefined;

  constructor(file: string, where: string | undefined, message: string) {
    super(`${file}: ${where === undefined ? '' : `${where}: `}${message}`);
    this.name = 'InputFileError';
    this.file = file;
    this.where = where;
  }
}

export const MIB = 1024 * 1024;

/** How a value appears after "found": JSON for scalars (shortened), a word for containers. */
export function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'something that is not a regular file';
}

/** `ENOENT: no such file or directory` from a Node fs error, without the path it repeats. */
function errnoReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return typeof e.code === 'string' ? e.message.split(',')[0] : String(error);
}

function mib(bytes: number): string {
  return `${Number.isInteger(bytes / MIB) ? bytes / MIB : (bytes / MIB).toFixed(1)} MiB`;
}

/** The bytes of a regular file of at most `limitBytes`; `what` names the content ("a nicsim bug report"). */
export function readRegularFile(file: string, what: string, limitBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputFileError(file, undefined, `cannot read ${what}: ${errnoReason(error)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new InputFileError(file, undefined, `expected ${what} in a regular file, found ${kindOf(stats)}`);
    const tooLarge = (size: string) => new InputFileError(file, undefined, `expected ${what} of at most ${mib(limitBytes)}, found ${size}`);
    if (stats.size > limitBytes) throw tooLarge(`${stats.size} bytes`);
    // The file may grow while it is read: the limit holds for what is read, not for what fstat said.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(4 * MIB, limitBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw new InputFileError(file, undefined, `cannot read ${what}: ${errnoReason(error)}`);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > limitBytes) throw tooLarge(`more than that (it grew while being read)`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text, or null when the bytes are not UTF-8 (a byte order mark is dropped). */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** The bytes split at newlines; a newline byte never occurs inside a multi-byte UTF-8 character. */
export function byteLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  lines.push(bytes.subarray(start));
  return lines;
}

/** The whole file as UTF-8 text; for binary data the error names the first line that is not UTF-8. */
export function utf8Text(file: string, bytes: Buffer, what: string): string {
  const text = utf8OrNull(bytes);
  if (text !== null) return text;
  const line = byteLines(bytes).findIndex((b) => utf8OrNull(b) === null) + 1;
  throw new InputFileError(file, `line ${Math.max(line, 1)}`, `expected ${what} as UTF-8 text, found bytes that are not UTF-8 (a binary file?)`);
}

/**
 * Where JSON text nests deeper than `maxDepth` arrays and objects: the offset of the bracket
 * that goes one level too deep, or -1. Brackets inside strings do not count.
 */
export function jsonDepthExcess(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** `line L, column C` of an offset, counting from `firstLine` (for a line of a JSON-lines file). */
function lineColumn(text: string, offset: number, firstLine = 1): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1 + firstLine;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** True when JSON.parse fails on `prefix` only because it ends too early (or does not fail). */
function failsOnlyAtEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    return /Unexpected end of JSON input/.test(message) || (at !== null && Number(at[1]) >= prefix.length);
  }
}

/**
 * The offset of the character JSON.parse rejects, for the messages that do not say where
 * ("Unexpected token 'x', …"): the shortest prefix that fails for a reason other than ending
 * early ends with it. A binary search over prefixes, run only once a parse has failed.
 */
function syntaxErrorOffset(text: string): number | null {
  if (failsOnlyAtEnd(text)) return null;
  let lo = 0;
  let hi = text.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (failsOnlyAtEnd(text.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return hi - 1;
}

export interface JsonTextOptions {
  /** What the text should hold, for messages ("a nicsim bug report"). */
  what: string;
  maxDepth: number;
  /** The text is this line of its file (JSON lines), for positions. */
  line?: number;
}

/**
 * Parses JSON text, with syntax errors at their line and column where the parser says where,
 * and nesting deeper than `maxDepth` refused before parsing.
 */
export function parseJsonText(file: string, text: string, options: JsonTextOptions): unknown {
  const deep = jsonDepthExcess(text, options.maxDepth);
  if (deep !== -1) {
    throw new InputFileError(file, lineColumn(text, deep, options.line), `expected ${options.what} nested at most ${options.maxDepth} levels deep, found deeper nesting`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const end = /Unexpected end of JSON input/.test(message);
    const offset = at !== null ? Number(at[1]) : end ? text.length : syntaxErrorOffset(text);
    // V8 quotes the whole text after some messages ('…, "<text>" is not valid JSON'): drop it.
    const reason = (/is not valid JSON$/.test(message) ? message.replace(/, (\.\.\.)?"[\s\S]*$/, '') : message).replace(/\s*in JSON at position \d+[\s\S]*$/, '');
    const where = offset !== null ? lineColumn(text, offset, options.line) : options.line !== undefined ? `line ${options.line}` : undefined;
    throw new InputFileError(file, where, `expected ${options.what}, found invalid JSON (${reason})`);
  }
}

/** A whole file of JSON: read as above, refused when empty, parsed with the depth bound. */
export function readJsonFile(file: string, options: JsonTextOptions & { limitBytes: number }): unknown {
  const bytes = readRegularFile(file, options.what, options.limitBytes);
  if (bytes.length === 0) throw new InputFileError(file, undefined, `expected ${options.what}, found an empty file`);
  return parseJsonText(file, utf8Text(file, bytes, options.what), options);
}
