/**
 * One fuzz worker process: runs its share of the campaign's batches (campaign/fuzz-plan.ts)
 * until its run budget or the deadline, and streams progress and shrunk failures to the
 * parent as IPC messages. Ctrl-C is the parent's business: the worker ignores SIGINT, and
 * SIGTERM or a parent that went away stops it quietly after the current batch (it writes no
 * files, so there is nothing to clean up).
 */
import { dedupeKey } from './failure.ts';
import { batchIndex, batchProperty, batchSeed, type WorkerPlan } from './fuzz-plan.ts';
import { checkProperty } from './property.ts';
import { reportFromPropertyRun } from './property-report.ts';
import { findProperty } from './suites/index.ts';

export type WorkerMessage =
  | { type: 'batch'; worker: number; property: string; runs: number; coverage: Record<string, number>; wallMs: number }
  | { type: 'failure'; worker: number; key: string; report: ReturnType<typeof reportFromPropertyRun> }
  | { type: 'crash'; worker: number; property: string; fcSeed: number; error: string }
  | { type: 'done'; worker: number }
  | { type: 'fatal'; worker: number; error: string };

/**
 * A message to the parent. The callback takes the error of a channel that closed meanwhile
 * (the parent was interrupted): without it Node raises EPIPE as an uncaught exception.
 */
const send = (message: WorkerMessage): void => {
  if (process.connected) process.send?.(message, undefined, {}, () => {});
};

let stopRequested = false;

/** Runs the plan's batches, yielding to the event loop between them so messages flow and a stop is seen. */
export async function runWorker(plan: WorkerPlan): Promise<void> {
  const properties = plan.properties.map((name) => {
    const p = findProperty(name);
    if (p === undefined) throw new Error(`fuzz worker: no property named '${name}'`);
    return p;
  });
  let remaining = plan.runBudget ?? Infinity;
  for (let j = 0; remaining > 0 && !stopRequested; j++) {
    if (plan.deadlineMs !== null && Date.now() >= plan.deadlineMs) break;
    await new Promise((resolve) => setImmediate(resolve));
    const batch = batchIndex(plan, j);
    const name = batchProperty(plan, batch);
    const property = properties[plan.properties.indexOf(name)];
    const numRuns = Math.min(plan.batchRuns, remaining);
    const started = Date.now();
    const fcSeed = batchSeed(plan.campaignSeed, batch);
    let run;
    try {
      run = checkProperty(property, { seed: fcSeed, numRuns, ...(plan.deadlineMs !== null ? { timeLimitMs: plan.deadlineMs - started } : {}) });
    } catch (error) {
      // Not a Violation: a model or generator threw. Report it and go on with the next batch.
      remaining -= numRuns;
      send({ type: 'crash', worker: plan.worker, property: name, fcSeed, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      continue;
    }
    remaining -= run.runs;
    send({ type: 'batch', worker: plan.worker, property: name, runs: run.runs, coverage: run.coverage, wallMs: Date.now() - started });
    if (run.failed !== undefined) {
      send({ type: 'failure', worker: plan.worker, key: dedupeKey(run.failed.outcome.failure!), report: reportFromPropertyRun(run, 'fuzz') });
    }
  }
}

const isChild = typeof process.send === 'function' && process.argv[2] === '--fuzz-worker';
if (isChild) {
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {
    stopRequested = true;
    if (process.connected) process.disconnect();
  });
  // A parent that went away (killed, or Ctrl-C) must not leave workers running.
  process.on('disconnect', () => {
    stopRequested = true;
  });
  process.once('message', (message: { type: 'plan'; plan: WorkerPlan }) => {
    runWorker(message.plan).then(
      () => send({ type: 'done', worker: message.plan.worker }),
      (error: unknown) => send({ type: 'fatal', worker: message.plan.worker, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
    // The parent disconnects on 'done'/'fatal', after every earlier message has arrived.
  });
}
