/**
 * Loading a scenario: read the file, parse JSON (syntax errors give line and column),
 * validate against the file schema, apply defaults, run the cross-field checks. Every
 * problem found is reported at once, one line each, as a ScenarioError.
 */
import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { ScenarioError, type ScenarioProblem } from './problems.ts';
import { ResolvedScenarioSchema, ScenarioFileSchema, type ResolvedScenario } from './schema.ts';
import { schemaProblems } from './validate.ts';
import { semanticProblems } from './check.ts';

export function loadScenarioFile(file: string): ResolvedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ScenarioError(file, [{ where: '$', message: `cannot read scenario: ${reason}` }]);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file: string): ResolvedScenario {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(file, [jsonSyntaxProblem(text, (error as Error).message)]);
  }
  return resolveScenario(value, file);
}

/** Validates a parsed scenario and returns it with every default filled in. */
export function resolveScenario(value: unknown, file: string): ResolvedScenario {
  const problems = schemaProblems(ScenarioFileSchema, value);
  if (problems.length > 0) throw new ScenarioError(file, problems);
  const resolved = Value.Default(ScenarioFileSchema, structuredClone(value));
  if (!Value.Check(ResolvedScenarioSchema, resolved)) {
    // The file schema accepted the value, so this is a bug in the defaults, not in the file.
    const first = schemaProblems(ResolvedScenarioSchema, resolved)[0];
    throw new Error(`resolveScenario: defaults left ${file} invalid at ${first?.where}: ${first?.message}`);
  }
  const scenario = inSchemaOrder(resolved as Record<string, unknown>) as ResolvedScenario;
  const semantic = semanticProblems(scenario);
  if (semantic.length > 0) throw new ScenarioError(file, semantic);
  return scenario;
}

function jsonSyntaxProblem(text: string, message: string): ScenarioProblem {
  const match = /at position (\d+)/.exec(message);
  const position = match !== null ? Number(match[1]) : text.length;
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  const reason = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
  return { where: `line ${line}, column ${column}`, message: `invalid JSON: ${reason}` };
}

/** Top-level fields in schema order (defaults are appended at the end), for readable results. */
function inSchemaOrder(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(ResolvedScenarioSchema.properties)) if (key in value) out[key] = value[key];
  return out;
}
