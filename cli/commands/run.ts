/**
 * `nicsim run <scenario> [--seed N] [--json] [--out DIR] [--trace FILE] [--events FILE]
 * [--pcap FILE] [--snaplen N] [--check-every-event]`.
 *
 * Every output is opened before the run (cli/run-outputs.ts). The run gives the event loop a
 * turn between slices, so Ctrl-C or SIGTERM removes the unfinished files and exits 130/143.
 */
import { join } from 'node:path';
import { writeBugReport } from '../../campaign/bug-report.ts';
import { OutputError } from '../../output/out-file.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenarioSteps, type RunResult } from '../../scenario/run.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatReport } from '../format.ts';
import { driveSteps, handleInterrupts } from '../interrupt.ts';
import { progressReporter } from '../progress.ts';
import { openRunOutputs } from '../run-outputs.ts';
import { parseCommandArgs, parseSeed, UsageError } from '../usage.ts';

export async function runCommand(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('run', args, {
    seed: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    trace: { type: 'string' },
    events: { type: 'string' },
    pcap: { type: 'string' },
    snaplen: { type: 'string' },
    'check-every-event': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`run: expected one scenario file, found ${positionals.length}`);
  const file = positionals[0];
  const seed = parseSeed(values.seed);
  const scenario = loadScenarioFile(file);
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
        checkEveryEvent: values['check-every-event'],
        onProgress: progress.update,
      }),
    );
  } catch (error) {
    outputs.abandon();
    throw error;
  } finally {
    progress.clear();
  }
  const report = formatReport(result, file);
  const json = `${JSON.stringify({ file, ...result }, null, 2)}\n`;
  outputs.finish(result, json, report);
  // With an output on standard output (`--pcap -`), the report goes to standard error.
  const reportStream = outputs.reportToStderr ? process.stderr : process.stdout;
  reportStream.write(values.json === true ? json : report);
  interrupts.dispose();
  if (result.status === 'ok') return EXIT.ok;
  const what = result.status === 'violation' ? `violation: ${result.violation?.message}` : `liveness: ${result.liveness}`;
  process.stderr.write(`nicsim: ${what} (reproduce: nicsim run ${file} --seed ${result.seed})\n`);
  // A failed run leaves a self-contained bug report that `nicsim replay` re-runs; writing it
  // prints the replay command as one more line. A report that cannot be written (a read-only
  // folder) does not hide the finding: the exit code stays the run's.
  const target = values.out !== undefined ? { file: join(values.out, 'bug-report.json') } : { dir: 'bug-reports' };
  try {
    writeBugReport({ result, checkEveryEvent: values['check-every-event'] === true, origin: { by: 'run' } }, target);
  } catch (error) {
    if (!(error instanceof OutputError)) throw error;
    process.stderr.write(`nicsim: the bug report was not written: ${error.message}; the command above reproduces the failure\n`);
  }
  return result.status === 'violation' ? EXIT.violation : EXIT.liveness;
}
