/**
 * `nicsim fuzz (--runs N | --seconds T) [--shard k/n] [--out DIR] [--workers W]
 *   [--property NAME]... [--seed S] [--batch B] [--json] [--list]`
 *
 * Runs the campaign properties across one worker process per core and writes one bug report
 * per distinct failure into DIR. Exit 1 when anything failed, 0 when every case passed.
 */
import { defaultWorkers, runFuzz, type FuzzSummary } from '../campaign/fuzz.ts';
import { parseShard } from '../campaign/fuzz-plan.ts';
import { findProperty, PROPERTIES } from '../campaign/suites/index.ts';
import { childProcessLimit } from './process-limit.ts';
import { handleInterrupts, untilInterruptHandlerExits } from './interrupt.ts';
import { UsageError } from './usage.ts';

export interface FuzzCommandOptions {
  runs?: string;
  seconds?: string;
  shard?: string;
  out?: string;
  workers?: string;
  property?: string[];
  seed?: string;
  batch?: string;
  json?: boolean;
  list?: boolean;
}

/** `limit` bounds the value; `why` says where the bound comes from, for the error line. */
function positiveInteger(name: string, text: string | undefined, limit?: { max: number; why: string }): number | null {
  if (text === undefined) return null;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new UsageError(`fuzz: --${name}: expected a positive integer, found "${text}"`);
  if (limit !== undefined && n > limit.max) throw new UsageError(`fuzz: --${name}: expected at most ${limit.max} (${limit.why}), found "${text}"`);
  return n;
}

/*
 * Bounds on what a command line can ask of the machine. --runs and --seconds are not bounded:
 * a campaign of a billion cases or a month is long, not absurd, and each worker holds only its
 * current batch. --workers is (cli/process-limit.ts).
 */

/**
 * A worker sees Ctrl-C, SIGTERM and the end of its budget only between batches and reports
 * progress once per batch; the slowest property takes about 0.1 s a case, so 1000 cases keep
 * a stop waiting under two minutes (the default is 20).
 */
const BATCH_LIMIT = { max: 1000, why: 'a worker notices Ctrl-C only between batches, and 1000 cases of the slowest property take up to two minutes' };

export async function fuzzCommand(values: FuzzCommandOptions): Promise<number> {
  if (values.list === true) {
    for (const p of PROPERTIES) process.stdout.write(`${p.name.padEnd(36)} [${p.checks.join(', ')}] ${p.description}\n`);
    return 0;
  }
  const runs = positiveInteger('runs', values.runs);
  const seconds = positiveInteger('seconds', values.seconds);
  if ((runs === null) === (seconds === null)) throw new UsageError('fuzz: expected exactly one of --runs N or --seconds T');
  let shard;
  try {
    shard = parseShard(values.shard ?? '0/1');
  } catch (error) {
    throw new UsageError(`fuzz: ${(error as Error).message}`);
  }
  const names = values.property ?? PROPERTIES.map((p) => p.name);
  for (const name of names) {
    if (findProperty(name) === undefined) throw new UsageError(`fuzz: --property: expected one of ${PROPERTIES.map((p) => p.name).join(', ')}, found "${name}"`);
  }
  const seedText = values.seed ?? '0';
  const campaignSeed = /^\d+$/.test(seedText) ? Number(seedText) : NaN;
  if (!Number.isSafeInteger(campaignSeed)) throw new UsageError(`fuzz: --seed: expected a non-negative integer, found "${seedText}"`);
  const workers = positiveInteger('workers', values.workers, childProcessLimit('worker')) ?? defaultWorkers();
  // Ctrl-C or SIGTERM: the workers stop after their current batch, the summary of what ran
  // is printed and the bug reports written so far are kept; then exit 130 or 143.
  const controller = new AbortController();
  const outDir = values.out ?? 'fuzz-out';
  let fuzzing: Promise<FuzzSummary> | undefined;
  const interrupts = handleInterrupts('fuzz', async () => {
    controller.abort();
    const done = await fuzzing?.catch(() => undefined);
    if (done === undefined) return 'no bug reports were written';
    process.stdout.write(values.json === true ? `${JSON.stringify(done, null, 2)}\n` : formatSummary(done));
    return `kept ${done.failures.length} bug report${done.failures.length === 1 ? '' : 's'} and ${done.crashes.length} crash file${done.crashes.length === 1 ? '' : 's'} in ${outDir}`;
  });
  fuzzing = runFuzz({
    signal: controller.signal,
    properties: names,
    runs,
    seconds,
    shard,
    workers,
    campaignSeed,
    // Small budgets still reach every property: batches shrink so each gets at least one.
    batchRuns: positiveInteger('batch', values.batch, BATCH_LIMIT) ?? (runs !== null ? Math.max(1, Math.min(20, Math.floor(runs / names.length))) : 20),
    outDir,
  });
  let summary: FuzzSummary;
  try {
    summary = await fuzzing;
  } catch (error) {
    interrupts.dispose();
    throw error;
  }
  if (summary.interrupted) await untilInterruptHandlerExits();
  interrupts.dispose();
  process.stdout.write(values.json === true ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  return summary.failures.length > 0 || summary.crashes.length > 0 ? 1 : 0;
}

export function formatSummary(s: FuzzSummary): string {
  const lines = [
    `fuzz: ${s.runs} runs in ${(s.wallMs / 1000).toFixed(1)} s on ${s.workers} workers: ${s.runsPerSecond.toFixed(1)} runs/s, ${s.runsPerSecondPerWorker.toFixed(1)} runs/s per worker${s.interrupted ? ' (interrupted)' : ''}`,
  ];
  for (const [name, p] of Object.entries(s.byProperty)) {
    const cov = Object.entries(s.coverage[name] ?? {})
      .map(([label, n]) => `${label} ${n}`)
      .join(', ');
    lines.push(`  ${name.padEnd(36)} ${String(p.runs).padStart(7)} runs  ${(p.runs / Math.max(p.wallMs / 1000, 1e-9)).toFixed(1).padStart(7)} runs/s/worker  ${cov}`);
  }
  if (s.failures.length === 0 && s.crashes.length === 0) lines.push('no failures');
  for (const f of s.failures) lines.push(`FAILED ${f.key} (${f.count}x, property ${f.property}): npx nicsim replay ${f.report}`);
  for (const c of s.crashes) lines.push(`CRASHED property ${c.property} at fast-check seed ${c.fcSeed}: ${c.file}`);
  return `${lines.join('\n')}\n`;
}
