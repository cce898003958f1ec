/**
 * The `nicsim` command as a function: parses argv with commander (cli/declarations.ts), runs
 * the command and maps every outcome to an exit code (cli/exit-codes.ts). Help and the
 * version go to stdout with exit 0. Bad input of any kind (arguments, scenario files, output
 * paths) is one line on stderr, `nicsim: <command>: <message>` (a scenario problem starts
 * with its file instead), and exit 2, never a stack trace; only a bug in nicsim (exit 70)
 * prints one, to be reported.
 *
 * No side effects at import, so tests call main() in-process; runAsProcess() is what the
 * entry points (cli/main.ts, cli/campaign-main.ts) call.
 */
import { Command, CommanderError } from 'commander';
import { OutputError } from '../output/out-file.ts';
import { removeTrackedTemps } from '../output/temp-files.ts';
import { nicsimVersion } from '../output/provenance.ts';
import { COMMAND_NAMES, declareCommands } from './declarations.ts';
import { TOP_LEVEL_EPILOGUE } from './help-text.ts';
import { EXIT } from './exit-codes.ts';
import { UsageError } from './usage.ts';

/** 128 + SIGPIPE, what a shell reports for a writer whose reader went away. */
const EXIT_BROKEN_PIPE = 141;

/** Commander's outcomes that are not errors: help or the version was printed. */
const PRINTED = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version']);

function isCommand(name: string | undefined): boolean {
  return (COMMAND_NAMES as readonly (string | undefined)[]).includes(name);
}

function buildProgram(exit: (code: number) => void): Command {
  // Settings are set before the commands are declared: each command copies them.
  const program = new Command('nicsim')
    .description('nicsim - deterministic simulator of how Linux moves packets through NIC buffers')
    .version(`nicsim ${nicsimVersion()}`, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print the help')
    .helpCommand('help [command]', "print a command's help")
    // Options after the command name are the command's: `nicsim run x.json --pcap -V` is a
    // pcap file named -V, not a request for the version.
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      // Errors are printed once, as one line, by report() below.
      outputError: () => {},
    })
    // One line per command in `nicsim --help`: its name and summary; its help has the rest.
    .configureHelp({ subcommandTerm: (command) => command.name() })
    .addHelpText('after', TOP_LEVEL_EPILOGUE);
  declareCommands(program, exit);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  // `-v` printed the version before commander came; scripts may still use it.
  const args = argv[0] === '-v' ? ['--version', ...argv.slice(1)] : [...argv];
  const command = isCommand(args[0]) ? args[0] : undefined;
  let code: number = EXIT.ok;
  try {
    if (args.length === 0) throw new UsageError(`expected a command (${COMMAND_NAMES.join(', ')}); nicsim --help lists them`);
    // `help <typo>` gets the unknown-command line with its suggestion, as `<typo>` would.
    if (args[0] === 'help' && args.length > 1 && !isCommand(args[1])) args.splice(0, 2, args[1]);
    await buildProgram((c) => (code = c)).parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    return report(error, command);
  }
}

/** Runs `nicsim <argv>` as this process: sets its exit code, and survives a reader going away. */
export async function runAsProcess(argv: readonly string[]): Promise<void> {
  // A reader that went away (`nicsim run … | head`): stop quietly, as a tool killed by SIGPIPE
  // would, without leaving temporary files behind.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    removeTrackedTemps();
    process.exit(EXIT_BROKEN_PIPE);
  });
  process.exitCode = await main(argv);
}

async function report(error: unknown, command: string | undefined): Promise<number> {
  const say = (message: string): void => {
    const prefixed = command === undefined || message.startsWith(`${command}: `) ? message : `${command}: ${message}`;
    process.stderr.write(`nicsim: ${prefixed}\n`);
  };
  if (error instanceof CommanderError) {
    if (PRINTED.has(error.code)) return EXIT.ok;
    say(commanderLine(error, command));
    return EXIT.usage;
  }
  if (error instanceof UsageError) {
    say(error.message);
    return EXIT.usage;
  }
  if (error instanceof OutputError) {
    if (error.brokenPipe) return EXIT_BROKEN_PIPE;
    say(error.message);
    return EXIT.usage;
  }
  // Imported here so that a start that needs no scenario loads none of scenario/.
  const { ScenarioError } = await import('../scenario/problems.ts');
  if (error instanceof ScenarioError) {
    process.stderr.write(`${error.lines().join('\n')}\n`);
    return EXIT.usage;
  }
  process.stderr.write(
    `nicsim: internal error, a bug in nicsim ${nicsimVersion()}: please report it with the command line, the scenario file and this trace:\n${(error as Error).stack ?? String(error)}\n`,
  );
  return EXIT.internal;
}

/** Commander's "unknown option '--sed'" and "(Did you mean …?)" lines as one line. */
function commanderLine(error: CommanderError, command: string | undefined): string {
  const [first, ...rest] = error.message.replace(/^error: /, '').split('\n');
  const help = command === undefined ? 'nicsim --help' : `nicsim ${command} --help`;
  const unknown = /^unknown (?:option|command) '([^']*)'/.exec(first);
  if (unknown === null) return [first, ...rest].join(' ');
  const offered = /^\(Did you mean (?:one of )?(.*)\?\)$/.exec(rest.join(' '));
  if (offered === null) return `${first}; ${help} lists the ${first.startsWith('unknown option') ? 'options' : 'commands'}`;
  const names = closest(unknown[1], offered[1].split(', '));
  return `${first}; did you mean ${names.length === 1 ? names[0] : `one of ${names.join(', ')}`}?`;
}

/**
 * Commander offers every name at the smallest edit distance: `--sed` is one edit from both
 * --seed and --set. A dropped letter is the commonest typo, so the names the typed word is a
 * subsequence of are preferred when there are any.
 */
export function closest(typed: string, names: readonly string[]): string[] {
  const bare = typed.replace(/^-+/, '');
  const within = (name: string): boolean => {
    let i = 0;
    for (const c of name.replace(/^-+/, '')) if (c === bare[i]) i++;
    return i === bare.length;
  };
  const preferred = names.filter(within);
  return preferred.length > 0 ? preferred : [...names];
}
