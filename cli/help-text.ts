/**
 * The text commander's help leaves to us: each command's examples and exit codes, and the
 * contract `nicsim --help` ends with. Commander wraps what it lays out itself; this text is
 * wrapped here to the same 80 columns.
 */
import { EXIT } from './exit-codes.ts';
import { SIGNAL_EXIT } from './interrupt.ts';

/** Commander's help width when stdout is not a terminal. */
const HELP_WIDTH = 80;

/** Exit code phrases the commands share. */
export const INTERRUPTED = `${SIGNAL_EXIT.SIGINT}/${SIGNAL_EXIT.SIGTERM} interrupted (Ctrl-C, SIGTERM)`;
export const BAD_INPUT = `${EXIT.usage} usage or scenario error (one line on stderr)`;
export const BUG = `${EXIT.internal} internal error (a bug in nicsim)`;

/** Help text commander does not wrap itself, wrapped at its width, continued indented by two. */
function wrap(text: string, width = HELP_WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return `${[...lines, line].join('\n')}\n`;
}

/** An example command line, continued with a backslash where it is wider than the help. */
function example(line: string): string {
  const lines: string[] = [];
  let rest = `  ${line}`;
  while (rest.length > HELP_WIDTH) {
    // Before an option, so an option and its value stay on one line.
    const beforeOption = rest.lastIndexOf(' --', HELP_WIDTH - 2);
    const cut = beforeOption > 2 ? beforeOption : rest.lastIndexOf(' ', HELP_WIDTH - 2);
    if (cut <= 6) break;
    lines.push(`${rest.slice(0, cut)} \\`);
    rest = `      ${rest.slice(cut + 1)}`;
  }
  return `${[...lines, rest].join('\n')}\n`;
}

/** The text after a command's options: examples, then what its exit codes mean. */
export function epilogue(examples: readonly string[], exitCodes: readonly string[]): string {
  return `\nExamples:\n${examples.map(example).join('')}\n${wrap(`Exit codes: ${exitCodes.join(', ')}.`)}`;
}

/** The general contract, shown by `nicsim --help`. */
export const TOP_LEVEL_EPILOGUE = `
Data goes to stdout; logs and progress go to stderr. --json: one JSON document.
\`nicsim help <command>\` or \`nicsim <command> --help\` shows a command's options.

${wrap(`Exit codes: ${EXIT.ok} ok, ${EXIT.violation} invariant violation, ${BAD_INPUT}, ${EXIT.nondeterminism} nondeterminism, ${EXIT.liveness} liveness (a bound was hit that the scenario did not expect), ${BUG}, ${INTERRUPTED}.`)}`;
