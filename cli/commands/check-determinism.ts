/**
 * `nicsim check-determinism <scenario> [--seed N] [--json]`: runs the scenario twice, in two
 * separate processes, each streaming its full event trace to this one over a pipe, and
 * compares the fingerprints and the traces. On a mismatch it names the first differing event
 * and exits 3. With --json the verdict is one JSON document on stdout.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { childExecArgv, siblingModule } from '../../output/module-path.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { compareTraceStreams, type TraceDifference } from '../trace-compare.ts';
import { parseSeed } from '../usage.ts';

const BIN = siblingModule(import.meta.url, '../main');

export interface CheckDeterminismCommandOptions {
  seed?: string;
  json?: boolean;
}

interface ChildRun {
  trace: Readable;
  done: Promise<{ exitCode: number | null; fingerprint?: string; events?: number; lastError: string }>;
}

export async function checkDeterminismCommand(file: string, options: CheckDeterminismCommandOptions): Promise<ExitCode> {
  const scenario = loadScenarioFile(file);
  const seed = parseSeed(options.seed) ?? scenario.seed;
  const children = [runChild(file, seed), runChild(file, seed)];
  const difference = await compareTraceStreams(children[0].trace, children[1].trace);
  const [a, b] = await Promise.all(children.map((c) => c.done));
  for (const [i, run] of [a, b].entries()) {
    if (run.fingerprint === undefined) throw new Error(`check-determinism: run ${i + 1} exited ${run.exitCode} without a result: ${run.lastError}`);
  }
  const deterministic = a.fingerprint === b.fingerprint && difference === null;
  if (options.json === true) {
    const verdict = { file, seed, verdict: deterministic ? 'deterministic' : 'nondeterministic', fingerprints: [a.fingerprint, b.fingerprint], events: [a.events, b.events], firstDifference: difference };
    process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
  } else {
    process.stdout.write(describe(file, seed, deterministic, [a, b], difference));
  }
  return deterministic ? EXIT.ok : EXIT.nondeterminism;
}

function describe(file: string, seed: number, deterministic: boolean, [a, b]: Awaited<ChildRun['done']>[], difference: TraceDifference | null): string {
  if (deterministic) return `deterministic: ${file} seed ${seed}: fingerprint ${a.fingerprint} and ${a.events} events in both runs\n`;
  const lines = [`nondeterministic: ${file} seed ${seed}: fingerprints ${a.fingerprint} and ${b.fingerprint} (${a.events} and ${b.events} events)`];
  if (difference === null) lines.push('the event traces are identical: the runs differ only in random draws that changed no event');
  else lines.push(`first differing event: #${difference.eventNumber}`, `  run 1: ${difference.lines[0]}`, `  run 2: ${difference.lines[1]}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `nicsim run --json --events /dev/fd/3` with fd 3 a pipe to this process. */
function runChild(file: string, seed: number): ChildRun {
  const child = spawn(process.execPath, [...childExecArgv(), BIN, 'run', file, '--seed', String(seed), '--json', '--events', '/dev/fd/3'], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Awaited<ChildRun['done']>>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const lastError = stderr.trim().split('\n').pop() ?? '';
      try {
        const result = JSON.parse(stdout) as { fingerprint: string; events: number };
        resolve({ exitCode, fingerprint: result.fingerprint, events: result.events, lastError });
      } catch {
        resolve({ exitCode, lastError });
      }
    });
  });
  return { trace: child.stdio[3] as Readable, done };
}
