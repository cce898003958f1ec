/**
 * The runner module of `nicsim sweep`: the job pool's child processes import it and call
 * runSweepJob once per (grid point, seed). It runs the already-resolved scenario with the
 * job's seed and returns the columns of one sweep row: status, fingerprint, simulated time,
 * events and every metric under its own (unit-suffixed) name. Wall-clock figures are left
 * out so a finished sweep's files are the same on every machine.
 */
import { runScenario } from '../scenario/run.ts';
import type { ResolvedScenario } from '../scenario/schema.ts';
import { ScenarioError } from '../scenario/problems.ts';
import { EXIT } from './exit-codes.ts';

export interface SweepJobInput {
  seed: number;
  scenario: ResolvedScenario;
  params: Record<string, unknown>;
}

export function runSweepJob(job: SweepJobInput): Record<string, unknown> {
  let result;
  try {
    result = runScenario(job.scenario, { seed: job.seed });
  } catch (error) {
    if (error instanceof ScenarioError) return { exitCode: EXIT.usage, error: error.lines().join('; ') };
    throw error;
  }
  const row: Record<string, unknown> = {
    status: result.status,
    mainPhase: result.mainPhase,
    fingerprint: result.fingerprint,
    simTimeNs: result.simTimeNs,
    events: result.events,
  };
  for (const [name, value] of Object.entries(result.metrics)) row[name in row ? `metrics.${name}` : name] = value;
  if (result.status === 'violation') {
    row.exitCode = EXIT.violation;
    row.error = `violation: ${result.violation?.message ?? 'unknown'}`;
  } else if (result.status === 'liveness') {
    row.exitCode = EXIT.liveness;
    row.error = `liveness: ${result.liveness ?? 'unknown'}`;
  }
  return row;
}
