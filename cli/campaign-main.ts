/**
 * Entry point of the campaign npm scripts (`npm run fuzz -- …`, `npm run replay -- …`), the
 * same commands `nicsim fuzz` and `nicsim replay` run, straight from the sources (no build
 * needed). It lives in cli/ because it wires argv to the CLI's commands: campaign/ must not
 * import cli/. Usage errors are one line and exit 2.
 */
import { EXIT } from './exit-codes.ts';
import { runAsProcess } from './program.ts';

const [command, ...rest] = process.argv.slice(2);
if (command === 'fuzz' || command === 'replay') {
  await runAsProcess([command, ...rest]);
} else {
  process.stderr.write(`nicsim: expected "fuzz" or "replay", found ${JSON.stringify(command ?? '')}\n`);
  process.exitCode = EXIT.usage;
}
