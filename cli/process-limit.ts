/**
 * How many child processes a command may start (sweep --jobs, fuzz --workers). Each is a Node
 * process of about 180 MB (measured with /usr/bin/time on `fuzz --workers 1`), and more than
 * a few per core only compete for the cores: 1000 of them would ask for some 180 GB and run no
 * faster than 4 per core. The limit is 4 per core and 64 in all, but never below the default
 * of one per core, so a machine with more than 64 cores can still run its default.
 */
import { availableParallelism } from 'node:os';

const PER_CORE = 4;
const MOST = 64;

/** The limit and, for the error line, where it comes from; `what` names one process ("worker"). */
export function childProcessLimit(what: string): { max: number; why: string } {
  const cores = availableParallelism();
  const max = Math.max(cores, Math.min(MOST, PER_CORE * cores));
  const why = max === cores && cores > MOST ? `one per core on ${cores} cores` : `${PER_CORE} per core on ${cores} core${cores === 1 ? '' : 's'}, and no more than ${MOST}`;
  return { max, why: `${why}: each ${what} is a Node process of about 180 MB` };
}
