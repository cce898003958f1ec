/**
 * `npm run campaign:known-bad [-- --seeds N --max-runs M --write-regressions --json]`
 *
 * Hunts every known-bad variant under N campaign seeds and prints, per variant, the property
 * and invariant that caught it, how many seeds found it, and the median cases and wall time
 * to the first failing case. --write-regressions keeps the first seed's shrunk counterexample
 * as regressions/<variant>.json (replayed by npm test).
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { writeBugReport } from './bug-report.ts';
import { huntKnownBad, median, type HuntResult } from './known-bad.ts';
import { KNOWN_BAD } from './suites/known-bad.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    'max-runs': { type: 'string', default: '3000' },
    'write-regressions': { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const seeds = Number(values.seeds);
const maxRuns = Number(values['max-runs']);
if (!(Number.isSafeInteger(seeds) && seeds >= 1 && Number.isSafeInteger(maxRuns) && maxRuns >= 1)) {
  process.stderr.write('campaign:known-bad: --seeds and --max-runs take positive integers\n');
  process.exit(2);
}
const variants = KNOWN_BAD.filter((v) => values.only === undefined || v.name === values.only);
const rows: { variant: string; property: string; invariants: string; found: string; medianRuns: number; medianMs: number; medianShrinkMs: number; hunts: HuntResult[] }[] = [];
for (const variant of variants) {
  const hunts: HuntResult[] = [];
  for (let s = 0; s < seeds; s++) {
    const h = huntKnownBad(variant, s + 1, maxRuns);
    hunts.push(h);
    process.stderr.write(`${variant.name} seed ${s + 1}: ${h.found ? `found after ${h.runsToFind} runs, ${h.wallMsToFind.toFixed(0)} ms (${h.invariant})` : `not found in ${maxRuns} runs`}\n`);
  }
  const found = hunts.filter((h) => h.found);
  if (values['write-regressions'] && found.length > 0) {
    const path = writeBugReport(found[0].report!, { file: join('regressions', `${variant.name}.json`), announce: false });
    process.stderr.write(`  kept ${path}\n`);
  }
  rows.push({
    variant: variant.name,
    property: variant.property.name,
    invariants: [...new Set(found.map((h) => h.invariant))].join(', '),
    found: `${found.length}/${hunts.length}`,
    medianRuns: median(found.map((h) => h.runsToFind)),
    medianMs: median(found.map((h) => h.wallMsToFind)),
    medianShrinkMs: median(found.map((h) => h.shrinkMs)),
    hunts,
  });
}
if (values.json) {
  process.stdout.write(`${JSON.stringify(rows.map(({ hunts, ...r }) => ({ ...r, hunts: hunts.map(({ report, ...h }) => h) })), null, 2)}\n`);
} else {
  const header = ['variant', 'caught by property', 'invariant', 'found', 'median runs', 'median ms', 'median shrink ms'];
  const table = rows.map((r) => [r.variant, r.property, r.invariants, r.found, String(r.medianRuns), r.medianMs.toFixed(0), r.medianShrinkMs.toFixed(0)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  process.stdout.write(`${[line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)].join('\n')}\n`);
}
const missed = rows.filter((r) => r.found.startsWith('0/'));
process.exitCode = missed.length > 0 ? 1 : 0;
