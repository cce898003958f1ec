/**
 * What every `nicsim` command accepts, and its help: commander builds the usage lines, the
 * option lists, `nicsim <command> --help`, `nicsim help <command>` and the "did you mean"
 * suggestions from these declarations. Values are left as strings here and checked by the
 * command itself (parseSeed, sweep's positive integers, fuzz's bounds, run's --snaplen), so
 * each error line stays the command's own.
 *
 * A command's module is imported only when that command runs: `nicsim --version`, `--help`
 * and every command's help load no scenario code, TypeBox, charting or campaign code.
 */
import { Option, type Command } from 'commander';
import { DEFAULT_SNAP_LENGTH_BYTES } from '../output/pcap.ts';
import { EXIT } from './exit-codes.ts';
import { BAD_INPUT, BUG, epilogue, INTERRUPTED } from './help-text.ts';
import type { KernelCommandOptions } from './commands/kernel.ts';
import type { CheckDeterminismCommandOptions } from './commands/check-determinism.ts';
import type { RunCommandOptions } from './commands/run.ts';
import type { ValidateCommandOptions } from './commands/validate.ts';
import type { FuzzCommandOptions } from './fuzz.ts';
import type { PlotCommandOptions } from './plot.ts';
import type { ReplayCommandOptions } from './replay.ts';
import type { ReportCommandOptions } from './report.ts';
import type { SweepCommandOptions } from './sweep.ts';

/** The commands, in the order the top-level help lists them. */
export const COMMAND_NAMES = ['run', 'validate', 'check-determinism', 'sweep', 'plot', 'report', 'replay', 'fuzz', 'kernel'] as const;

/** Where a command's exit code goes once its action has finished. */
export type ExitSink = (code: number) => void;

/** A repeatable option's values in command-line order. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function declareCommands(program: Command, exit: ExitSink): void {
  program
    .command('run')
    .summary('run a scenario and print its result')
    .description(
      'Runs a scenario and prints its text report, or one JSON document with --json (the result with the resolved scenario and provenance). A run that fails (invariant violation or liveness) also writes a bug report that `nicsim replay` re-runs: DIR/bug-report.json with --out DIR, else one in bug-reports/.',
    )
    .argument('<scenario.json>', 'the scenario file')
    .option('--seed <N>', 'root seed (default: the scenario\'s "seed")')
    .option('--set <path=value>', 'override one field before the scenario is resolved, e.g. workloads.0.arrivalRateHz=500000 (repeatable; the syntax of sweep --set, one value each)', collect)
    .option('--json', 'print one JSON document instead of the text report')
    .option('--out <dir>', 'also write DIR/result.json and DIR/report.txt (each whole or not at all)')
    .option('--trace <file>', 'write a Chrome Trace Event JSON file that Perfetto opens (- for stdout)')
    .option('--events <file>', 'write every executed event as one JSON line (- for stdout)')
    .option('--pcap <file>', 'write the frames the models put on the wire as a nanosecond pcap (- for stdout)')
    .option('--snaplen <bytes>', `bytes stored per pcap frame (default ${DEFAULT_SNAP_LENGTH_BYTES}; the original length is always kept)`)
    .option('--check-every-event', 'check every model invariant after every event (slow)')
    .addHelpText(
      'after',
      epilogue(
        ['nicsim run scenarios/mm1.json', 'nicsim run scenarios/mm1.json --seed 7 --json', 'nicsim run scenarios/mm1.json --set workloads.0.arrivalRateHz=500000 --out out/mm1', 'nicsim run scenarios/xsk-cq-small-5.19.json --pcap - | tcpdump -r -'],
        [`${EXIT.ok} ok`, `${EXIT.violation} invariant violation`, BAD_INPUT, `${EXIT.liveness} liveness`, BUG, INTERRUPTED],
      ),
    )
    .action(async (file: string, options: RunCommandOptions) => exit(await (await import('./commands/run.ts')).runCommand(file, options)));

  program
    .command('validate')
    .summary('check scenario files without running them')
    .description('Loads each file (schema and cross-field checks) and builds its models without running them. Prints "<file>: ok" on stdout for each good file and one line per problem on stderr.')
    .argument('<scenario.json...>', 'the scenario files')
    .option('--json', 'print one JSON document instead: {"ok", "files": [{"file", "ok", "problems": [{"where", "message"}]}]}')
    .addHelpText('after', epilogue(['nicsim validate scenarios/*.json', 'nicsim validate --json scenarios/mm1.json scenarios/bad/wrong-type.json'], [`${EXIT.ok} every file is valid`, `${EXIT.usage} a file has problems, or a usage error`, BUG]))
    .action(async (files: string[], options: ValidateCommandOptions) => exit((await import('./commands/validate.ts')).validateCommand(files, options)));

  program
    .command('check-determinism')
    .summary('run a scenario twice in two processes and compare')
    .description('Runs the scenario twice, in two separate processes, and compares their fingerprints and full event traces; on a mismatch it names the first differing event.')
    .argument('<scenario.json>', 'the scenario file')
    .option('--seed <N>', 'root seed (default: the scenario\'s "seed")')
    .option('--json', 'print one JSON document: verdict, both fingerprints and event counts, the first difference')
    .addHelpText('after', epilogue(['nicsim check-determinism scenarios/mm1.json', 'nicsim check-determinism scenarios/mm1.json --seed 9 --json'], [`${EXIT.ok} deterministic`, `${EXIT.nondeterminism} nondeterministic`, BAD_INPUT, BUG]))
    .action(async (file: string, options: CheckDeterminismCommandOptions) => exit(await (await import('./commands/check-determinism.ts')).checkDeterminismCommand(file, options)));

  program
    .command('sweep')
    .summary('run a scenario over a grid of parameters and seeds')
    .description(
      'Runs the scenario at every point of the --set grid with the seeds BASE .. BASE+N-1, in parallel child processes; every grid point is validated before anything runs. Rows go to DIR/rows.jsonl and DIR/rows.csv as runs complete; the summary (median, min and max across seeds) to DIR/summary.csv, DIR/summary.json and stdout. An output folder that already holds a sweep is refused unless --resume or --force.',
    )
    .argument('<scenario.json>', 'the base scenario file')
    .option('--set <path=v1,v2,...>', 'a grid axis: the field at path takes each value in turn (repeatable; the last --set varies fastest)', collect)
    .option('--seeds <N>', 'seeds per grid point (default 1)')
    .option('--seed <BASE>', 'the first seed (default: the scenario\'s "seed")')
    .option('--out <dir>', 'output folder (default sweep-<scenario file name>)')
    .option('--jobs <N>', 'runs in parallel (default: one per core; at most 4 per core and 64)')
    .addOption(new Option('--resume', 'keep the rows already in DIR/rows.jsonl, run only the (point, seed) pairs missing, append them; the summary covers all').conflicts('force'))
    .addOption(new Option('--force', 'replace the sweep already in DIR').conflicts('resume'))
    .option('--json', 'print one JSON document (the summary and the file paths) instead of the summary table')
    .addHelpText(
      'after',
      epilogue(
        ['nicsim sweep scenarios/mm1.json --set workloads.0.arrivalRateHz=5e5,9e5 --seeds 3', 'nicsim sweep scenarios/mm1.json --set workloads.0.queueCapacity=4,16 --out out/q', 'nicsim sweep scenarios/mm1.json --set workloads.0.queueCapacity=4,16 --out out/q --resume', 'nicsim sweep scenarios/mm1.json --set workloads.0.queueCapacity=4,16 --out out/q --force --json'],
        [`${EXIT.ok} every run ok`, `${EXIT.violation} a run violated an invariant`, `${EXIT.liveness} a run hit a liveness bound (the worst run's code)`, BAD_INPUT, BUG, `${INTERRUPTED}, the completed rows kept`],
      ),
    )
    .action(async (file: string, options: SweepCommandOptions) => exit(await (await import('./sweep.ts')).sweepCommand(file, options)));

  program
    .command('plot')
    .summary('chart a sweep metric against a parameter (SVG)')
    .description('Plots a sweep metric against a parameter: one point per (x, series), the median across the seeds that completed. Without --series, the series are the other grid parameters that take more than one value.')
    .argument('<rows>', 'a sweep folder or its rows.jsonl')
    .requiredOption('--x <path>', 'the parameter on the x axis (a --set path)')
    .requiredOption('--y <metric>', 'the result column on the y axis (mm1k.meanSojournNs, simTimeNs; metrics. may be left out)')
    .requiredOption('--out <file.svg>', 'the SVG file to write')
    .option('--series <path>', 'the parameter that makes the series')
    .option('--title <text>', 'the chart title')
    .addHelpText('after', epilogue(['nicsim plot out/q --x workloads.0.queueCapacity --y mm1k.meanSojournNs --out q.svg'], [`${EXIT.ok} written`, BAD_INPUT, BUG, INTERRUPTED]))
    .action(async (input: string, options: PlotCommandOptions) => exit(await (await import('./plot.ts')).plotCommand(input, options)));

  program
    .command('report')
    .summary('one self-contained HTML report of a run or a sweep')
    .description("For a run (result.json of `nicsim run --out DIR`): its summary, metrics, the workloads' reports and the resolved scenario. For a sweep: the summary table, a chart per metric and every row.")
    .argument('<input>', 'result.json, a sweep folder or its rows.jsonl')
    .requiredOption('--out <file.html>', 'the HTML file to write')
    .option('--title <text>', 'the report title')
    .addHelpText('after', epilogue(['nicsim report out/mm1/result.json --out mm1.html', 'nicsim report out/q --out q.html'], [`${EXIT.ok} written`, BAD_INPUT, BUG, INTERRUPTED]))
    .action(async (input: string, options: ReportCommandOptions) => exit(await (await import('./report.ts')).reportCommand(input, options)));

  program
    .command('replay')
    .summary('re-run a bug report: REPRODUCED, FIXED or DIVERGED')
    .description("Re-runs the bug report's resolved scenario at its seed and says REPRODUCED, FIXED or DIVERGED. Warns on stderr when the report was written by another nicsim version or commit, which may legitimately change the trajectory.")
    .argument('<report.json>', 'a bug report (from nicsim run, nicsim fuzz or regressions/)')
    .option('--fixed', "apply the report's known-bad fix first (regressions: expect FIXED)")
    .option('--json', 'print the verdict as one JSON document')
    .addHelpText('after', epilogue(['nicsim replay bug-reports/<id>.json', 'nicsim replay regressions/xsk-5.12-build-before-reserve.json --fixed'], [`${EXIT.violation} REPRODUCED`, `${EXIT.ok} FIXED`, `${EXIT.nondeterminism} DIVERGED`, BAD_INPUT, BUG, INTERRUPTED]))
    .action(async (file: string, options: ReplayCommandOptions) => exit(await (await import('./replay.ts')).replayCommand(file, options)));

  program
    .command('fuzz')
    .summary('run the property campaign in worker processes')
    .description('Runs the campaign properties across worker processes (one per core by default) and writes one bug report per distinct failure into DIR. Give exactly one of --runs and --seconds.')
    .option('--runs <N>', 'cases to run on this shard (split over the workers)')
    .option('--seconds <T>', 'run until T seconds of wall time have passed')
    .option('--shard <k/n>', 'run shard k of n of the seed space (default 0/1); machines use different k')
    .option('--out <dir>', 'where bug reports go (default fuzz-out)')
    .option('--workers <W>', 'worker processes (default: one per core; at most 4 per core and 64)')
    .option('--property <name>', 'only this property (repeatable); --list shows them', collect)
    .option('--seed <S>', 'campaign seed (default 0): the same seed, shard and runs give the same cases')
    .option('--batch <B>', 'cases per fast-check call (default 20, fewer for small --runs budgets; at most 1000)')
    .option('--json', 'print the summary as one JSON document')
    .option('--list', 'list the properties and exit')
    .addHelpText('after', epilogue(['nicsim fuzz --runs 2000', 'nicsim fuzz --seconds 600 --shard 1/4 --out fuzz-1', 'nicsim fuzz --list'], [`${EXIT.ok} every case passed`, `${EXIT.violation} a failure or a crash (bug reports in DIR)`, BAD_INPUT, BUG, `${INTERRUPTED}, the bug reports kept`]))
    .action(async (options: FuzzCommandOptions) => exit(await (await import('./fuzz.ts')).fuzzCommand(options)));

  program
    .command('kernel')
    .summary('show which modelled kernel changes a kernel spec carries')
    .description(
      'Resolves a kernel spec to the set of modelled upstream commits it carries and prints each one, in or out, with its short id, name and why: the mainline release it entered, a stable backport, a distro backport, or an explicit with/without. The spec is a mainline release (6.6, 6.x), a stable point release (5.15.60), a distro kernel (ubuntu-jammy-azure-5.15) or JSON object text {"base", "with", "without"} whose lists hold change names or ids.',
    )
    .argument('<spec>', 'the kernel spec')
    .option('--json', 'print the resolved kernel as one JSON document')
    .addHelpText('after', epilogue(['nicsim kernel 5.15.60', 'nicsim kernel ubuntu-jammy-azure-5.15 --json', `nicsim kernel '{"base":"6.6.30","without":["xsk-cq-full-eagain"]}'`], [`${EXIT.ok} printed`, `${EXIT.usage} a bad spec or a usage error (one line on stderr)`, BUG]))
    .action(async (spec: string, options: KernelCommandOptions) => exit((await import('./commands/kernel.ts')).kernelCommand(spec, options)));
}
