/**
 * Scenario problems: everything wrong with a scenario file, one line each, naming the file,
 * where (a JSON path such as `$.workloads[0].rateHz`, or a line and column for JSON syntax)
 * and what was expected and found. The CLI prints `lines()` and exits 2.
 */

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
    return this.problems.map((p) => `${this.file}: ${p.where}: ${p.message}`);
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

/** A value as it appears in a message: JSON, shortened. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
