/**
 * Golden fingerprints of the shipped scenarios (scenarios/*.json at their own seed): the
 * regression test of every model they exercise. A change in trajectory fails here; if it
 * is intended, regenerate with `UPDATE_GOLDEN=1 npx ava test/scenario/golden.test.ts` and
 * say why in the commit message.
 */
import test from 'ava';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

const GOLDEN = 'test/golden/fingerprints.json';
const update = process.env.UPDATE_GOLDEN === '1';

interface Golden {
  seed: number;
  status: string;
  events: number;
  fingerprint: string;
}

const stored = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Golden>;
const files = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => `scenarios/${f}`)
  .sort();
const fresh: Record<string, Golden> = {};

for (const file of files) {
  test.serial(`${file} keeps its golden fingerprint`, (t) => {
    const result = runScenario(loadScenarioFile(file), { file });
    fresh[file] = { seed: result.seed, status: result.status, events: result.events, fingerprint: result.fingerprint };
    if (update) {
      t.pass();
      return;
    }
    t.truthy(stored[file], `no golden entry for ${file}: run UPDATE_GOLDEN=1 npx ava test/scenario/golden.test.ts`);
    t.deepEqual(fresh[file], stored[file], `${file} changed its trajectory; if that is intended, run UPDATE_GOLDEN=1 npx ava test/scenario/golden.test.ts and say why in the commit`);
  });
}

test.after.always('write golden fingerprints when UPDATE_GOLDEN=1', () => {
  if (update && Object.keys(fresh).length === files.length) writeFileSync(GOLDEN, `${JSON.stringify(fresh, null, 2)}\n`);
});

test('the golden file has no entries for scenarios that no longer exist', (t) => {
  t.deepEqual(Object.keys(stored).filter((file) => !files.includes(file)), []);
});
