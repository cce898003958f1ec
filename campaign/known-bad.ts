/**
 * Known-bad variants: model switches (off by default) that put back a bug the kernel really
 * had, or kernel versions before its fix. Each variant names the property that must catch it
 * and the edits that turn the bug off, so its shrunk counterexample becomes a regression
 * (regressions/<name>.json) that replays REPRODUCED with the bug and FIXED without it.
 *
 * `huntKnownBad` measures how hard a variant is to find: fast-check batches under campaign
 * seeds until the first failing case, counting cases and wall time up to that case (shrinking
 * is timed separately).
 */
import type { ResolvedScenario } from '../scenario/schema.ts';
import type { BugReport, KnownBadFix } from './bug-report.ts';
import { batchSeed } from './fuzz-plan.ts';
import { checkProperty, type CampaignProperty, type PropertyRun } from './property.ts';
import { reportFromPropertyRun } from './property-report.ts';

export interface KnownBadVariant {
  name: string;
  description: string;
  /** The property that catches it; its generator keeps the bug switched on. */
  property: CampaignProperty;
  /** The invariant the catch is expected to name. */
  expectInvariant: RegExp;
  /** Edits of a generated scenario (or case input) that turn the bug off (a flag, or the fixing kernel). */
  fix(subject: ResolvedScenario | unknown): KnownBadFix['fix'];
}

export interface HuntResult {
  variant: string;
  campaignSeed: number;
  found: boolean;
  /** Cases run up to and including the first failing one. */
  runsToFind: number;
  wallMsToFind: number;
  shrinkMs: number;
  invariant?: string;
  report?: BugReport;
}

export function huntKnownBad(variant: KnownBadVariant, campaignSeed: number, maxRuns: number, batchRuns = 25): HuntResult {
  const started = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
  let cases = 0;
  let firstAt: { runs: number; ms: number } | null = null;
  let failed: PropertyRun | null = null;
  for (let b = 0; cases < maxRuns && failed === null; b++) {
    const run = checkProperty(variant.property, {
      seed: batchSeed(campaignSeed, b),
      numRuns: Math.min(batchRuns, maxRuns - cases),
      onCase: (outcome) => {
        cases++;
        if (outcome.failure !== null && firstAt === null) firstAt = { runs: cases, ms: elapsedMs() };
      },
    });
    if (run.failed !== undefined) failed = run;
  }
  const result: HuntResult = { variant: variant.name, campaignSeed, found: failed !== null, runsToFind: cases, wallMsToFind: elapsedMs(), shrinkMs: 0 };
  if (failed !== null && failed.failed !== undefined && firstAt !== null) {
    const first = firstAt as { runs: number; ms: number };
    result.runsToFind = first.runs;
    result.wallMsToFind = first.ms;
    result.shrinkMs = elapsedMs() - first.ms;
    result.invariant = failed.failed.outcome.failure!.invariant;
    const r = failed.failed.outcome.result;
    result.report = reportFromPropertyRun(failed, 'property', { bug: variant.name, fix: variant.fix(r.resolved ?? r.caseInput?.input) });
  }
  return result;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
