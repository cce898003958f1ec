/**
 * nicsim's side of the ns3 bench section, run in a fresh process per measurement as ns-3's
 * side is, so neither profits from (or pays for) what ran before it in the same process:
 *
 *   hold <pending> <holds> <seed>   prints ns per hold (bench/hold.ts, wall clock)
 *   mm1 <simTimeNs> <seed>          prints events, wall ns and mean sojourn ns of scenarios/mm1.json
 */
import { loadScenarioFile } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { holdNsPerEvent } from './hold.ts';
import { wallNs } from './section.ts';

const [mode, ...args] = process.argv.slice(2);
if (mode === 'hold' && args.length === 3) {
  const [pending, holds, seed] = args.map(Number);
  process.stdout.write(`${holdNsPerEvent(pending, holds, seed, 'wall')}\n`);
} else if (mode === 'mm1' && args.length === 2) {
  const [simTimeNs, seed] = args.map(Number);
  const scenario = loadScenarioFile('scenarios/mm1.json');
  const start = wallNs();
  const result = runScenario({ ...scenario, bounds: { ...scenario.bounds, simTimeNs } }, { seed });
  const elapsed = wallNs() - start;
  process.stdout.write(`${result.events} ${elapsed} ${Number(result.metrics['mm1k.meanSojournNs'])}\n`);
} else {
  process.stderr.write('usage: ns3-nicsim.ts hold <pending> <holds> <seed> | mm1 <simTimeNs> <seed>\n');
  process.exitCode = 2;
}
