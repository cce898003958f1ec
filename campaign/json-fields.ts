/**
 * Field-by-field checks of parsed JSON (bug reports and the case inputs they carry). A check
 * that fails throws a FieldProblem: the JSON path of the field and what was expected and found,
 * in the words scenario problems use ("missing required field, expected …", "unknown field,
 * expected one of: …"). Only the first problem is reported: a damaged report needs one line.
 */
import { found } from '../output/input-file.ts';

export class FieldProblem extends Error {
  readonly where: string;
  /** What was expected and found, without the path. */
  readonly detail: string;
  constructor(where: string, detail: string) {
    super(`${where}: ${detail}`);
    this.name = 'FieldProblem';
    this.where = where;
    this.detail = detail;
  }
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `$.a.b`, `$.a[3]`, `$.a["odd key"]`. */
export function child(where: string, key: string | number): string {
  if (typeof key === 'number') return `${where}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
}

/** Throws unless `ok`; an undefined value is a missing field. */
export function expect(ok: boolean, where: string, expected: string, value: unknown): void {
  if (ok) return;
  throw new FieldProblem(where, value === undefined ? `missing required field, expected ${expected}` : `expected ${expected}, found ${found(value)}`);
}

export function record(value: unknown, where: string, expected = 'an object'): JsonRecord {
  expect(isRecord(value), where, expected, value);
  return value as JsonRecord;
}

export function onlyKeys(value: JsonRecord, where: string, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new FieldProblem(child(where, key), `unknown field, expected one of: ${keys.join(', ')}`);
  }
}

export const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** An integer in [min, max]; the range is part of what was expected. */
export function integerIn(value: unknown, where: string, min: number, max: number, why = ''): number {
  expect(Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max, where, `an integer from ${min} to ${max}${why}`, value);
  return value as number;
}

export function oneOf<T extends string>(value: unknown, where: string, choices: readonly T[]): T {
  expect(choices.includes(value as T), where, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, value);
  return value as T;
}

/** An optional field: absent, or passing `check`. */
export function optional(value: JsonRecord, key: string, where: string, check: (v: unknown) => boolean, expected: string): void {
  if (value[key] !== undefined) expect(check(value[key]), child(where, key), expected, value[key]);
}
