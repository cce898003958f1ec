/**
 * A fuzz campaign: the campaign properties run for N cases or T seconds across one worker
 * process per core, on one shard of the seed space (campaign/fuzz-plan.ts). Each distinct
 * failure (invariant + kernel function) is written once as a bug report in the output
 * directory; progress goes to stderr when it is a terminal.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { replayCommandLine, writeBugReport } from './bug-report.ts';
import { workerBudget, type Shard, type WorkerPlan } from './fuzz-plan.ts';
import type { WorkerMessage } from './fuzz-worker.ts';
import { childExecArgv, siblingModule } from '../output/module-path.ts';
import { makeDirectory, writeOutput } from '../output/out-file.ts';

export interface FuzzOptions {
  properties: string[];
  /** Cases to run on this shard (split over workers), or null with `seconds`. */
  runs: number | null;
  seconds: number | null;
  shard: Shard;
  workers: number;
  campaignSeed: number;
  batchRuns: number;
  outDir: string;
  /** Progress line on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Aborting stops the workers; what they reported so far is kept and summarised. */
  signal?: AbortSignal;
}

export interface FuzzSummary {
  /** True when Ctrl-C or SIGTERM (the abort signal) ended the campaign early. */
  interrupted: boolean;
  runs: number;
  wallMs: number;
  workers: number;
  runsPerSecond: number;
  runsPerSecondPerWorker: number;
  byProperty: Record<string, { runs: number; wallMs: number }>;
  coverage: Record<string, Record<string, number>>;
  failures: { key: string; property: string; report: string; count: number }[];
  crashes: { property: string; fcSeed: number; file: string }[];
}

const WORKER_PATH = siblingModule(import.meta.url, './fuzz-worker');

export function defaultWorkers(): number {
  return availableParallelism();
}

export function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  if (options.runs === null && options.seconds === null) throw new RangeError('runFuzz: expected runs or seconds');
  makeDirectory('--out', options.outDir);
  const started = Date.now();
  const deadlineMs = options.seconds !== null ? started + options.seconds * 1000 : null;
  const showProgress = options.progress ?? process.stderr.isTTY === true;
  const summary: FuzzSummary = { interrupted: false, runs: 0, wallMs: 0, workers: options.workers, runsPerSecond: 0, runsPerSecondPerWorker: 0, byProperty: {}, coverage: {}, failures: [], crashes: [] };
  const seen = new Map<string, FuzzSummary['failures'][number]>();
  let lastProgress = 0;

  const progress = (force = false): void => {
    if (!showProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < 250) return;
    lastProgress = now;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? summary.runs / seconds : 0;
    const goal = options.runs !== null ? `/${options.runs}` : ` (${Math.max(0, Math.ceil((deadlineMs! - now) / 1000))} s left)`;
    process.stderr.write(`\r\x1b[Kfuzz shard ${options.shard.index}/${options.shard.count}: ${summary.runs}${goal} runs, ${rate.toFixed(1)} runs/s on ${options.workers} workers, ${seen.size} distinct failures`);
  };

  const onMessage = (message: WorkerMessage): void => {
    if (message.type === 'batch') {
      summary.runs += message.runs;
      const p = (summary.byProperty[message.property] ??= { runs: 0, wallMs: 0 });
      p.runs += message.runs;
      p.wallMs += message.wallMs;
      const cov = (summary.coverage[message.property] ??= {});
      for (const [label, n] of Object.entries(message.coverage)) cov[label] = (cov[label] ?? 0) + n;
      progress();
    } else if (message.type === 'failure') {
      const known = seen.get(message.key);
      if (known !== undefined) {
        known.count++;
        return;
      }
      const path = writeBugReport(message.report, { dir: options.outDir, announce: false });
      const entry = { key: message.key, property: message.report.origin.property ?? '', report: path, count: 1 };
      seen.set(message.key, entry);
      summary.failures.push(entry);
      if (showProgress) process.stderr.write('\r\x1b[K');
      process.stderr.write(`fuzz: ${message.key} (property ${entry.property}); reproduce with: ${replayCommandLine(path)}\n`);
    } else if (message.type === 'crash') {
      const file = join(options.outDir, `crash-${message.property}-fc${message.fcSeed}.txt`);
      writeOutput(undefined, file, `property ${message.property}, fast-check seed ${message.fcSeed}\n${message.error}\n`);
      summary.crashes.push({ property: message.property, fcSeed: message.fcSeed, file });
      if (showProgress) process.stderr.write('\r\x1b[K');
      process.stderr.write(`fuzz: property ${message.property} threw (not a Violation) at fast-check seed ${message.fcSeed}; see ${file}\n`);
    }
  };

  return new Promise((resolve, reject) => {
    const children: ChildProcess[] = [];
    let running = 0;
    let fatal: Error | null = null;
    let interrupted = false;
    const stop = (): void => {
      interrupted = true;
      for (const child of children) if (child.connected) child.disconnect();
    };
    options.signal?.addEventListener('abort', stop);
    const finish = (): void => {
      if (running > 0) return;
      options.signal?.removeEventListener('abort', stop);
      clearInterval(ticker);
      progress(true);
      if (showProgress) process.stderr.write('\n');
      if (fatal !== null) return reject(fatal);
      summary.interrupted = interrupted;
      summary.wallMs = Date.now() - started;
      summary.runsPerSecond = summary.wallMs > 0 ? summary.runs / (summary.wallMs / 1000) : 0;
      summary.runsPerSecondPerWorker = summary.runsPerSecond / options.workers;
      resolve(summary);
    };
    const ticker = setInterval(() => progress(), 500);
    for (let worker = 0; worker < options.workers; worker++) {
      const plan: WorkerPlan = {
        worker,
        workers: options.workers,
        shard: options.shard,
        campaignSeed: options.campaignSeed,
        properties: options.properties,
        batchRuns: options.batchRuns,
        runBudget: options.runs !== null ? workerBudget(options.runs, options.workers, worker) : null,
        deadlineMs,
      };
      // Workers get their own process group, so a terminal's Ctrl-C reaches only the parent.
      const child = fork(WORKER_PATH, ['--fuzz-worker'], { execArgv: childExecArgv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
      children.push(child);
      running++;
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'fatal') fatal ??= new Error(`fuzz worker ${message.worker}: ${message.error}`);
        if (message.type === 'fatal' || message.type === 'done') child.disconnect();
        else onMessage(message);
      });
      child.on('exit', (code, signal) => {
        running--;
        if (code !== 0 && fatal === null && !interrupted) fatal = new Error(`fuzz worker ${worker} exited with ${signal ?? `code ${code}`}`);
        finish();
      });
      child.send({ type: 'plan', plan });
    }
  });
}
