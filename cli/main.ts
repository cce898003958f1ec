/**
 * The `nicsim` process: runs the command (cli/program.ts) and exits with its code. Data goes
 * to stdout; logs and progress to stderr.
 */
import { runAsProcess } from './program.ts';

await runAsProcess(process.argv.slice(2));
