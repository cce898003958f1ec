/**
 * Runs `nicsim <args>` in this process (cli/program.ts main) with stdout and stderr captured:
 * the parsing, the command and the exit code mapping of a child process, without the second
 * or so a child spends starting Node and compiling the sources. Writes are captured by
 * replacing process.stdout.write and process.stderr.write, so tests using it must be serial.
 */
import { main } from '../../cli/program.ts';
import type { CliRun } from './nicsim.ts';

export async function nicsimInProcess(...args: string[]): Promise<CliRun> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  const text = (chunk: string | Uint8Array): string => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += text(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += text(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
