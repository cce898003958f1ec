/**
 * `nicsim replay <report.json> [--fixed] [--json]`: re-runs a bug report's resolved scenario
 * at its seed and says REPRODUCED (exit 1), FIXED (exit 0) or DIVERGED (exit 3).
 * `--fixed` first applies the report's known-bad fix (the bug's flag off, or the kernel
 * version that fixed it), for regressions that must pass once the bug is gone.
 *
 * A verdict on a report written by another nicsim version or commit comes with one warning
 * line on stderr: a different nicsim may legitimately change a trajectory, so a DIVERGED is
 * read with that in mind.
 */
import { kernelDifferences, readBugReport, type BugReport } from '../campaign/bug-report.ts';
import { replaySteps, VERDICT_EXIT } from '../campaign/replay.ts';
import { InputFileError } from '../output/input-file.ts';
import { provenanceDifferences, type Provenance } from '../output/provenance.ts';
import { driveSteps, handleInterrupts } from './interrupt.ts';
import { UsageError } from './usage.ts';

export interface ReplayCommandOptions {
  fixed?: boolean;
  json?: boolean;
}

export async function replayCommand(file: string, options: ReplayCommandOptions): Promise<number> {
  // Replay writes nothing, so an interrupt only has to say so and exit 130 or 143.
  const interrupts = handleInterrupts('replay', () => 'nothing was written');
  let report: BugReport;
  let outcome;
  try {
    report = readBugReport(file);
    outcome = await driveSteps(replaySteps(report, { applyFix: options.fixed === true, file }));
  } catch (error) {
    // What is wrong with the report (its file, a field, a fix it lacks) is bad input; anything else is a bug.
    if (error instanceof InputFileError) throw new UsageError(`replay: ${error.message}`);
    throw error;
  } finally {
    interrupts.dispose();
  }
  // Only beside a verdict: a report refused as bad input stays one line.
  const differences = provenanceDifferences(recordedProvenance(report));
  if (differences.length > 0) {
    process.stderr.write(`nicsim: replay: warning: ${file} was written by ${differences.join(' and ')}; its trajectory may differ for that reason alone\n`);
  }
  const kernels = kernelDifferences(report.kernels);
  if (kernels.length > 0) {
    process.stderr.write(`nicsim: replay: warning: ${file} ran ${kernels.join('; ')}; its trajectory may differ for that reason alone\n`);
  }
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify({ file, verdict: outcome.verdict, explanation: outcome.explanation, failure: outcome.failure, fingerprint: outcome.fingerprint, events: outcome.events })}\n`);
  } else {
    process.stdout.write(`${outcome.verdict}: ${outcome.explanation}\n`);
  }
  return VERDICT_EXIT[outcome.verdict];
}

/**
 * The version and commit a report was written with: its `provenance` when it has one, else
 * format 1's `nicsim` record, whose gitCommit is 'unknown' outside a git checkout.
 */
export function recordedProvenance(report: Pick<BugReport, 'nicsim'> & { provenance?: Provenance }): Partial<Pick<Provenance, 'nicsimVersion' | 'gitCommit'>> {
  if (report.provenance !== undefined) return { nicsimVersion: report.provenance.nicsimVersion, gitCommit: report.provenance.gitCommit };
  const commit = report.nicsim.gitCommit;
  return { nicsimVersion: report.nicsim.version, gitCommit: commit === 'unknown' ? null : commit };
}
