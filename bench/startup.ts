/**
 * Start-up: the wall time of a fresh `nicsim` process, side by side with `node -e 0` (Node's
 * own start-up on this machine), for `nicsim --version` and for `nicsim run` of a 3-event
 * scenario (bench/startup-3-events.json), whose simulation costs nothing. Issue 13's target:
 * within 3x of `node -e 0`. The commands alternate run by run, so each sees the machine in
 * the same state; the time is the child's, so `--clock cpu` (this process's CPU) does not
 * apply and the section always reads the wall clock.
 *
 * The CLI runs the JavaScript compiled into dist/ (`npm run build`, run by `npm ci`); one more
 * row runs the TypeScript sources through tsx, as every start did before dist/ existed, to show
 * what the build saves.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median, wallNs, type BenchRow, type BenchSection } from './section.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIO = 'bench/startup-3-events.json';
const COMPILED_MAIN = 'dist/cli/main.js';

/** Within 3x of a bare Node start, as issue 13 asks. */
const TARGET_RATIO = 3;

interface Command {
  label: string;
  args: string[];
  /** Compared with TARGET_RATIO x `node -e 0`; the sources row only informs. */
  targeted: boolean;
}

const NODE: Command = { label: 'node -e 0', args: ['-e', '0'], targeted: false };

const COMMANDS: readonly Command[] = [
  NODE,
  { label: 'nicsim --version', args: ['bin/nicsim.js', '--version'], targeted: true },
  { label: 'nicsim run (3 events)', args: ['bin/nicsim.js', 'run', SCENARIO], targeted: true },
  { label: 'sources via tsx, run', args: ['--import', 'tsx', 'cli/main.ts', 'run', SCENARIO], targeted: false },
];

/** Wall milliseconds of one child process, from spawn to exit. */
function timeMs(command: Command): number {
  const start = wallNs();
  const child = spawnSync(process.execPath, command.args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsedMs = (wallNs() - start) / 1e6;
  if (child.error !== undefined || child.status !== 0) {
    throw new Error(`startup bench: \`node ${command.args.join(' ')}\` failed (${child.error?.message ?? `exit ${child.status}`}): ${child.stderr.trim()}`);
  }
  return elapsedMs;
}

export const startupSection: BenchSection = {
  name: 'startup',
  description: `wall ms of a fresh process (compiled CLI) beside \`node -e 0\`; target ${TARGET_RATIO}x node's (4 x --runs samples, commands alternating)`,
  unavailable() {
    return existsSync(`${ROOT}${COMPILED_MAIN}`) ? null : `skipped: ${COMPILED_MAIN} is missing: run \`npm run build\``;
  },
  run({ quick, runs }) {
    const samples = quick ? 2 : 4 * runs;
    // One untimed round fills the file-system cache and tsx's compile cache.
    for (const command of COMMANDS) timeMs(command);
    const measured = COMMANDS.map(() => [] as number[]);
    for (let i = 0; i < samples; i++) COMMANDS.forEach((command, c) => measured[c].push(timeMs(command)));
    const nodeMs = median(measured[COMMANDS.indexOf(NODE)]);
    return COMMANDS.map((command, c): BenchRow => {
      const ratio = `${(median(measured[c]) / nodeMs).toFixed(1)}x node -e 0`;
      return {
        label: command.label,
        unit: 'ms',
        samples: measured[c],
        targets: command.targeted ? [{ kind: 'max', value: Math.round(TARGET_RATIO * nodeMs), source: `${TARGET_RATIO}x node -e 0; now ${ratio}` }] : [],
        note: command === NODE ? 'the baseline' : ratio,
      };
    });
  },
};
