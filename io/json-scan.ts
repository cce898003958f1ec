/**
 * A JSON scanner (RFC 8259 grammar) that finds the first thing in a text that nicsim refuses
 * as JSON input (a scenario, a bug report, a sweep row): a syntax error, with what was
 * expected there and what was found; nesting deeper than a bound; or a number JSON.parse
 * would turn into Infinity. It builds nothing, so it runs in one pass over any text at
 * constant memory, before JSON.parse builds the value.
 *
 * JSON.parse stays the parser: the scanner only says where and why a text is refused, in
 * words a user reads (V8's own messages often give no position, or quote the whole file).
 */

export interface JsonTextProblem {
  /** UTF-16 offset of the offending character (text.length for the end of the text). */
  offset: number;
  message: string;
  /** True for text that is not JSON at all; false for JSON past a bound (nesting, a non-finite number). */
  syntax: boolean;
}

/** Where the scanner is in the grammar: what may come next. */
type Expect = number;
/** The top-level value. */
const TOP_VALUE = 0;
/** A value after ':'. */
const PROPERTY_VALUE = 1;
/** A value after ',' in an array. */
const ELEMENT_AFTER_COMMA = 2;
/** A value or ']' just after '['. */
const ELEMENT_OR_CLOSE = 3;
/** A property name or '}' just after '{'. */
const NAME_OR_CLOSE = 4;
/** A property name after ',' in an object. */
const NAME_AFTER_COMMA = 5;
/** ':' after a property name. */
const COLON = 6;
/** ',' or the closing bracket after a value inside a container. */
const COMMA_OR_CLOSE = 7;
/** Nothing but whitespace after the top-level value. */
const END = 8;

const OBJECT = 1;
const ARRAY = 2;

/** The first problem in `text`, or null when JSON.parse will accept it as a value within the bounds. */
export function scanJson(text: string, maxDepth: number): JsonTextProblem | null {
  const containers = new Uint8Array(maxDepth + 1);
  let depth = 0;
  let expect = TOP_VALUE;
  let i = 0;
  const n = text.length;
  for (;;) {
    // JSON whitespace is exactly space, tab, line feed and carriage return.
    let c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
    if (i >= n) {
      if (expect === END) return null;
      return { offset: n, message: `expected ${expected(expect, containers[depth])}, found end of file`, syntax: true };
    }
    switch (expect) {
      case END:
        return { offset: i, message: `expected end of file after the top-level value, found ${found(text, i)}`, syntax: true };
      case COLON:
        if (c !== 0x3a) return { offset: i, message: `expected ':' after property name, found ${found(text, i)}`, syntax: true };
        i++;
        expect = PROPERTY_VALUE;
        continue;
      case COMMA_OR_CLOSE: {
        const inObject = containers[depth] === OBJECT;
        if (c === 0x2c) {
          i++;
          expect = inObject ? NAME_AFTER_COMMA : ELEMENT_AFTER_COMMA;
          continue;
        }
        if (c === (inObject ? 0x7d : 0x5d)) {
          i++;
          depth--;
          expect = depth === 0 ? END : COMMA_OR_CLOSE;
          continue;
        }
        return { offset: i, message: `expected ${expected(expect, containers[depth])}, found ${found(text, i)}`, syntax: true };
      }
      case NAME_OR_CLOSE:
      case NAME_AFTER_COMMA: {
        if (c === 0x7d && expect === NAME_OR_CLOSE) {
          i++;
          depth--;
          expect = depth === 0 ? END : COMMA_OR_CLOSE;
          continue;
        }
        if (c !== 0x22) {
          const hint = c === 0x7d ? ' (JSON allows no comma before \'}\')' : '';
          return { offset: i, message: `expected ${expected(expect, OBJECT)}, found ${found(text, i)}${hint}`, syntax: true };
        }
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        expect = COLON;
        continue;
      }
      default:
        break;
    }
    // A value is expected (or, just after '[', a value or ']').
    if (c === 0x5d && expect === ELEMENT_OR_CLOSE) {
      i++;
      depth--;
      expect = depth === 0 ? END : COMMA_OR_CLOSE;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth === maxDepth) {
        return { offset: i, message: `expected at most ${maxDepth} levels of nested arrays and objects, found more`, syntax: false };
      }
      containers[++depth] = c === 0x7b ? OBJECT : ARRAY;
      expect = c === 0x7b ? NAME_OR_CLOSE : ELEMENT_OR_CLOSE;
      i++;
      continue;
    }
    let end: number | JsonTextProblem;
    if (c === 0x22) end = scanString(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = scanNumber(text, i);
    else if (c === 0x74 && isLiteralAt(text, i, 'true')) end = i + 4;
    else if (c === 0x66 && isLiteralAt(text, i, 'false')) end = i + 5;
    else if (c === 0x6e && isLiteralAt(text, i, 'null')) end = i + 4;
    else {
      const hint = c === 0x5d && expect === ELEMENT_AFTER_COMMA ? " (JSON allows no comma before ']')" : '';
      return { offset: i, message: `expected ${expected(expect, containers[depth])}, found ${found(text, i)}${hint}`, syntax: true };
    }
    if (typeof end !== 'number') return end;
    i = end;
    expect = depth === 0 ? END : COMMA_OR_CLOSE;
  }
}

function expected(expect: Expect, container: number): string {
  switch (expect) {
    case TOP_VALUE:
      return 'a JSON value';
    case PROPERTY_VALUE:
      return "a value after ':'";
    case ELEMENT_AFTER_COMMA:
      return "a value after ','";
    case ELEMENT_OR_CLOSE:
      return "a value or ']'";
    case NAME_OR_CLOSE:
      return "a property name in double quotes or '}'";
    case NAME_AFTER_COMMA:
      return "a property name in double quotes after ','";
    case COLON:
      return "':' after property name";
    case COMMA_OR_CLOSE:
      return container === OBJECT ? "',' or '}' after property value" : "',' or ']' after array element";
    default:
      return 'end of file after the top-level value';
  }
}

/** The end offset of the string token starting at `start` (a '"'), or the problem in it. */
function scanString(text: string, start: number): number | JsonTextProblem {
  let i = start + 1;
  const n = text.length;
  for (;;) {
    if (i >= n) return { offset: n, message: `expected '"' to close the string that starts at ${lineColumn(text, start)}, found end of file`, syntax: true };
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) {
          if (!isHexDigit(text.charCodeAt(i + k))) return { offset: i + k, message: `expected 4 hex digits after '\\u', found ${found(text, i + k)}`, syntax: true };
        }
        i += 6;
        continue;
      }
      if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
        continue;
      }
      return { offset: i + 1, message: `expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\', found ${found(text, i + 1)}`, syntax: true };
    }
    if (c < 0x20) {
      const message =
        c === 0x0a || c === 0x0d
          ? `expected '"' to close the string before the end of the line (write a line break in a string as \\n), found a line break`
          : `expected a string character, found control character ${codePoint(c)} (write it as \\u${c.toString(16).padStart(4, '0')})`;
      return { offset: i, message, syntax: true };
    }
    i++;
  }
}

/**
 * The end offset of the number token at `start`, or the problem in it. A number whose value
 * is not finite (1e400) is refused here: JSON.parse would turn it into Infinity, which no
 * field accepts and which JSON cannot even print back.
 */
function scanNumber(text: string, start: number): number | JsonTextProblem {
  let i = start;
  if (text.charCodeAt(i) === 0x2d) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return { offset: i, message: `expected a digit after '-', found ${found(text, i)}`, syntax: true };
  }
  if (text.charCodeAt(i) === 0x30) {
    i++;
    if (isDigit(text.charCodeAt(i))) return { offset: i, message: `expected a number without leading zeros, found ${found(text, i - 1)}`, syntax: true };
  } else {
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) === 0x2e) {
    i++;
    if (!isDigit(text.charCodeAt(i))) return { offset: i, message: `expected a digit after '.', found ${found(text, i)}`, syntax: true };
    while (isDigit(text.charCodeAt(i))) i++;
  }
  let exponent = false;
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    exponent = true;
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return { offset: i, message: `expected a digit in the exponent, found ${found(text, i)}`, syntax: true };
    while (isDigit(text.charCodeAt(i))) i++;
  }
  // Only an exponent or more than 308 digits can leave the range of a double.
  if (exponent || i - start > 308) {
    const token = text.slice(start, i);
    if (!Number.isFinite(Number(token))) {
      const shownToken = token.length > 40 ? `${token.slice(0, 37)}...` : token;
      return { offset: start, message: `expected a finite number, found ${shownToken}`, syntax: false };
    }
  }
  return i;
}

/** `true`, `false` or `null` as a whole word (`nullx` is not `null` followed by garbage: it is one bad word). */
function isLiteralAt(text: string, start: number, literal: string): boolean {
  return text.startsWith(literal, start) && !isWordChar(text.charCodeAt(start + literal.length));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isWordChar(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24;
}

function codePoint(c: number): string {
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What stands at `offset`, for "found …": a quoted character or word, or a description. */
export function found(text: string, offset: number): string {
  if (offset >= text.length) return 'end of file';
  const c = text.charCodeAt(offset);
  if (c === 0x0a || c === 0x0d) return 'a line break';
  if (c === 0xfeff) return 'a byte order mark (U+FEFF)';
  if (c < 0x20 || c === 0x7f) return `control character ${codePoint(c)}`;
  if (isWordChar(c)) {
    let end = offset;
    while (end < text.length && end - offset < 20 && isWordChar(text.charCodeAt(end))) end++;
    const more = end < text.length && isWordChar(text.charCodeAt(end)) ? '...' : '';
    return `'${text.slice(offset, end)}${more}'`;
  }
  if (c === 0x27) return `"'" (JSON strings need double quotes)`;
  if (c === 0x2f) return `'/' (JSON has no comments)`;
  if (c < 0x80) return `'${text[offset]}'`;
  const cp = text.codePointAt(offset) ?? c;
  return `'${String.fromCodePoint(cp)}' (${codePoint(cp)})`;
}

/**
 * `line L, column C` (both from 1; columns count UTF-16 units, as editors mostly do). A text
 * that is one line of a larger file (a JSON-lines record) counts its lines from `firstLine`.
 */
export function lineColumn(text: string, offset: number, firstLine = 1): string {
  let line = firstLine;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
