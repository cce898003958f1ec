/**
 * The child process side of the job pool: imports the runner module named on its command line
 * once, then runs the jobs the parent sends, one at a time, and sends each result back. It
 * ignores SIGINT: on Ctrl-C the parent decides what is kept and stops the children itself.
 */
import { pathToFileURL } from 'node:url';

interface RunnerModule {
  runSweepJob(job: unknown): unknown;
}

interface JobMessage {
  type: 'job';
  index: number;
  job: unknown;
}

function describe(error: unknown): { error: string; exitCode?: number } {
  if (error instanceof Error) {
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    const code = typeof exitCode === 'number' ? exitCode : error.name === 'Violation' ? 1 : undefined;
    return code === undefined ? { error: `${error.name}: ${error.message}` } : { error: `${error.name}: ${error.message}`, exitCode: code };
  }
  return { error: String(error) };
}

process.on('SIGINT', () => {});

const modulePath = process.argv[2];
const send = (message: unknown): void => {
  process.send?.(message);
};

let runner: RunnerModule;
try {
  const imported = (await import(modulePath.startsWith('file:') ? modulePath : pathToFileURL(modulePath).href)) as Partial<RunnerModule>;
  if (typeof imported.runSweepJob !== 'function') throw new Error(`${modulePath} does not export a function runSweepJob(job)`);
  runner = imported as RunnerModule;
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'fatal', ...describe(error) });
  process.exit(2);
}

process.on('message', (message: JobMessage) => {
  if (message.type !== 'job') return;
  Promise.resolve()
    .then(() => runner.runSweepJob(message.job))
    .then(
      (value) => send({ type: 'result', index: message.index, ok: true, value }),
      (error: unknown) => send({ type: 'result', index: message.index, ok: false, ...describe(error) }),
    );
});
