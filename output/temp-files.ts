/**
 * Every temporary file this process has open: the staging files that output files are written
 * into before they are renamed into place. A signal handler (cli/interrupt.ts) or a worker
 * that is told to stop removes them all, so an interrupted run leaves nothing half-written
 * behind. Temporary names carry a fixed marker and the process id, so a stray one is easy to
 * tell from the user's files.
 */
import { closeSync, rmSync } from 'node:fs';

/** The part of every temporary name that says it is nicsim's: `.<name>.nicsim-<pid>-<n>.tmp`. */
const TEMP_MARKER = '.nicsim-';

interface Tracked {
  fd: number | null;
}

const tracked = new Map<string, Tracked>();
let counter = 0;

/** A fresh temporary base name for `name` in the same directory. */
export function tempName(name: string): string {
  counter += 1;
  return `.${name}${TEMP_MARKER}${process.pid}-${counter}.tmp`;
}

export function trackTemp(path: string, fd: number | null): void {
  tracked.set(path, { fd });
}

export function untrackTemp(path: string): void {
  tracked.delete(path);
}

/** Closes and removes every tracked temporary file; returns how many there were. */
export function removeTrackedTemps(): number {
  let removed = 0;
  for (const [path, entry] of tracked) {
    if (entry.fd !== null) {
      try {
        closeSync(entry.fd);
      } catch {
        // Already closed by a writer that failed half-way: the file still has to go.
      }
    }
    rmSync(path, { force: true });
    removed += 1;
  }
  tracked.clear();
  return removed;
}

export function trackedTempCount(): number {
  return tracked.size;
}
