/**
 * `nicsim run --set path=value`: single-value overrides applied to the scenario before it is
 * resolved, with the syntax and checks of `sweep --set` (output/sweep-grid.ts): the value
 * takes the type of the field it replaces, and the scenario with the values set is validated
 * again, so a bad path or value is one line and exit 2 before anything runs.
 */
import { resolveScenario } from '../scenario/load.ts';
import type { ResolvedScenario } from '../scenario/schema.ts';
import { applyPoint, expandGrid, GridError, parseSetOption } from '../output/sweep-grid.ts';
import { UsageError } from './usage.ts';

export interface Overridden {
  scenario: ResolvedScenario;
  /** The values set, by path, in command-line order; empty without --set. */
  overrides: Record<string, unknown>;
}

export function applyOverrides(file: string, base: ResolvedScenario, options: readonly string[] | undefined): Overridden {
  if (options === undefined || options.length === 0) return { scenario: base, overrides: {} };
  let overrides: Record<string, unknown>;
  try {
    const axes = options.map((option) => parseSetOption(option, base));
    for (const axis of axes) {
      if (axis.values.length !== 1) throw new UsageError(`run: --set ${axis.path}: expected one value, found ${axis.values.length} (a grid of values is a sweep: nicsim sweep)`);
    }
    // One point: every axis has one value. expandGrid refuses a path given twice.
    overrides = expandGrid(axes)[0].params;
  } catch (error) {
    if (error instanceof GridError) throw new UsageError(`run: ${error.message}`);
    throw error;
  }
  const scenario = resolveScenario(applyPoint(base, { gridIndex: 0, params: overrides }), `${file} with ${describeOverrides(overrides)}`);
  return { scenario, overrides };
}

/** `path=value path=value`, values as JSON (strings quoted), as sweeps name their points. */
export function describeOverrides(overrides: Record<string, unknown>): string {
  return Object.entries(overrides)
    .map(([path, value]) => `${path}=${JSON.stringify(value)}`)
    .join(' ');
}

/** The --set arguments that reproduce the overrides, quoted for a POSIX shell where needed. */
export function setArguments(overrides: Record<string, unknown>): string {
  return Object.entries(overrides)
    .map(([path, value]) => {
      // A string is written bare when --set reads it back unchanged, else as JSON ("a,b").
      const bare = typeof value === 'string' && /^[A-Za-z0-9_.:/+-]+$/.test(value);
      const option = `${path}=${bare ? value : JSON.stringify(value)}`;
      return ` --set ${/^[A-Za-z0-9_.,=:/+-]+$/.test(option) ? option : `'${option.replace(/'/g, `'\\''`)}'`}`;
    })
    .join('');
}
