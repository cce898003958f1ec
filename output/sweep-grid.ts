/**
 * The parameter grid of a sweep: `--set path=v1,v2` options, parsed against the base scenario
 * so each value gets the type of the field it replaces ('5.15' stays a kernel version string,
 * '1500' becomes a number), expanded into the cartesian product (the last --set varies
 * fastest), and the seeds base .. base+N-1 run at every point.
 */
import { getPath, PathError, setPath } from './json-path.ts';
import { scanJson } from '../io/json-scan.ts';

export interface GridAxis {
  path: string;
  values: unknown[];
}

export interface GridPoint {
  gridIndex: number;
  params: Record<string, unknown>;
}

export class GridError extends Error {
  override name = 'GridError';
}

/** Splits on commas outside brackets, braces and double quotes, so JSON values may contain commas. */
export function splitValues(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * Nesting a --set value may have: the scenario checks hold files to the same 64 levels
 * (scenario/limits.ts MAX_JSON_DEPTH), and a deeper value would overflow the stack of the
 * recursive walks a scenario goes through.
 */
const MAX_VALUE_DEPTH = 64;

/** A token as it appears in a message, shortened. */
function quoted(token: string): string {
  return `'${token.length > 40 ? `${token.slice(0, 37)}...` : token}'`;
}

/** Parses one value the way the existing field at the path is typed. */
export function parseValue(token: string, current: unknown, path: string): unknown {
  if (typeof current === 'string') {
    if (token.startsWith('"')) {
      try {
        return String(JSON.parse(token));
      } catch {
        throw new GridError(`--set ${path}: cannot parse ${token} as a JSON string`);
      }
    }
    // A field that takes a string or an object (machine.kernel: '6.6' or { base, with }) takes
    // JSON object text as the object; a string that starts with '{' is given quoted.
    if (token.startsWith('{') && scanJson(token, MAX_VALUE_DEPTH) === null) return JSON.parse(token) as unknown;
    return token;
  }
  if (typeof current === 'number') {
    const n = Number(token);
    if (token === '' || Number.isNaN(n)) throw new GridError(`--set ${path}: ${quoted(token)} is not a number (the scenario has ${current})`);
    if (!Number.isFinite(n)) throw new GridError(`--set ${path}: ${quoted(token)} is not a finite number (the scenario has ${current})`);
    return n;
  }
  if (typeof current === 'boolean') {
    if (token !== 'true' && token !== 'false') throw new GridError(`--set ${path}: '${token}' is not true or false`);
    return token === 'true';
  }
  // The scanner every JSON input goes through (io/json-scan.ts): text that is not JSON is a
  // plain string value; JSON past a bound (nesting, a number JSON.parse would make Infinity) is refused.
  const problem = scanJson(token, MAX_VALUE_DEPTH);
  if (problem === null) return JSON.parse(token) as unknown;
  if (problem.syntax) return token;
  if (problem.message.startsWith('expected a finite number')) throw new GridError(`--set ${path}: ${quoted(token)} holds a number too large to be finite`);
  throw new GridError(`--set ${path}: ${quoted(token)} nests arrays and objects deeper than ${MAX_VALUE_DEPTH} levels`);
}

/** Parses `path=v1,v2,…` against the base scenario. */
export function parseSetOption(option: string, base: unknown): GridAxis {
  const eq = option.indexOf('=');
  if (eq <= 0) throw new GridError(`--set '${option}': expected path=value1,value2,…`);
  const path = option.slice(0, eq).trim();
  const tokens = splitValues(option.slice(eq + 1));
  if (tokens.length === 0 || tokens.some((t) => t === '')) throw new GridError(`--set '${option}': empty value`);
  const current = getPath(base, path);
  const values = tokens.map((t) => parseValue(t, current, path));
  try {
    setPath(base, path, values[0]);
  } catch (error) {
    if (error instanceof PathError) throw new GridError(`--set ${path}: ${error.message}`);
    throw error;
  }
  return { path, values };
}

/** The cartesian product of the axes, in order, the last axis varying fastest. */
export function expandGrid(axes: readonly GridAxis[]): GridPoint[] {
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.path)) throw new GridError(`--set ${axis.path} is given twice`);
    seen.add(axis.path);
  }
  let points: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.path]: v })));
  }
  return points.map((params, gridIndex) => ({ gridIndex, params }));
}

/** The scenario at one grid point. */
export function applyPoint<T>(base: T, point: GridPoint): T {
  let scenario = base;
  for (const [path, value] of Object.entries(point.params)) scenario = setPath(scenario, path, value);
  return scenario;
}

/** base .. base+count-1, the same at every grid point so points differ only by parameters. */
export function sweepSeeds(baseSeed: number, count: number): number[] {
  if (!(Number.isSafeInteger(count) && count >= 1)) throw new GridError(`--seeds must be a positive integer, found ${count}`);
  if (!Number.isSafeInteger(baseSeed)) throw new GridError(`base seed must be an integer, found ${baseSeed}`);
  return Array.from({ length: count }, (_, i) => baseSeed + i);
}
