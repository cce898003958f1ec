/**
 * The `nicsim` command. Dispatches to a subcommand and maps outcomes to exit codes; bad
 * input of any kind (arguments, scenario files) is one line on stderr and exit 2, never a
 * stack trace. Data goes to stdout; logs and progress to stderr.
 */
import { readFileSync } from 'node:fs';
import { ScenarioError } from '../scenario/problems.ts';
import { checkDeterminismCommand } from './commands/check-determinism.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { fuzzCommand } from './fuzz.ts';
import { replayCommand } from './replay.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { HELP, UsageError } from './usage.ts';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<ExitCode> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return runCommand(rest);
      case 'validate':
        return validateCommand(rest);
      case 'check-determinism':
        return await checkDeterminismCommand(rest);
      case 'replay':
        return (await replayCommand(rest)) as ExitCode;
      case 'fuzz':
        return (await fuzzCommand(rest)) as ExitCode;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(HELP);
        return EXIT.ok;
      case '--version':
      case '-v':
        process.stdout.write(`nicsim ${version()}\n`);
        return EXIT.ok;
      case undefined:
        throw new UsageError('expected a command (run, validate, check-determinism); try nicsim --help');
      default:
        throw new UsageError(`unknown command "${command}"; try nicsim --help`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`nicsim: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ScenarioError) {
      process.stderr.write(`${error.lines().join('\n')}\n`);
      return EXIT.usage;
    }
    const nodeError = error as NodeJS.ErrnoException;
    if (typeof nodeError.code === 'string' && typeof nodeError.path === 'string') {
      // Output files (--out, --trace) that cannot be written: a usage problem, not a bug.
      process.stderr.write(`nicsim: ${nodeError.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`nicsim: internal error (please report with the command line): ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

process.exitCode = await main(process.argv.slice(2));
