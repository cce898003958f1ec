/** Command-line usage: the help text and the error type for bad invocations (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The help text; `moreUsage` lists the commands other modules add (sweep, plot, ...). */
export function helpText(moreUsage: readonly string[] = []): string {
  return `nicsim - deterministic simulator of how Linux moves packets through NIC buffers

Usage:
  nicsim run <scenario.json> [--seed N] [--json] [--out DIR] [--trace FILE]
             [--events FILE] [--pcap FILE] [--snaplen N] [--check-every-event]
  nicsim validate <scenario.json>...
  nicsim check-determinism <scenario.json> [--seed N]
${moreUsage.map((u) => `  ${u}\n`).join('')}  nicsim --help | --version

Commands:
  run                 Run a scenario and print its result (data on stdout, logs on stderr).
    --seed N          Root seed (default: the scenario's "seed").
    --json            Print one JSON object instead of the text report.
    --out DIR         Also write DIR/result.json and DIR/report.txt (atomically).
    --trace FILE      Write a Chrome Trace Event JSON file that Perfetto opens: every
                      executed event, the models' CPU and queue spans, and counters.
    --events FILE     Write every executed event to FILE as one JSON line each.
    --pcap FILE       Write the frames the models put on the wire (nanosecond pcap).
    --snaplen N       Bytes stored per pcap frame (the original length is always kept).
    --check-every-event  Check every model invariant after every event (slow).
  validate            Check scenario files; one line per problem.
  check-determinism   Run a scenario twice in separate processes and compare fingerprints
                      and event traces.

Exit codes:
  0 ok, 1 invariant violation, 2 usage or scenario error, 3 nondeterminism, 4 liveness
  (a bound was hit that the scenario did not expect), 70 internal error.
`;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util.parseArgs with its errors turned into one-line usage errors. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed: expected a non-negative integer, found "${text}"`);
  return seed;
}
