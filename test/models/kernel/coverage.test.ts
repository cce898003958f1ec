/**
 * Every registered kernel change is exercised both ways by the properties (issue 14): each entry
 * of models/kernel/features.ts must be asked by some model, and answered both in and out, while
 * the campaign properties (campaign/suites/index.ts) and the kernel buffer property run on the
 * kernels they draw from the registry (campaign/generators/kernel.ts).
 *
 * An entry no model asks is a registry entry that switches nothing; an entry only ever answered
 * one way is a behaviour no property reaches. Either fails here, naming the entry.
 */
import test from 'ava';
import fc from 'fast-check';
import { checkProperty } from '../../../campaign/property.ts';
import { PROPERTIES } from '../../../campaign/suites/index.ts';
import { KERNEL_CHANGES } from '../../../models/kernel/features.ts';
import { observeHas } from '../../../models/kernel/kernel-spec.ts';
import { opArb, runScenario, setupArb } from '../../../properties/kernel-buffers-case.ts';

/** Cases per property: enough for every toggle to be drawn both ways, few enough for npm test. */
const RUNS_PER_PROPERTY = 24;
const SEED = 20261204;

test.serial('every registered kernel change is asked, and answered both in and out, by the properties', (t) => {
  const answers = new Map<string, { in: number; out: number }>();
  const stop = observeHas((name, isIn) => {
    const a = answers.get(name) ?? { in: 0, out: 0 };
    if (isIn) a.in++;
    else a.out++;
    answers.set(name, a);
  });
  const failures: string[] = [];
  try {
    fc.assert(fc.property(setupArb, fc.array(opArb, { minLength: 1, maxLength: 40 }), runScenario), { numRuns: 4 * RUNS_PER_PROPERTY, seed: SEED });
    for (const property of PROPERTIES) {
      const run = checkProperty(property, { seed: SEED, numRuns: RUNS_PER_PROPERTY });
      if (run.failed !== undefined) failures.push(`${property.name}: ${run.failed.counterexample}`);
    }
  } finally {
    stop();
  }
  t.deepEqual(failures, [], 'the properties hold on the cases the coverage run draws');
  const never = KERNEL_CHANGES.filter((c) => !answers.has(c.name)).map((c) => c.name);
  const onlyIn = KERNEL_CHANGES.filter((c) => answers.has(c.name) && answers.get(c.name)!.out === 0).map((c) => c.name);
  const onlyOut = KERNEL_CHANGES.filter((c) => answers.has(c.name) && answers.get(c.name)!.in === 0).map((c) => c.name);
  t.log(Object.fromEntries([...answers].map(([name, a]) => [name, `${a.in} in, ${a.out} out`])));
  t.deepEqual(never, [], 'registered changes no model asked');
  t.deepEqual(onlyIn, [], 'registered changes only ever answered in');
  t.deepEqual(onlyOut, [], 'registered changes only ever answered out');
});
