/**
 * `nicsim run <scenario> [--seed N] [--json] [--out DIR] [--trace FILE] [--events FILE]
 * [--pcap FILE] [--snaplen N] [--check-every-event]`.
 */
import { join } from 'node:path';
import { writeBugReport } from '../../campaign/bug-report.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario, type RunResult } from '../../scenario/run.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatReport } from '../format.ts';
import { progressReporter } from '../progress.ts';
import { openRunOutputs } from '../run-outputs.ts';
import { parseCommandArgs, parseSeed, UsageError } from '../usage.ts';

export function runCommand(args: string[]): ExitCode {
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
  const progress = progressReporter();
  let result: RunResult;
  try {
    result = runScenario(scenario, {
      file,
      seed,
      trace: outputs.trace,
      observer: outputs.observer,
      checkEveryEvent: values['check-every-event'],
      onProgress: progress.update,
    });
  } catch (error) {
    outputs.abandon();
    throw error;
  } finally {
    progress.clear();
  }
  const report = formatReport(result, file);
  const json = `${JSON.stringify({ file, ...result }, null, 2)}\n`;
  outputs.finish(result, json, report);
  process.stdout.write(values.json === true ? json : report);
  if (result.status === 'ok') return EXIT.ok;
  const what = result.status === 'violation' ? `violation: ${result.violation?.message}` : `liveness: ${result.liveness}`;
  process.stderr.write(`nicsim: ${what} (reproduce: nicsim run ${file} --seed ${result.seed})\n`);
  // A failed run leaves a self-contained bug report that `nicsim replay` re-runs; writing it
  // prints the replay command as one more line.
  const target = values.out !== undefined ? { file: join(values.out, 'bug-report.json') } : { dir: 'bug-reports' };
  writeBugReport({ result, checkEveryEvent: values['check-every-event'] === true, origin: { by: 'run' } }, target);
  return result.status === 'violation' ? EXIT.violation : EXIT.liveness;
}
