#!/usr/bin/env node
// Runs the JavaScript that `npm ci` (the package's `prepare` script) compiled into dist/, so
// start-up costs no TypeScript compilation and needs no tsx. Tests run the sources instead
// (`node --import tsx cli/main.ts`, see test/cli/nicsim.ts).
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  // A checkout where the build has not run (or `npm ci --ignore-scripts`): say what to do
  // instead of a module-not-found stack trace. 70 is the CLI's internal-error exit code.
  process.stderr.write('nicsim: dist/cli/main.js is missing: run `npm run build` (npm ci runs it)\n');
  process.exit(70);
}
await import(main.href);
