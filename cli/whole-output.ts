/**
 * An output a command writes once, at the end (plot's SVG, report's HTML): opened before the
 * work, so an unwritable --out is found first, and dropped on failure or Ctrl-C, so the
 * previous file at that path stays as it was.
 */
import { openOutput, type OutFile } from '../output/out-file.ts';
import { handleInterrupts, type InterruptHandling } from './interrupt.ts';

export interface WholeOutput {
  /** Writes the whole content and puts the file in place. */
  finish(data: string | Uint8Array): void;
  /** Removes the temporary file (the command failed). */
  abort(): void;
}

export function openWholeOutput(command: string, path: string): WholeOutput {
  const out: OutFile = openOutput('--out', path);
  const interrupts: InterruptHandling = handleInterrupts(command, () => `nothing was written to ${path}`);
  return {
    finish(data) {
      try {
        out.write(data);
        out.commit();
      } finally {
        interrupts.dispose();
      }
    },
    abort() {
      out.abort();
      interrupts.dispose();
    },
  };
}
