/**
 * Turns TypeBox's Value.Errors into scenario problems: one per JSON path, saying what was
 * expected (described from the schema) and what was found. Unions whose members are objects
 * told apart by a literal `kind` (workloads, faults) are checked against the member the
 * `kind` names, so an error points into that member instead of "expected union value".
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { jsonPath, shown, type ScenarioProblem } from './problems.ts';

export function schemaProblems(schema: TSchema, value: unknown, pointer = ''): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const at = pointer + error.path;
    if (seen.has(at)) continue;
    seen.add(at);
    if (error.type === ValueErrorType.Union) {
      const members = discriminated(error.schema);
      if (members !== null) {
        problems.push(...memberProblems(members, error.value, at));
        continue;
      }
    }
    problems.push(describeError(error.type, error.schema, error.value, at));
  }
  return withoutNoiseUnderWrongKind(problems);
}

/**
 * When an object's literal `kind` is wrong (a one-member union collapses to that member, so
 * no union error is raised), the other complaints about that object are noise: keep only
 * the one about `kind`.
 */
function withoutNoiseUnderWrongKind(problems: ScenarioProblem[]): ScenarioProblem[] {
  const wrongKind = problems.filter((p) => p.where.endsWith('.kind') && p.message.startsWith('expected "')).map((p) => p.where.slice(0, -'kind'.length));
  if (wrongKind.length === 0) return problems;
  return problems.filter((p) => !wrongKind.some((prefix) => p.where.startsWith(prefix) && p.where !== `${prefix}kind`));
}

function describeError(type: ValueErrorType, schema: TSchema, value: unknown, at: string): ScenarioProblem {
  const where = jsonPath(at);
  if (type === ValueErrorType.ObjectAdditionalProperties) {
    const known = Object.keys(schema.properties ?? {});
    return { where, message: `unknown field, expected one of: ${known.join(', ')}` };
  }
  if (type === ValueErrorType.ObjectRequiredProperty) {
    return { where, message: `missing required field, expected ${describe(schema)}` };
  }
  return { where, message: `expected ${describe(schema)}, found ${shown(value)}` };
}

/** The union's members keyed by their literal `kind`, or null if it is not such a union. */
function discriminated(schema: TSchema): Map<string, TSchema> | null {
  const members = new Map<string, TSchema>();
  for (const member of (schema.anyOf ?? []) as TSchema[]) {
    const kind = member[Kind] === 'Object' ? member.properties?.kind : undefined;
    if (kind === undefined || kind.const === undefined) return null;
    members.set(String(kind.const), member);
  }
  return members.size > 0 ? members : null;
}

function memberProblems(members: Map<string, TSchema>, value: unknown, at: string): ScenarioProblem[] {
  const kinds = [...members.keys()].map((k) => JSON.stringify(k)).join(', ');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ where: jsonPath(at), message: `expected object with "kind" one of ${kinds}, found ${shown(value)}` }];
  }
  const kind = (value as Record<string, unknown>).kind;
  if (kind === undefined) return [{ where: jsonPath(`${at}/kind`), message: `missing required field, expected one of ${kinds}` }];
  const member = typeof kind === 'string' ? members.get(kind) : undefined;
  if (member === undefined) return [{ where: jsonPath(`${at}/kind`), message: `expected one of ${kinds}, found ${shown(kind)}` }];
  return schemaProblems(member, value, at);
}

/** A short description of what a schema accepts: `integer >= 1`, `one of "x86_64", "arm64"`. */
export function describe(schema: TSchema): string {
  switch (schema[Kind]) {
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Union': {
      const members = schema.anyOf as TSchema[];
      if (members.every((m) => m[Kind] === 'Literal')) return `one of ${members.map((m) => JSON.stringify(m.const)).join(', ')}`;
      return members.map(describe).join(' or ');
    }
    case 'Integer':
      return `integer${range(schema)}`;
    case 'Number':
      return `number${range(schema)}`;
    case 'String':
      if (schema.pattern !== undefined) return `string matching /${schema.pattern}/`;
      return schema.minLength !== undefined && schema.minLength > 0 ? 'non-empty string' : 'string';
    case 'Boolean':
      return 'boolean';
    case 'Array':
      if (schema.minItems !== undefined && schema.minItems > 0) return `array of at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`;
      return schema.uniqueItems === true ? 'array of distinct items' : 'array';
    case 'Record': {
      const values = Object.values(schema.patternProperties ?? {})[0] as TSchema | undefined;
      return values === undefined ? 'object' : `object of ${describe(values)} values`;
    }
    case 'Object':
      return 'object';
    default:
      return String(schema[Kind]).toLowerCase();
  }
}

function range(schema: TSchema): string {
  const lower = schema.exclusiveMinimum !== undefined ? `> ${schema.exclusiveMinimum}` : schema.minimum !== undefined ? `>= ${schema.minimum}` : '';
  // The safe-integer ceiling every time and count carries is implied by "integer": not shown.
  const maximum = schema.maximum === Number.MAX_SAFE_INTEGER ? undefined : schema.maximum;
  const upper = schema.exclusiveMaximum !== undefined ? `< ${schema.exclusiveMaximum}` : maximum !== undefined ? `<= ${maximum}` : '';
  if (lower !== '' && upper !== '') return ` ${lower} and ${upper}`;
  return lower !== '' ? ` ${lower}` : upper !== '' ? ` ${upper}` : '';
}
