/**
 * The `nicsim` command. Dispatches to a subcommand and maps outcomes to exit codes; bad
 * input of any kind (arguments, scenario files) is one line on stderr and exit 2, never a
 * stack trace. Data goes to stdout; logs and progress to stderr.
 */
import { OutputError } from '../output/out-file.ts';
import { nicsimVersion } from '../output/provenance.ts';
import { removeTrackedTemps } from '../output/temp-files.ts';
import { ScenarioError } from '../scenario/problems.ts';
import { checkDeterminismCommand } from './commands/check-determinism.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { EXIT } from './exit-codes.ts';
import { helpText, UsageError } from './usage.ts';

/*
 * sweep, plot, report, replay and fuzz pull in charting and campaign code, so they are
 * imported only when used: `nicsim run` and `--version` stay fast to start.
 */
async function moreUsage(): Promise<string[]> {
  const [sweep, plot, report, replay, fuzz] = await Promise.all([
    import('./sweep.ts'),
    import('./plot.ts'),
    import('./report.ts'),
    import('./replay.ts'),
    import('./fuzz.ts'),
  ]);
  const texts = [sweep.SWEEP_USAGE, plot.PLOT_USAGE, report.REPORT_USAGE, replay.REPLAY_HELP, fuzz.FUZZ_HELP];
  return texts.map((text) => text.split('\n')[0].replace(/^Usage: /, ''));
}

/** 128 + SIGPIPE, what a shell reports for a writer whose reader went away. */
const EXIT_BROKEN_PIPE = 141;

export function version(): string {
  return nicsimVersion();
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'validate':
        return validateCommand(rest);
      case 'check-determinism':
        return await checkDeterminismCommand(rest);
      case 'sweep':
        return await (await import('./sweep.ts')).sweepCommand(rest);
      case 'plot':
        return await (await import('./plot.ts')).plotCommand(rest);
      case 'report':
        return await (await import('./report.ts')).reportCommand(rest);
      case 'replay':
        return await (await import('./replay.ts')).replayCommand(rest);
      case 'fuzz':
        return await (await import('./fuzz.ts')).fuzzCommand(rest);
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(helpText(await moreUsage()));
        return EXIT.ok;
      case '--version':
      case '-v':
        process.stdout.write(`nicsim ${version()}\n`);
        return EXIT.ok;
      case undefined:
        throw new UsageError('expected a command (run, validate, check-determinism, sweep, plot, report, replay, fuzz); try nicsim --help');
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
    if (error instanceof OutputError) {
      if (error.brokenPipe) return EXIT_BROKEN_PIPE;
      process.stderr.write(`nicsim: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(
      `nicsim: internal error, a bug in nicsim ${version()}: please report it with the command line, the scenario file and this trace:\n${(error as Error).stack ?? String(error)}\n`,
    );
    return EXIT.internal;
  }
}

// A reader that went away (`nicsim run … | head`): stop quietly, as a tool killed by SIGPIPE
// would, without leaving temporary files behind.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  removeTrackedTemps();
  process.exit(EXIT_BROKEN_PIPE);
});

process.exitCode = await main(process.argv.slice(2));
