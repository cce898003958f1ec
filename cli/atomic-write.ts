/**
 * Output files are written to a temporary name in the same directory and renamed into
 * place, so a reader sees either the old file or the whole new one, never half of it.
 * Targets that exist and are not regular files (/dev/stdout, a pipe such as /dev/fd/3)
 * are written directly: renaming over them would replace the device or pipe itself.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Where to write first: a temporary sibling, or the path itself when it is not a regular file. */
export function stagingPath(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat !== undefined && !stat.isFile()) return path;
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Moves a finished staging file into place (nothing to do when it was written directly). */
export function commitStaged(staging: string, path: string): void {
  if (staging !== path) renameSync(staging, path);
}

/** Removes an unfinished staging file (never the target itself). */
export function discardStaged(staging: string, path: string): void {
  if (staging !== path) rmSync(staging, { force: true });
}

export function writeFileAtomic(path: string, text: string): void {
  const staging = stagingPath(path);
  try {
    const fd = openSync(staging, 'w');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    commitStaged(staging, path);
  } catch (error) {
    discardStaged(staging, path);
    throw error;
  }
}
