/** The lines resolving a scenario value is refused with, or [] when it resolves (for tests). */
import { resolveScenario } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/problems.ts';

export function problems(value: unknown): string[] {
  try {
    resolveScenario(value, 'x.json');
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.lines();
  }
}
