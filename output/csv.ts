/** CSV (RFC 4180) cells and lines for sweep rows. */
import type { Scalar } from './flatten.ts';

export function csvCell(value: Scalar | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(columns: readonly string[], row: Record<string, Scalar>): string {
  return `${columns.map((c) => csvCell(row[c])).join(',')}\n`;
}

export function csvHeader(columns: readonly string[]): string {
  return `${columns.map((c) => csvCell(c)).join(',')}\n`;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, Scalar>[]): string {
  return csvHeader(columns) + rows.map((r) => csvLine(columns, r)).join('');
}

/** Union of the rows' columns in first-seen order. */
export function columnsOf(rows: readonly Record<string, Scalar>[], leading: readonly string[] = []): string[] {
  const columns = new Set<string>(leading);
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}
