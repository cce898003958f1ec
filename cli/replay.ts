/**
 * `nicsim replay <report.json> [--fixed] [--json]`: re-runs a bug report's resolved scenario
 * at its seed and says REPRODUCED (exit 1), FIXED (exit 0) or DIVERGED (exit 3).
 * `--fixed` first applies the report's known-bad fix (the bug's flag off, or the kernel
 * version that fixed it), for regressions that must pass once the bug is gone.
 */
import { readBugReport } from '../campaign/bug-report.ts';
import { replaySteps, VERDICT_EXIT } from '../campaign/replay.ts';
import { InputFileError } from '../output/input-file.ts';
import { driveSteps, handleInterrupts } from './interrupt.ts';
import { parseCommandArgs, UsageError } from './usage.ts';

export const REPLAY_HELP = `Usage: nicsim replay <report.json> [--fixed] [--json]
  Re-runs the report's scenario at its seed: REPRODUCED (exit 1), FIXED (exit 0), DIVERGED (exit 3).
  --fixed   apply the report's known-bad fix first (regressions: expect FIXED)
  --json    print the verdict as one JSON object
`;

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('replay', argv, {
    fixed: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    process.stdout.write(REPLAY_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`replay: expected one bug report file, found ${positionals.length}`);
  const file = positionals[0];
  // Replay writes nothing, so an interrupt only has to say so and exit 130 or 143.
  const interrupts = handleInterrupts('replay', () => 'nothing was written');
  let outcome;
  try {
    outcome = await driveSteps(replaySteps(readBugReport(file), { applyFix: values.fixed === true, file }));
  } catch (error) {
    // What is wrong with the report (its file, a field, a fix it lacks) is bad input; anything else is a bug.
    if (error instanceof InputFileError) throw new UsageError(`replay: ${error.message}`);
    throw error;
  } finally {
    interrupts.dispose();
  }
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ file, verdict: outcome.verdict, explanation: outcome.explanation, failure: outcome.failure, fingerprint: outcome.fingerprint, events: outcome.events })}\n`);
  } else {
    process.stdout.write(`${outcome.verdict}: ${outcome.explanation}\n`);
  }
  return VERDICT_EXIT[outcome.verdict];
}
