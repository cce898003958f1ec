/**
 * Runs independent jobs across CPU cores in child processes. Each child imports a runner
 * module (by path, so the pool knows nothing of scenarios) exporting
 * `runSweepJob(job) => result | Promise<result>` and runs one job at a time. Results are
 * reported as they complete, in completion order; a job that throws is reported as failed and
 * the sweep goes on; a child that dies mid-job is reported as a failed job and replaced.
 *
 * Aborting (SIGINT in the CLI) stops dispatching and terminates the children; the jobs that
 * already reported stay reported.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { childExecArgv, siblingModule } from './module-path.ts';

export type JobOutcome = { ok: true; value: unknown } | { ok: false; error: string; exitCode?: number };

export interface PoolOptions {
  /** Absolute path or file URL of the runner module. */
  runnerModule: string;
  /** Parallel children; default: available cores. */
  jobs?: number;
  signal?: AbortSignal;
}

const WORKER_PATH = siblingModule(import.meta.url, './job-worker');

export function defaultJobs(): number {
  return availableParallelism();
}

export function runPool(
  jobs: readonly unknown[],
  options: PoolOptions,
  onResult: (index: number, outcome: JobOutcome) => void,
): Promise<{ completed: number; interrupted: boolean }> {
  const width = Math.max(1, Math.min(options.jobs ?? defaultJobs(), jobs.length));
  const signal = options.signal;
  return new Promise((resolve, reject) => {
    let next = 0;
    let completed = 0;
    let finished = false;
    let fatal: Error | null = null;
    const running = new Map<ChildProcess, number | null>();
    const execArgv = childExecArgv();

    const finish = (): void => {
      if (finished || running.size > 0) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      const interrupted = signal?.aborted === true;
      if (fatal === null && !interrupted && completed < jobs.length) {
        fatal = new Error(`job pool: worker processes exited after ${completed} of ${jobs.length} jobs`);
      }
      if (fatal !== null) reject(fatal);
      else resolve({ completed, interrupted: signal?.aborted === true && completed < jobs.length });
    };
    const stopAll = (): void => {
      for (const child of running.keys()) child.kill('SIGTERM');
    };
    const onAbort = (): void => stopAll();

    const dispatch = (child: ChildProcess): void => {
      if (signal?.aborted || fatal !== null || next >= jobs.length) {
        running.set(child, null);
        child.disconnect();
        return;
      }
      const index = next++;
      running.set(child, index);
      child.send({ type: 'job', index, job: jobs[index] });
    };

    const spawn = (): void => {
      const child = fork(WORKER_PATH, [options.runnerModule], {
        execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      running.set(child, null);
      child.on('message', (message: { type: string; index?: number; ok?: boolean; value?: unknown; error?: string; exitCode?: number }) => {
        if (message.type === 'ready') dispatch(child);
        else if (message.type === 'fatal') {
          fatal ??= new Error(`job pool: cannot load runner ${options.runnerModule}: ${message.error}`);
          stopAll();
        } else if (message.type === 'result' && message.index !== undefined) {
          completed++;
          const outcome: JobOutcome = message.ok
            ? { ok: true, value: message.value }
            : message.exitCode === undefined
              ? { ok: false, error: message.error ?? 'unknown error' }
              : { ok: false, error: message.error ?? 'unknown error', exitCode: message.exitCode };
          running.set(child, null);
          try {
            onResult(message.index, outcome);
          } catch (error) {
            fatal ??= error instanceof Error ? error : new Error(String(error));
            stopAll();
          }
          dispatch(child);
        }
      });
      child.on('exit', (code, sig) => {
        const inFlight = running.get(child);
        running.delete(child);
        if (inFlight !== null && inFlight !== undefined && !signal?.aborted && fatal === null) {
          completed++;
          onResult(inFlight, { ok: false, error: `worker process exited (code ${code}, signal ${sig}) while running the job` });
          if (next < jobs.length) spawn();
        }
        finish();
      });
    };

    if (signal?.aborted) {
      resolve({ completed: 0, interrupted: jobs.length > 0 });
      return;
    }
    signal?.addEventListener('abort', onAbort);
    if (jobs.length === 0) {
      finish();
      return;
    }
    for (let i = 0; i < width; i++) spawn();
  });
}
