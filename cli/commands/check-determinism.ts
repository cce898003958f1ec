/**
 * `nicsim check-determinism <scenario> [--seed N]`: runs the scenario twice, in two separate
 * processes, each streaming its full event trace to this one over a pipe, and compares the
 * fingerprints and the traces. On a mismatch it names the first differing event and exits 3.
 */
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { childExecArgv, siblingModule } from '../../output/module-path.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { compareTraceStreams } from '../trace-compare.ts';
import { parseCommandArgs, parseSeed, UsageError } from '../usage.ts';

const BIN = siblingModule(import.meta.url, '../main');

interface ChildRun {
  trace: Readable;
  done: Promise<{ exitCode: number | null; fingerprint?: string; events?: number; lastError: string }>;
}

export async function checkDeterminismCommand(args: string[]): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs('check-determinism', args, { seed: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError(`check-determinism: expected one scenario file, found ${positionals.length}`);
  const file = positionals[0];
  const scenario = loadScenarioFile(file);
  const seed = parseSeed(values.seed) ?? scenario.seed;
  const children = [runChild(file, seed), runChild(file, seed)];
  const difference = await compareTraceStreams(children[0].trace, children[1].trace);
  const [a, b] = await Promise.all(children.map((c) => c.done));
  for (const [i, run] of [a, b].entries()) {
    if (run.fingerprint === undefined) throw new Error(`check-determinism: run ${i + 1} exited ${run.exitCode} without a result: ${run.lastError}`);
  }
  if (a.fingerprint === b.fingerprint && difference === null) {
    process.stdout.write(`deterministic: ${file} seed ${seed}: fingerprint ${a.fingerprint} and ${a.events} events in both runs\n`);
    return EXIT.ok;
  }
  const lines = [`nondeterministic: ${file} seed ${seed}: fingerprints ${a.fingerprint} and ${b.fingerprint} (${a.events} and ${b.events} events)`];
  if (difference === null) lines.push('the event traces are identical: the runs differ only in random draws that changed no event');
  else lines.push(`first differing event: #${difference.eventNumber}`, `  run 1: ${difference.lines[0]}`, `  run 2: ${difference.lines[1]}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.nondeterminism;
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
