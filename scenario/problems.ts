/**
 * Scenario problems: everything wrong with a scenario file, one line each, naming the file,
 * where (a JSON path such as `$.workloads[0].rateHz`, or a line and column for JSON syntax)
 * and what was expected and found. The CLI prints `lines()` and exits 2; a file with more
 * than MAX_PROBLEM_LINES problems gets that many lines and one more that counts the rest.
 */
import { MAX_PROBLEM_LINES } from './limits.ts';

export interface ScenarioProblem {
  /** `$.bounds.simTimeNs`, or `line 4, column 17` for JSON syntax errors. */
  where: string;
  message: string;
}

export class ScenarioError extends Error {
  readonly file: string;
  readonly problems: readonly ScenarioProblem[];

  constructor(file: string, problems: readonly ScenarioProblem[]) {
    super(problems.map((p) => `${file}: ${p.where}: ${p.message}`).join('\n'));
    this.name = 'ScenarioError';
    this.file = file;
    this.problems = problems;
  }

  lines(): string[] {
    const lines = this.problems.slice(0, MAX_PROBLEM_LINES).map((p) => `${this.file}: ${p.where}: ${p.message}`);
    const more = this.problems.length - MAX_PROBLEM_LINES;
    if (more > 0) lines.push(`${this.file}: $: ${more} more problem${more === 1 ? '' : 's'} not shown (the first ${MAX_PROBLEM_LINES} are above)`);
    return lines;
  }
}

/** Converts a TypeBox JSON pointer (`/workloads/0/rateHz`) to a JSON path (`$.workloads[0].rateHz`). */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '$';
  let out = '$';
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9]\d*)$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * A bound as it appears in a message: `1e9` for a round power-of-ten multiple of a million or
 * more (1000000000 is hard to count), else the number as JSON writes it.
 */
export function formatBound(n: number): string {
  if (Math.abs(n) >= 1e6) {
    const [mantissa, exponent] = n.toExponential().split('e');
    if (mantissa.replace(/[-.]/g, '').length <= 2) return `${mantissa}e${exponent.replace(/^\+/, '')}`;
  }
  return String(n);
}

const SHOWN_CHARS = 60;

/**
 * A value as it appears in a message: JSON, shortened to SHOWN_CHARS. Only as much of the
 * value is written as is shown (a value can be an array of 100,000 items), and numbers JSON
 * cannot write (Infinity, NaN, from callers that build values in code) appear as themselves.
 */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const out: string[] = [];
  let length = 0;
  const write = (text: string): boolean => {
    out.push(text);
    length += text.length;
    return length <= SHOWN_CHARS;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'number') return write(Number.isFinite(v) ? JSON.stringify(v) : String(v));
    if (v === null || typeof v !== 'object') return write(JSON.stringify(v) ?? String(v));
    if (depth > 8) return write('...');
    const isArray = Array.isArray(v);
    if (!write(isArray ? '[' : '{')) return false;
    let first = true;
    for (const key of isArray ? v.keys() : Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined)) {
      if (!first && !write(',')) return false;
      first = false;
      if (!isArray && !write(`${JSON.stringify(key)}:`)) return false;
      if (!walk((v as Record<string | number, unknown>)[key], depth + 1)) return false;
    }
    return write(isArray ? ']' : '}');
  };
  walk(value, 0);
  const text = out.join('');
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 3)}...` : text;
}
