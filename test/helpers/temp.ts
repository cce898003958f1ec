/**
 * Temporary places for tests: a directory under the system temp dir that the test's teardown
 * removes, and, where this machine lets a test mount one (root, mount(8) present), a small
 * tmpfs inside such a directory, to fill a disk or make a read-only one without touching any
 * real file system. Tests never write outside what these return.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutionContext } from 'ava';

export function tempDir(t: ExecutionContext, prefix = 'nicsim-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A tmpfs of `sizeBytes` mounted at a fresh directory (read-only when asked), unmounted in
 * teardown; or null, with the reason logged, where mounting is not possible.
 */
export function tmpfs(t: ExecutionContext, sizeBytes: number, options: { readOnly?: boolean } = {}): string | null {
  const parent = tempDir(t, 'nicsim-tmpfs-');
  const dir = join(parent, 'mnt');
  mkdirSync(dir);
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `${options.readOnly === true ? 'ro,' : ''}size=${sizeBytes}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) {
    t.log(`cannot mount a tmpfs here (${(mount.stderr || mount.error?.message || 'mount failed').trim()}): skipped the part that needs one`);
    return null;
  }
  // Registered after tempDir's removal, so it runs first (ava runs teardowns in reverse).
  t.teardown(() => {
    execFileSync('umount', ['-l', dir]);
  });
  return dir;
}
