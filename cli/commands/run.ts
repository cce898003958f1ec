/**
 * `nicsim run <scenario> [--seed N] [--set path=value]... [--json] [--out DIR] [--trace FILE]
 * [--events FILE] [--pcap FILE] [--snaplen N] [--check-every-event]`.
 *
 * Every output is opened before the run (cli/run-outputs.ts). The run gives the event loop a
 * turn between slices, so Ctrl-C or SIGTERM removes the unfinished files and exits 130/143.
 * The result's provenance is computed after the run from its resolved scenario: it rides
 * beside the result and can change neither the run nor its fingerprint.
 */
import { join } from 'node:path';
import { OutputError } from '../../output/out-file.ts';
import { provenance } from '../../output/provenance.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenarioSteps, type RunResult } from '../../scenario/run.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatReport } from '../format.ts';
import { driveSteps, handleInterrupts } from '../interrupt.ts';
import { progressReporter } from '../progress.ts';
import { openRunOutputs } from '../run-outputs.ts';
import { applyOverrides, describeOverrides, setArguments } from '../run-overrides.ts';
import { parseSeed } from '../usage.ts';

export interface RunCommandOptions {
  seed?: string;
  set?: string[];
  json?: boolean;
  out?: string;
  trace?: string;
  events?: string;
  pcap?: string;
  snaplen?: string;
  checkEveryEvent?: boolean;
}

/** The label column of the text report (cli/format.ts) is 13 characters wide. */
const LABEL_WIDTH = 13;

export async function runCommand(file: string, values: RunCommandOptions): Promise<ExitCode> {
  const seed = parseSeed(values.seed);
  const { scenario, overrides } = applyOverrides(file, loadScenarioFile(file), values.set);
  const outputs = openRunOutputs(values);
  // The handler removes the open temporary files itself; nothing else needs stopping.
  const interrupts = handleInterrupts('run', () => {
    const paths = outputs.paths();
    return paths.length === 0 ? 'nothing was written' : `nothing was written to ${paths.join(', ')} (any previous file there is unchanged)`;
  });
  const progress = progressReporter();
  let result: RunResult;
  try {
    result = await driveSteps(
      runScenarioSteps(scenario, {
        file,
        seed,
        trace: outputs.trace,
        observer: outputs.observer,
        checkEveryEvent: values.checkEveryEvent,
        onProgress: progress.update,
      }),
    );
  } catch (error) {
    outputs.abandon();
    throw error;
  } finally {
    progress.clear();
  }
  const overridden = Object.keys(overrides).length > 0;
  const report = overridden ? withOverridesLine(formatReport(result, file), overrides) : formatReport(result, file);
  const document = { file, ...(overridden ? { overrides } : {}), ...result, provenance: provenance(result.resolved) };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  outputs.finish(result, json, report);
  // With an output on standard output (`--pcap -`), the report goes to standard error.
  const reportStream = outputs.reportToStderr ? process.stderr : process.stdout;
  reportStream.write(values.json === true ? json : report);
  interrupts.dispose();
  return await afterRun(result, file, values, overrides);
}

/**
 * The exit code, and what a failure leaves behind. A scenario that declares its outcome
 * (expectOutcome: a known bug it demonstrates) passes when the outcome is reproduced, even a
 * violation, and fails when it is not; an undeclared violation or liveness failure writes a
 * bug report that `nicsim replay` re-runs.
 */
async function afterRun(result: RunResult, file: string, values: RunCommandOptions, overrides: Record<string, unknown>): Promise<ExitCode> {
  const expectation = result.expectation;
  if (expectation?.reproduced === true) return EXIT.ok;
  if (expectation !== undefined) {
    process.stderr.write(`nicsim: expected outcome not reproduced: expected ${expectation.expected}, found ${expectation.found} (${expectation.why})\n`);
  }
  if (result.status === 'ok') return expectation === undefined ? EXIT.ok : EXIT.violation;
  const what = result.status === 'violation' ? `violation: ${result.violation?.message}` : `liveness: ${result.liveness}`;
  process.stderr.write(`nicsim: ${what} (reproduce: nicsim run ${file} --seed ${result.seed}${setArguments(overrides)})\n`);
  // The bug report prints the replay command as one more line. A report that cannot be
  // written (a read-only folder) does not hide the finding: the exit code stays the run's.
  // Imported here: campaign code (and fast-check, through the case readers) is needed only now.
  const { writeBugReport } = await import('../../campaign/bug-report.ts');
  const target = values.out !== undefined ? { file: join(values.out, 'bug-report.json') } : { dir: 'bug-reports' };
  try {
    writeBugReport({ result, checkEveryEvent: values.checkEveryEvent === true, origin: { by: 'run' } }, target);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    process.stderr.write(`nicsim: the bug report was not written: ${error.message}; the command above reproduces the failure\n`);
  }
  return result.status === 'violation' ? EXIT.violation : EXIT.liveness;
}

/** The report with a line naming the fields --set changed, after its first (scenario) line. */
function withOverridesLine(report: string, overrides: Record<string, unknown>): string {
  const newline = report.indexOf('\n') + 1;
  return `${report.slice(0, newline)}${'overrides'.padEnd(LABEL_WIDTH)}${describeOverrides(overrides)} (--set)\n${report.slice(newline)}`;
}
