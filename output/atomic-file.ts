/**
 * Whole files that appear complete or not at all, for commands that write one file at the
 * end (plot, report, figures, sweep summaries). A thin name over output/out-file.ts's
 * writeOutput, which resolves symlinks, pipes and devices and checks every write.
 */
import { writeOutput } from './out-file.ts';

/** Writes `data` to `path` atomically; `option` (`--out`) names the path in errors. */
export function writeFileAtomic(path: string, data: Uint8Array | string, option?: string): void {
  writeOutput(option, path, data);
}
