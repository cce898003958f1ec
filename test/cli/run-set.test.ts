/**
 * Issue 13 item 3: `nicsim run --set path=value` overrides a field before the scenario is
 * resolved, with sweep --set's syntax and checks: the resolved scenario in --json and in
 * --out result.json carries the value, the text report names the fields set, and a bad path
 * or value is one line and exit 2 before anything runs. In-process (test/cli/in-process.ts).
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setArguments } from '../../cli/run-overrides.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { nicsimInProcess as cli } from './in-process.ts';

const SHORT = 'test/cli/fixtures/mm1k-short.json';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-run-set-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test.serial('item 3: --set changes the resolved scenario in --json and result.json, and the run is the run of that scenario', async (t) => {
  const out = join(tempDir(t), 'out');
  const run = await cli('run', SHORT, '--set', 'workloads.0.queueCapacity=4', '--set', 'bounds.simTimeNs=5000000', '--json', '--out', out);
  t.is(run.code, 0, run.stderr);
  const result = JSON.parse(run.stdout) as { overrides: unknown; resolved: { workloads: { queueCapacity: number }[]; bounds: { simTimeNs: number } }; fingerprint: string };
  t.deepEqual(result.overrides, { 'workloads.0.queueCapacity': 4, 'bounds.simTimeNs': 5000000 });
  t.is(result.resolved.workloads[0].queueCapacity, 4);
  t.is(result.resolved.bounds.simTimeNs, 5000000);
  t.deepEqual(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')), result);

  const base = loadScenarioFile(SHORT);
  const edited = { ...base, bounds: { ...base.bounds, simTimeNs: 5000000 }, workloads: [{ ...base.workloads[0], queueCapacity: 4 }] };
  t.is(result.fingerprint, runScenario(edited).fingerprint);
  t.not(result.fingerprint, runScenario(base).fingerprint);
});

test.serial('item 3: the text report says which fields --set overrode; without --set it has no such line', async (t) => {
  const [set, plain] = [await cli('run', SHORT, '--set', 'workloads.0.arrivalRateHz=500000'), await cli('run', SHORT)];
  t.is(set.code, 0, set.stderr);
  t.deepEqual(set.stdout.split('\n').slice(0, 2), ['scenario     mm1k-short (test/cli/fixtures/mm1k-short.json)', 'overrides    workloads.0.arrivalRateHz=500000 (--set)']);
  t.false(plain.stdout.includes('overrides'));
  t.false('overrides' in (JSON.parse((await cli('run', SHORT, '--json')).stdout) as object), 'no overrides field without --set');
});

test.serial('item 3: a bad --set is one line and exit 2, and nothing is written', async (t) => {
  const out = join(tempDir(t), 'never');
  const cases: [string, string][] = [
    ['workloads.0.arrivalRateHz=1,2', 'nicsim: run: --set workloads.0.arrivalRateHz: expected one value, found 2 (a grid of values is a sweep: nicsim sweep)'],
    ['workloads.0.queueCapacity=many', "nicsim: run: --set workloads.0.queueCapacity: 'many' is not a number (the scenario has 16)"],
    ['workloads.3.queueCapacity=4', "nicsim: run: --set workloads.3.queueCapacity: path 'workloads.3.queueCapacity': index '3' is outside the array of 1 at 'workloads'"],
    ['queueCapacity', "nicsim: run: --set 'queueCapacity': expected path=value1,value2,…"],
    ['workloads.0.queueCapacity=0', `${SHORT} with workloads.0.queueCapacity=0: $.workloads[0].queueCapacity: expected integer >= 1 and <= 1048576, found 0`],
    ['workloads.0.rateHz=5', `${SHORT} with workloads.0.rateHz=5: $.workloads[0].rateHz: unknown field, expected one of: kind, arrivalRateHz, serviceRateHz, queueCapacity`],
  ];
  for (const [option, line] of cases) t.deepEqual(await cli('run', SHORT, '--set', option, '--out', out), { code: 2, stdout: '', stderr: `${line}\n` }, option);
  const twice = await cli('run', SHORT, '--set', 'workloads.0.queueCapacity=3', '--set', 'workloads.0.queueCapacity=4', '--out', out);
  t.deepEqual(twice, { code: 2, stdout: '', stderr: 'nicsim: run: --set workloads.0.queueCapacity is given twice\n' });
  t.false(existsSync(out));
});

test('item 3: the reproduce line repeats the --set options so that a shell reads them back', (t) => {
  t.is(setArguments({ 'workloads.0.queueCapacity': 4, 'kernel.version': '5.15' }), ' --set workloads.0.queueCapacity=4 --set kernel.version=5.15');
  t.is(setArguments({ name: 'a,b c' }), ` --set 'name="a,b c"'`);
  t.is(setArguments({ 'faults.0': { at: 1 } }), ` --set 'faults.0={"at":1}'`);
  t.is(setArguments({}), '');
});

test.serial('item 3: a failing run with --set says how to reproduce it with the same --set', async (t) => {
  const out = join(tempDir(t), 'out');
  const run = await cli('run', 'test/cli/fixtures/xsk-cq-overflow-undeclared.json', '--set', 'name=cq-overflow-renamed', '--out', out);
  t.is(run.code, 1, run.stderr);
  t.regex(run.stderr, /^nicsim: violation: .* \(reproduce: nicsim run test\/cli\/fixtures\/xsk-cq-overflow-undeclared\.json --seed 1 --set name=cq-overflow-renamed\)$/m);
  const report = JSON.parse(readFileSync(join(out, 'bug-report.json'), 'utf8')) as { scenario: { name: string } };
  t.is(report.scenario.name, 'cq-overflow-renamed', 'the bug report holds the scenario as overridden');
});
