/**
 * Loading a scenario: read the file (a regular file of bounded size, scenario/read-file.ts),
 * scan the JSON text (syntax errors, nesting depth and non-finite numbers at their line and
 * column, io/json-scan.ts), parse it, validate against the file schema, apply
 * defaults, run the cross-field checks. Every problem found is reported at once, one line
 * each, as a ScenarioError.
 */
import { Value } from '@sinclair/typebox/value';
import { ScenarioError, type ScenarioProblem } from './problems.ts';
import { ResolvedScenarioSchema, ScenarioFileSchema, type ResolvedScenario } from './schema.ts';
import { schemaProblems } from './validate.ts';
import { semanticProblems } from './check.ts';
import { lineColumn, scanJson } from '../io/json-scan.ts';
import { readScenarioText } from './read-file.ts';
import { valueShapeProblem } from './value-shape.ts';
import { MAX_JSON_DEPTH } from './limits.ts';

export function loadScenarioFile(file: string): ResolvedScenario {
  return parseScenario(readScenarioText(file), file);
}

export function parseScenario(text: string, file: string): ResolvedScenario {
  // The scan comes first: JSON.parse would build a value of any depth (16 MiB of '[' is
  // millions of nested arrays) and turns 1e400 into Infinity without a word.
  const problem = scanJson(text, MAX_JSON_DEPTH);
  if (problem !== null) {
    throw new ScenarioError(file, [{ where: lineColumn(text, problem.offset), message: problem.syntax ? `invalid JSON: ${problem.message}` : problem.message }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The scanner accepted what JSON.parse refuses: a scanner bug, but still the file's problem to report.
    throw new ScenarioError(file, [jsonSyntaxProblem(text, (error as Error).message)]);
  }
  return resolveScenario(value, file);
}

/** Validates a parsed scenario and returns it with every default filled in. */
export function resolveScenario(value: unknown, file: string): ResolvedScenario {
  // Values built in code (bug reports, sweeps, properties) are held to the same depth and
  // finiteness as files before any recursive walk of them.
  const shape = valueShapeProblem(value, MAX_JSON_DEPTH);
  if (shape !== null) throw new ScenarioError(file, [shape]);
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

/** V8's message as a problem, at the position it names (if any), without the text it quotes. */
function jsonSyntaxProblem(text: string, message: string): ScenarioProblem {
  const match = /at position (\d+)/.exec(message);
  const reason = message.replace(/,\s*".*" is not valid JSON$/s, '').replace(/\s*in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  return { where: match !== null ? lineColumn(text, Number(match[1])) : '$', message: `invalid JSON: ${reason}` };
}

/** Top-level fields in schema order (defaults are appended at the end), for readable results. */
function inSchemaOrder(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(ResolvedScenarioSchema.properties)) if (key in value) out[key] = value[key];
  return out;
}
