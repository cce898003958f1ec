/** `nicsim run <scenario> [--seed N] [--json] [--out DIR] [--trace FILE]`. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario, type RunResult } from '../../scenario/run.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatReport } from '../format.ts';
import { TraceFile } from '../trace-file.ts';
import { parseCommandArgs, parseSeed, UsageError } from '../usage.ts';
import { progressReporter } from '../progress.ts';

export function runCommand(args: string[]): ExitCode {
  const { values, positionals } = parseCommandArgs('run', args, {
    seed: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    trace: { type: 'string' },
    'check-every-event': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError(`run: expected one scenario file, found ${positionals.length}`);
  const file = positionals[0];
  const seed = parseSeed(values.seed);
  const scenario = loadScenarioFile(file);
  if (values.out !== undefined) outputProblem('--out', values.out, () => mkdirSync(values.out!, { recursive: true }));
  const trace = values.trace !== undefined ? outputProblem('--trace', values.trace, () => new TraceFile(values.trace!)) : undefined;
  const progress = progressReporter();
  let result: RunResult;
  try {
    result = runScenario(scenario, { file, seed, trace, checkEveryEvent: values['check-every-event'], onProgress: progress.update });
  } catch (error) {
    trace?.abandon();
    throw error;
  } finally {
    progress.clear();
  }
  trace?.finish();
  const report = formatReport(result, file);
  const json = `${JSON.stringify({ file, ...result }, null, 2)}\n`;
  if (values.out !== undefined) {
    writeFileAtomic(join(values.out, 'result.json'), json);
    writeFileAtomic(join(values.out, 'report.txt'), report);
  }
  process.stdout.write(values.json === true ? json : report);
  if (result.status === 'violation') {
    process.stderr.write(`nicsim: violation: ${result.violation?.message} (reproduce: nicsim run ${file} --seed ${result.seed})\n`);
    return EXIT.violation;
  }
  if (result.status === 'liveness') {
    process.stderr.write(`nicsim: liveness: ${result.liveness} (reproduce: nicsim run ${file} --seed ${result.seed})\n`);
    return EXIT.liveness;
  }
  return EXIT.ok;
}

/** Runs `create`; a file-system error becomes one usage line naming the option and the path. */
function outputProblem<T>(option: string, path: string, create: () => T): T {
  try {
    return create();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw error;
    throw new UsageError(`${option} ${path}: cannot write there (${code})`);
  }
}
