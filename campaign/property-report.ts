/**
 * Turning a failed property run into a bug report: the shrunk case's resolved scenario and
 * seed, its failure, and fast-check's seed, path and counterexample so the property itself
 * can also be replayed under fast-check.
 */
import { buildBugReport, type BugReport, type KnownBadFix, type ReportOrigin } from './bug-report.ts';
import type { PropertyRun } from './property.ts';

export function reportFromPropertyRun(run: PropertyRun, by: ReportOrigin['by'], knownBad?: KnownBadFix): BugReport {
  const failed = run.failed;
  if (failed === undefined) throw new Error(`reportFromPropertyRun: property ${run.property} did not fail`);
  const origin: ReportOrigin = {
    by,
    property: run.property,
    fcSeed: failed.fcSeed,
    fcPath: failed.fcPath,
    counterexample: failed.counterexample,
    numShrinks: failed.numShrinks,
  };
  const replayPath = /replayPath=([^*\s]+)/.exec(failed.counterexample);
  if (replayPath !== null) origin.fcReplayPath = replayPath[1];
  return buildBugReport({
    result: failed.outcome.result,
    failure: failed.outcome.failure!,
    checkEveryEvent: true,
    origin,
    ...(knownBad !== undefined ? { knownBad } : {}),
  });
}
