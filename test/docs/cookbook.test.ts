/**
 * docs/cookbook.md is what `npm run docs:cookbook` writes today: every shipped scenario is run
 * once, in this process, and the page rendered from those runs must equal the committed one.
 * A model or scenario change that alters what a scenario prints therefore fails here, naming
 * the scenario and the first line that differs, until the page is regenerated.
 *
 * Cost: one run of every shipped scenario (the golden fingerprint test runs them too, in its
 * own process; ava gives each test file a process, so the two cannot share the runs).
 */
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COOKBOOK_FILE, renderCookbook, runShipped, section, shippedScenarioFiles, staleness, writeCookbook, type CookbookRun } from '../../tools/cookbook.ts';
import { tempDir } from '../helpers/temp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The runs, made once for the whole file when the first test asks. */
let runs: CookbookRun[] | undefined;
function shippedRuns(): CookbookRun[] {
  runs ??= shippedScenarioFiles().map(runShipped);
  return runs;
}

test.serial('docs/cookbook.md is what npm run docs:cookbook writes today', (t) => {
  const path = join(ROOT, COOKBOOK_FILE);
  if (!existsSync(path)) {
    t.fail(`${COOKBOOK_FILE} does not exist; run npm run docs:cookbook`);
    return;
  }
  const started = process.hrtime.bigint();
  const fresh = renderCookbook(shippedRuns());
  t.log(`ran ${shippedRuns().length} shipped scenarios in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  const problem = staleness(readFileSync(path, 'utf8'), fresh);
  if (problem === null) t.pass();
  else t.fail(problem);
});

test.serial('no cookbook line depends on wall time or events/s', (t) => {
  for (const run of shippedRuns()) {
    const fast = section({ ...run, result: { ...run.result, wallMs: 1, eventsPerSec: 3.2e9 } });
    const slow = section({ ...run, result: { ...run.result, wallMs: 98765.4, eventsPerSec: 7 } });
    t.is(fast, slow, `${run.file}: its section changes with the run's wall time`);
  }
});

test('a stale page is reported with its scenario, line, expected and found text, and the command to run', (t) => {
  const fresh = ['# Cookbook', '', '### `scenarios/a.json`', 'seed         1', '### `scenarios/b.json`', 'events       10', 'fingerprint  ab', ''].join('\n');
  t.is(staleness(fresh, fresh), null);
  t.is(
    staleness(fresh.replace('events       10', 'events       11'), fresh),
    'docs/cookbook.md is stale: first difference at line 6, in scenarios/b.json: expected "events       10", found "events       11"; run npm run docs:cookbook',
  );
  t.is(
    staleness(fresh.slice(0, fresh.indexOf('### `scenarios/b.json`')), fresh),
    'docs/cookbook.md is stale: first difference at line 5, in scenarios/b.json: expected "### `scenarios/b.json`", found ""; run npm run docs:cookbook',
  );
  t.is(
    staleness(fresh.replace('# Cookbook', '# Old cookbook'), fresh),
    'docs/cookbook.md is stale: first difference at line 1, in the introduction: expected "# Cookbook", found "# Old cookbook"; run npm run docs:cookbook',
  );
});

test('the page is written whole, with no temporary file left beside it', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'cookbook.md');
  writeCookbook('old\n', path);
  writeCookbook('# Cookbook\n\nnew\n', path);
  t.is(readFileSync(path, 'utf8'), '# Cookbook\n\nnew\n');
  t.deepEqual(readdirSync(dir), ['cookbook.md']);
});
