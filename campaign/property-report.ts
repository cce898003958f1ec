/**
 * Turning a failed property run into a bug report: the shrunk case's resolved scenario and
 * seed, its failure, and fast-check's seed, path and counterexample so the property itself
 * can also be replayed under fast-check.
 */
import { buildBugReport, writeBugReport, type BugReport, type KnownBadFix, type ReportOrigin } from './bug-report.ts';
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

/** Where property suites write the reports of their failures (relative to the working directory). */
export const PROPERTY_REPORT_DIR = 'bug-reports';

/**
 * For a failed property run in a test: writes its bug report (printing the replay command on
 * stderr) and returns the assertion message: what failed, the shrunk case, and how to replay it.
 */
export function propertyFailureMessage(run: PropertyRun, dir = PROPERTY_REPORT_DIR): string {
  const failure = run.failed?.outcome.failure;
  if (run.failed === undefined || failure === null || failure === undefined) return '';
  const path = writeBugReport(reportFromPropertyRun(run, 'property'), { dir });
  return `${run.property}: ${failure.invariant} in ${failure.kernelFn}: ${failure.message}\ncounterexample: ${run.failed.counterexample}\nreplay: npx nicsim replay ${path}`;
}
