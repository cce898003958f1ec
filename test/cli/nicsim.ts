/**
 * Runs the `nicsim` command in a child process and collects its output. Tests run the
 * TypeScript sources through tsx (`node --import tsx cli/main.ts …`, which runs main() at its
 * bottom), so a change is tested without rebuilding dist/; test/package/package.test.ts
 * checks the compiled command that `npx nicsim` runs.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function nicsim(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
