/**
 * Ctrl-C and SIGTERM for every command that runs something (run, sweep, fuzz, replay): the
 * handler removes every temporary file the process has open (output/temp-files.ts), lets the
 * command stop what it started (workers, child processes), prints one line saying what was
 * kept, and exits 130 for SIGINT or 143 for SIGTERM, the shell's 128 + signal number.
 *
 * Node runs signal handlers from its event loop, so a long synchronous simulation would hold
 * them off until it ends: runs are driven as generators (scenario/run.ts runScenarioSteps)
 * and driveSteps() gives the event loop a turn between slices of events.
 */
import { removeTrackedTemps } from '../output/temp-files.ts';

export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT;

export interface InterruptHandling {
  /** Removes the handlers (the command finished on its own). */
  dispose(): void;
}

/**
 * Installs the handlers for `command`. `stop` runs first (kill workers, drop open outputs)
 * and returns what was kept, e.g. "kept 12 completed rows in out/rows.jsonl" or
 * "nothing was written"; it may be async (waiting for workers to exit).
 */
export function handleInterrupts(command: string, stop: (signal: StopSignal) => string | Promise<string>): InterruptHandling {
  let stopping = false;
  const handler = (signal: StopSignal): void => {
    if (stopping) {
      // A second signal while stopping (workers slow to exit): leave at once, still tidy.
      removeTrackedTemps();
      process.exit(SIGNAL_EXIT[signal]);
    }
    stopping = true;
    void (async () => {
      let kept: string;
      try {
        kept = await stop(signal);
      } catch (error) {
        kept = `stopping failed: ${(error as Error).message}`;
      }
      // After stop(): a sweep or fuzz campaign may write its summary files while stopping.
      const removed = removeTrackedTemps();
      const temps = removed === 0 ? 'no temporary files were left' : `removed ${removed} temporary file${removed === 1 ? '' : 's'}`;
      process.stderr.write(`nicsim: ${command}: interrupted by ${signal}; ${temps}; ${kept}\n`);
      process.exit(SIGNAL_EXIT[signal]);
    })();
  };
  const onInt = (): void => handler('SIGINT');
  const onTerm = (): void => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    dispose() {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
    },
  };
}

/**
 * For a command whose work ended because an interrupt stopped it (a sweep or fuzz campaign
 * that returns its partial result): the handler is still writing what was kept and exits the
 * process, so the command waits for it instead of returning an exit code of its own.
 */
export function untilInterruptHandlerExits(): Promise<never> {
  return new Promise<never>(() => {});
}

/** Drives a run generator to its end, giving the event loop a turn after every slice. */
export async function driveSteps<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
