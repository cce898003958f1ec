/**
 * Entry point of the campaign npm scripts (`npm run fuzz -- …`, `npm run replay -- …`), the
 * same commands `nicsim fuzz` and `nicsim replay` run, straight from the sources (no build
 * needed). It lives in cli/ because it wires argv to the CLI's commands: campaign/ must not
 * import cli/. Usage errors are one line and exit 2.
 */
import { fuzzCommand } from './fuzz.ts';
import { replayCommand } from './replay.ts';
import { UsageError } from './usage.ts';

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'fuzz') process.exitCode = await fuzzCommand(rest);
  else if (command === 'replay') process.exitCode = await replayCommand(rest);
  else throw new UsageError(`expected "fuzz" or "replay", found ${JSON.stringify(command ?? '')}`);
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`nicsim: ${error.message}\n`);
  process.exitCode = 2;
}
