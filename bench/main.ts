/**
 * `npm run bench [-- --quick] [-- --only NAME] [-- --runs N] [-- --clock cpu]`: runs each
 * section of bench/sections.ts and prints the median of its runs beside its targets. Exit status is 0 whether or not a
 * target is met: a benchmark informs, the test suite decides.
 */
import { parseArgs } from 'node:util';
import { median, meets } from './section.ts';
import { SECTIONS } from './sections.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    runs: { type: 'string', default: '5' },
    clock: { type: 'string', default: 'wall' },
  },
});
const clock = values.clock;
if (clock !== 'wall' && clock !== 'cpu') throw new Error(`--clock: expected wall or cpu, found ${clock}`);
const runs = Number(values.runs);
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs: expected a positive integer, found ${values.runs}`);
const only = values.only ?? [];
const unknown = only.filter((name) => !SECTIONS.some((s) => s.name === name));
if (unknown.length > 0) throw new Error(`--only: unknown section ${unknown.join(', ')} (sections: ${SECTIONS.map((s) => s.name).join(', ')})`);

process.stdout.write(`nicsim bench: node ${process.version}, ${runs} runs per row, median shown, ${clock} clock${values.quick ? ', QUICK (not a measurement)' : ''}\n`);
for (const section of SECTIONS) {
  if (only.length > 0 && !only.includes(section.name)) continue;
  process.stdout.write(`\n${section.name}: ${section.description}\n`);
  const unavailable = section.unavailable?.() ?? null;
  if (unavailable !== null) {
    process.stdout.write(`  ${unavailable}\n`);
    continue;
  }
  for (const row of section.run({ quick: values.quick === true, runs, clock })) {
    const m = median(row.samples);
    const value = `${m >= 100 ? m.toFixed(0) : m.toFixed(2)} ${row.unit}`;
    const targets = row.targets
      .map((t) => `${meets(t, m) ? 'ok  ' : 'MISS'} ${t.kind === 'max' ? '<=' : '>='} ${t.value} (${t.source})`)
      .join('; ') || (row.note ?? '');
    const spread = `[${Math.min(...row.samples).toFixed(2)} .. ${Math.max(...row.samples).toFixed(2)}]`;
    process.stdout.write(`  ${row.label.padEnd(24)} ${value.padStart(18)}  ${spread.padEnd(20)} ${targets}\n`);
  }
}
