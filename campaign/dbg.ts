import { checkProperty } from './property.ts';
import { manaLeaks, manaFootprint, manaComesUp, manaDeterminism } from './suites/mana.ts';
const n = Number(process.argv[2] ?? 40);
for (const p of [manaLeaks, manaFootprint, manaComesUp, manaDeterminism]) {
  const t0 = Date.now();
  const r = checkProperty(p, { seed: 1, numRuns: n });
  console.log(p.name, r.runs, Date.now() - t0, 'ms', JSON.stringify(r.coverage), r.failed ? [r.failed.outcome.failure, r.failed.counterexample] : 'ok');
}
