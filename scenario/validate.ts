/**
 * Turns TypeBox's Value.Errors into scenario problems: one per JSON path, saying what was
 * expected (described from the schema, in words: "a flow object with fields …", "at most
 * 64 items", "distinct items") and what was found. Unions whose members are objects told
 * apart by a literal `kind` (workloads, faults, flows) are checked against the member the
 * `kind` names, so an error points into that member instead of "expected union value".
 * An array over its maxItems is one problem: its items are not checked one by one, and the
 * check stops after MAX_PROBLEMS_COLLECTED problems (a file of 100,000 bad items).
 */
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { formatBound, jsonPath, shown, type ScenarioProblem } from './problems.ts';
import { MAX_PROBLEMS_COLLECTED } from './limits.ts';

export function schemaProblems(schema: TSchema, value: unknown, pointer = ''): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const seen = new Set<string>();
  const tooLong: string[] = [];
  for (const error of Value.Errors(schema, value)) {
    if (problems.length >= MAX_PROBLEMS_COLLECTED) break;
    const at = pointer + error.path;
    if (seen.has(at) || tooLong.some((prefix) => at.startsWith(prefix))) continue;
    seen.add(at);
    if (error.type === ValueErrorType.ArrayMaxItems) tooLong.push(`${at}/`);
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
  const name = fieldName(at);
  switch (type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return { where, message: `unknown field, expected one of: ${Object.keys(schema.properties ?? {}).join(', ')}` };
    case ValueErrorType.ObjectRequiredProperty:
      return { where, message: `missing required field, expected ${describe(schema, name)}` };
    case ValueErrorType.ArrayMaxItems:
      return { where, message: `expected at most ${items(schema.maxItems)}, found ${(value as unknown[]).length}` };
    case ValueErrorType.ArrayUniqueItems:
      return { where, message: `expected distinct items, found ${duplicate(value as unknown[])}` };
    case ValueErrorType.ObjectMaxProperties:
      return { where, message: `expected an object of at most ${schema.maxProperties} fields, found ${Object.keys(value as object).length}` };
    default:
      return { where, message: `expected ${describe(schema, name, value)}, found ${shown(value)}` };
  }
}

/** The first item that occurs twice, with both indices: `"5.15" twice, at [0] and [2]`. */
function duplicate(values: unknown[]): string {
  const first = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const key = JSON.stringify(values[i]);
    const j = first.get(key);
    if (j !== undefined) return `${shown(values[i])} twice, at [${j}] and [${i}]`;
    first.set(key, i);
  }
  return 'a repeated item';
}

function items(n: number): string {
  return `${n} item${n === 1 ? '' : 's'}`;
}

/** The field a path ends in (`flow` for /workloads/0/flow; `scenario` for the whole file), or undefined for an array item. */
function fieldName(pointer: string): string | undefined {
  if (pointer === '') return 'scenario';
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  return /^\d+$/.test(last) ? undefined : last.replace(/~1/g, '/').replace(/~0/g, '~');
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

/**
 * A short description of what a schema accepts: `integer >= 1`, `one of "x86_64", "arm64"`,
 * `a flow object with "kind": "tcp" (optional fields …) or …`. `name` is the field the
 * schema is the value of, when known; `value` is what was found (it decides which bounds
 * matter, see `range`).
 */
export function describe(schema: TSchema, name?: string, value?: unknown): string {
  switch (schema[Kind]) {
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Union': {
      const members = schema.anyOf as TSchema[];
      if (members.every((m) => m[Kind] === 'Literal')) return `one of ${members.map((m) => JSON.stringify(m.const)).join(', ')}`;
      if (members.every((m) => m[Kind] === 'Object' && m.properties?.kind?.const !== undefined)) {
        return `${objectNoun(name)} with ${members.map((m) => `"kind": ${JSON.stringify(m.properties.kind.const)} (${fieldList(m, ['kind'])})`).join(' or ')}`;
      }
      return members.map((m) => describe(m, name, value)).join(' or ');
    }
    case 'Integer':
      return `integer${range(schema, value)}`;
    case 'Number':
      return `number${range(schema, value)}`;
    case 'String': {
      // A length limit is news only to a string over it.
      const over = schema.maxLength !== undefined && typeof value === 'string' && value.length > schema.maxLength;
      const length = over ? ` of at most ${schema.maxLength} characters` : '';
      if (schema.pattern !== undefined) return `string${length} matching /${schema.pattern}/`;
      return `${schema.minLength !== undefined && schema.minLength > 0 ? 'non-empty string' : 'string'}${length}`;
    }
    case 'Boolean':
      return 'boolean';
    case 'Array': {
      // As with strings, the item limit is shown only to an array over it.
      const over = schema.maxItems !== undefined && Array.isArray(value) && value.length > schema.maxItems;
      const min = schema.minItems !== undefined && schema.minItems > 0 ? `at least ${items(schema.minItems)}` : '';
      const max = over ? `at most ${items(schema.maxItems)}` : '';
      const count = min !== '' && max !== '' ? `${min} and ${max}` : min || max;
      const unique = schema.uniqueItems === true;
      if (count !== '') return `array of ${count}${unique ? ', all distinct' : ''}`;
      return unique ? 'array of distinct items' : 'array';
    }
    case 'Record': {
      const values = Object.values(schema.patternProperties ?? {})[0] as TSchema | undefined;
      return values === undefined ? 'object' : `object of ${describe(values)} values`;
    }
    case 'Object':
      return `${objectNoun(name)} with ${fieldList(schema, [])}`;
    default:
      return String(schema[Kind]).toLowerCase();
  }
}

function objectNoun(name: string | undefined): string {
  if (name === undefined) return 'an object';
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name} object`;
}

/** `fields name, driver; optional queues, mtu` (fields in `skip` left out). */
function fieldList(schema: TSchema, skip: readonly string[]): string {
  const required: string[] = [];
  const optional: string[] = [];
  for (const [key, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (skip.includes(key)) continue;
    (property[OptionalKind] !== undefined ? optional : required).push(key);
  }
  const parts: string[] = [];
  if (required.length > 0) parts.push(`fields ${required.join(', ')}`);
  if (optional.length > 0) parts.push(`${required.length > 0 ? 'optional' : 'optional fields'} ${optional.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'no fields';
}

/**
 * ` >= 1 and <= 1e9`. Ceilings of 1e15 and more (the time horizon, the safe-integer bound of
 * seeds and times) say nothing to most readers and are shown only to a value above them.
 */
function range(schema: TSchema, value?: unknown): string {
  const lower = schema.exclusiveMinimum !== undefined ? `> ${formatBound(schema.exclusiveMinimum)}` : schema.minimum !== undefined ? `>= ${formatBound(schema.minimum)}` : '';
  const hidden = schema.maximum !== undefined && schema.maximum >= 1e15 && !(typeof value === 'number' && value > schema.maximum);
  const maximum = hidden ? undefined : schema.maximum;
  const upper = schema.exclusiveMaximum !== undefined ? `< ${formatBound(schema.exclusiveMaximum)}` : maximum !== undefined ? `<= ${formatBound(maximum)}` : '';
  if (lower !== '' && upper !== '') return ` ${lower} and ${upper}`;
  return lower !== '' ? ` ${lower}` : upper !== '' ? ` ${upper}` : '';
}
