/**
 * Reading back the files nicsim commands wrote (bug reports, sweep rows, run results), as
 * input that may be damaged, hand-edited or not what the user meant to pass. The file is read
 * as every input file is (io/read-file.ts: a regular file only, opened so that a FIFO cannot
 * block and a device cannot stream, up to a size limit, UTF-8), and JSON is scanned before it
 * is parsed (io/json-scan.ts): nesting is bounded, so no later recursive walk (flattening,
 * cloning, schema checks) can overflow the stack, and a syntax error is found at its line and
 * column. Every problem is an InputFileError: one line naming the file, where in it, what was
 * expected and what was found.
 */
import { decodeUtf8, FileReadError, readBoundedFile } from '../io/read-file.ts';
import { lineColumn, scanJson } from '../io/json-scan.ts';

export { MIB } from '../io/read-file.ts';

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

/** How a value appears after "found": JSON for scalars (shortened), a word for containers. */
export function found(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The bytes of a regular file of at most `limitBytes`; `what` names the content ("a nicsim bug report"). */
export function readRegularFile(file: string, what: string, limitBytes: number): Buffer {
  try {
    return readBoundedFile(file, limitBytes);
  } catch (error) {
    if (error instanceof FileReadError) throw new InputFileError(file, undefined, `cannot read ${what}: ${error.reason}`);
    throw error;
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

/** The whole file as UTF-8 text; for binary data the error names the line and column of the first byte that is not UTF-8. */
export function utf8Text(file: string, bytes: Buffer, what: string): string {
  try {
    return decodeUtf8(bytes, `${what} as UTF-8 text`);
  } catch (error) {
    if (error instanceof FileReadError) throw new InputFileError(file, error.where, error.reason);
    throw error;
  }
}

export interface JsonTextOptions {
  /** What the text should hold, for messages ("a nicsim bug report"). */
  what: string;
  maxDepth: number;
  /** The text is this line of its file (JSON lines), for positions. */
  line?: number;
}

/**
 * Parses JSON text after the scanner has passed it, so a syntax error is refused at its line
 * and column in the scanner's words, and nesting deeper than `maxDepth` or a number JSON.parse
 * would make Infinity is refused before anything is built.
 */
export function parseJsonText(file: string, text: string, options: JsonTextOptions): unknown {
  const problem = scanJson(text, options.maxDepth);
  if (problem !== null) {
    const where = lineColumn(text, problem.offset, options.line);
    throw new InputFileError(file, where, problem.syntax ? `expected ${options.what}, found invalid JSON (${problem.message})` : problem.message);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // The scanner accepted what JSON.parse refuses: a scanner bug, but still the file's problem to report.
    const where = options.line !== undefined ? `line ${options.line}` : undefined;
    throw new InputFileError(file, where, `expected ${options.what}, found invalid JSON (${(error as Error).message})`);
  }
}

/** A whole file of JSON: read as above, refused when empty, parsed with the depth bound. */
export function readJsonFile(file: string, options: JsonTextOptions & { limitBytes: number }): unknown {
  const bytes = readRegularFile(file, options.what, options.limitBytes);
  if (bytes.length === 0) throw new InputFileError(file, undefined, `expected ${options.what}, found an empty file`);
  return parseJsonText(file, utf8Text(file, bytes, options.what), options);
}
