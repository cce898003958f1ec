/**
 * Declared outcomes (`expectOutcome`, scenario/expect-outcome.ts): every shipped scenario that
 * declares one reproduces it at its own seed; judgeOutcome's verdict field by field; the
 * declaration is validated against the metrics the run reports, and never changes the run.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { formatReport } from '../../cli/format.ts';
import { judgeOutcome } from '../../scenario/expect-outcome.ts';
import { loadScenarioFile, resolveScenario } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/problems.ts';
import { buildScenario, runScenario, type RunResult } from '../../scenario/run.ts';
import type { ResolvedScenario } from '../../scenario/schema.ts';

const MM1K = { kind: 'mm1k', arrivalRateHz: 1e6, serviceRateHz: 1.25e6, queueCapacity: 16 };

function mm1(extra: Record<string, unknown> = {}): ResolvedScenario {
  return resolveScenario({ name: 'mm1', bounds: { simTimeNs: 200_000 }, workloads: [MM1K], ...extra }, 'mm1.json');
}

/** The first problem line of building `scenario`, or null if it builds. */
function buildProblem(scenario: ResolvedScenario): string | null {
  try {
    buildScenario(scenario, { file: 'f.json' });
    return null;
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.lines()[0];
  }
}

const SHIPPED = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json'))
  .map((f) => `scenarios/${f}`)
  .sort();
const DECLARING = SHIPPED.filter((file) => (JSON.parse(readFileSync(file, 'utf8')) as { expectOutcome?: unknown }).expectOutcome !== undefined);

for (const file of DECLARING) {
  test.serial(`${file} reproduces its declared outcome`, (t) => {
    const result = runScenario(loadScenarioFile(file), { file });
    t.truthy(result.expectation, `${file} declares expectOutcome but the run carries no verdict`);
    t.true(result.expectation!.reproduced, `${file}: expected ${result.expectation!.expected}, found ${result.expectation!.found}`);
    t.regex(formatReport(result, file), /^expected {5}reproduced: .+ \(.+\)$/m);
  });
}

test('the scenarios that demonstrate a known bug or failure mode declare their outcome', (t) => {
  for (const name of ['mana-5.15-no-page-frag-known-bad', 'xsk-mlx5-forced-zerocopy', 'xsk-cq-overflow-5.12', 'xsk-invalid-descs', 'xsk-link-flap', 'mana-dma-map-fail-4k']) {
    t.true(DECLARING.includes(`scenarios/${name}.json`), name);
  }
  const cq = loadScenarioFile('scenarios/xsk-cq-overflow-5.12.json').expectOutcome;
  t.like(cq, { status: 'violation', invariant: 'cq-submit-unreserved', kernelFn: 'xsk_destruct_skb' });
  t.deepEqual(loadScenarioFile('scenarios/xsk-mlx5-forced-zerocopy.json').expectOutcome?.metrics?.['xdpsock.eth1.5.12.64.wirePackets'], { equals: 0 });
});

test('every shipped scenario keeps "$schema" as its first field', (t) => {
  for (const file of SHIPPED) t.is(Object.keys(JSON.parse(readFileSync(file, 'utf8')))[0], '$schema', file);
});

// One real run, reused: judgeOutcome is pure, so each case only changes the declaration or the result.
const base = runScenario(mm1());
const served = base.metrics['mm1k.served'] as number;

function judge(expectOutcome: Record<string, unknown>, result: Partial<RunResult> = {}) {
  return judgeOutcome({ ...base.resolved, expectOutcome } as ResolvedScenario, { ...base, ...result });
}

const VIOLATION = { invariant: 'cq-submit-unreserved', kernelFn: 'xsk_destruct_skb', message: 'm', simTimeNs: 5, eventNumber: 9 } as unknown as RunResult['violation'];

test('judgeOutcome is null for a scenario that declares nothing, and the run carries no expectation', (t) => {
  t.is(judgeOutcome(base.resolved, base), null);
  t.false('expectation' in base);
  t.false(formatReport(base, 'mm1.json').includes('\nexpected '));
});

test('judgeOutcome: a matching status and metrics are reproduced, in words', (t) => {
  t.deepEqual(judge({ status: 'ok', metrics: { 'mm1k.served': { min: 1 }, 'mm1k.arrivals': { max: 1e9 } }, why: 'because' }), {
    reproduced: true,
    expected: 'ok with mm1k.served >= 1, mm1k.arrivals <= 1000000000',
    found: `ok with mm1k.served = ${served}, mm1k.arrivals = ${base.metrics['mm1k.arrivals']}`,
    why: 'because',
  });
  t.deepEqual(judge({ status: 'violation', invariant: 'cq-submit-unreserved', kernelFn: 'xsk_destruct_skb', why: 'w' }, { status: 'violation', violation: VIOLATION, metrics: {} }), {
    reproduced: true,
    expected: 'violation cq-submit-unreserved in xsk_destruct_skb',
    found: 'violation cq-submit-unreserved in xsk_destruct_skb',
    why: 'w',
  });
  t.true(judge({ status: 'liveness', why: 'w' }, { status: 'liveness', liveness: 'stuck' })!.reproduced);
});

test('judgeOutcome: each declared field that differs makes it not reproduced', (t) => {
  const notReproduced = (expectOutcome: Record<string, unknown>, result: Partial<RunResult> = {}) => {
    const verdict = judge({ why: 'w', ...expectOutcome }, result)!;
    t.false(verdict.reproduced, JSON.stringify(expectOutcome));
    return verdict.found;
  };
  t.is(notReproduced({ status: 'violation' }), 'ok');
  t.is(notReproduced({ status: 'ok' }, { status: 'violation', violation: VIOLATION }), 'violation cq-submit-unreserved in xsk_destruct_skb');
  t.is(notReproduced({ status: 'ok' }, { status: 'liveness', liveness: 'stuck' }), 'liveness');
  t.is(notReproduced({ status: 'violation', invariant: 'desc-completed-once' }, { status: 'violation', violation: VIOLATION }), 'violation cq-submit-unreserved in xsk_destruct_skb');
  t.is(notReproduced({ status: 'violation', kernelFn: 'xsk_build_skb' }, { status: 'violation', violation: VIOLATION }), 'violation cq-submit-unreserved in xsk_destruct_skb');
  t.is(notReproduced({ status: 'ok', metrics: { 'mm1k.served': { equals: served + 1 } } }), `ok with mm1k.served = ${served}`);
  t.is(notReproduced({ status: 'ok', metrics: { 'mm1k.served': { min: served + 1 } } }), `ok with mm1k.served = ${served}`);
  t.is(notReproduced({ status: 'ok', metrics: { 'mm1k.served': { max: served - 1 } } }), `ok with mm1k.served = ${served}`);
  // After a violation the metrics can be empty: a declared metric that is not there does not hold.
  t.is(notReproduced({ status: 'violation', metrics: { 'mm1k.served': { min: 0 } } }, { status: 'violation', violation: VIOLATION, metrics: {} }), 'violation cq-submit-unreserved in xsk_destruct_skb with mm1k.served not reported');
});

test('judgeOutcome: metric bounds are inclusive, equals is exact, and `name.key` reads an entry of an object metric', (t) => {
  const holds = (bound: Record<string, unknown>, metrics: RunResult['metrics'] = { 'm.x': 5 }) => judge({ status: 'ok', metrics: { 'm.x': bound }, why: 'w' }, { metrics })!.reproduced;
  t.true(holds({ min: 5 }));
  t.true(holds({ max: 5 }));
  t.true(holds({ min: 5, max: 5, equals: 5 }));
  t.false(holds({ min: 5.000001 }));
  t.false(holds({ max: 4.999999 }));
  t.false(holds({ equals: '5' }));
  t.true(holds({ equals: true }, { 'm.x': true }));
  t.true(holds({ equals: 'ubuntu-5.15' }, { 'm.x': 'ubuntu-5.15' }));
  t.false(holds({ min: 0 }, { 'm.x': 'ubuntu-5.15' }));
  t.true(holds({ equals: 2 }, { m: { x: 2, y: 0 } }));
  t.false(holds({ equals: 2 }, { m: { y: 2 } }));
  t.false(holds({ equals: 2 }, { 'm.x': { y: 2 } }));
  const verdict = judge({ status: 'ok', metrics: { 'e.errors.errorCqes': { min: 1 }, 'e.wire': { min: 0, max: 0 } }, why: 'w' }, { metrics: { 'e.errors': { errorCqes: 2 }, 'e.wire': 0 } })!;
  t.deepEqual([verdict.reproduced, verdict.expected, verdict.found], [true, 'ok with e.errors.errorCqes >= 1, 0 <= e.wire <= 0', 'ok with e.errors.errorCqes = 2, e.wire = 0']);
});

test('the report says NOT reproduced with what was expected and found', (t) => {
  const result: RunResult = { ...base, expectation: judge({ status: 'violation', invariant: 'cq-submit-unreserved', why: 'the bug is back' })! };
  const lines = formatReport(result, 'mm1.json').split('\n');
  const status = lines.findIndex((l) => l.startsWith('status '));
  t.true(lines[status].startsWith('status       ok'));
  t.is(lines[status + 1], 'expected     NOT reproduced: expected violation cq-submit-unreserved, found ok (the bug is back)');
});

test('a declaration never changes the run: same fingerprint, events and metrics', (t) => {
  const declared = runScenario(mm1({ expectOutcome: { status: 'ok', metrics: { 'mm1k.served': { min: 1 } }, why: 'w' } }));
  t.deepEqual([declared.fingerprint, declared.events, declared.metrics], [base.fingerprint, base.events, base.metrics]);
  t.true(declared.expectation?.reproduced);
});

test('an unknown metric name in expectOutcome is a scenario error naming $.expectOutcome.metrics["name"]', (t) => {
  const scenario = mm1({ expectOutcome: { status: 'ok', metrics: { 'mm1k.nope': { min: 1 } }, why: 'w' } });
  const error = t.throws(() => runScenario(scenario, { file: 'f.json' }), { instanceOf: ScenarioError });
  t.is(error.lines().length, 1);
  t.is(error.lines()[0], 'f.json: $.expectOutcome.metrics["mm1k.nope"]: expected one of mm1k.arrivals, mm1k.served, mm1k.dropped, mm1k.blockingProbability, mm1k.meanSojournNs, mm1k.meanQueueLength, mm1k.utilization, found "mm1k.nope"');
});

test('expectOutcome metrics must be among those outputs.metrics reports', (t) => {
  const scenario = mm1({ outputs: { metrics: ['mm1k.dropped'] }, expectOutcome: { status: 'ok', metrics: { 'mm1k.served': { min: 1 } }, why: 'w' } });
  t.is(buildProblem(scenario), 'f.json: $.expectOutcome.metrics["mm1k.served"]: expected one of mm1k.dropped, found "mm1k.served"');
});

test('an object metric is named by its entries, and bounds must fit the metric', (t) => {
  const flap = loadScenarioFile('scenarios/xsk-link-flap.json');
  const withMetrics = (metrics: Record<string, unknown>) => buildProblem({ ...flap, expectOutcome: { status: 'ok', metrics, why: 'w' } } as ResolvedScenario);
  t.is(withMetrics({ 'xdpsock.eth0.5.15.64.errors.devDownDrops': { min: 1 } }), null);
  t.regex(withMetrics({ 'xdpsock.eth0.5.15.64.errors': { min: 1 } })!, /^f\.json: \$\.expectOutcome\.metrics\["xdpsock\.eth0\.5\.15\.64\.errors"\]: expected a metric with one value, found an object metric: name one of its entries, one of xdpsock\.eth0\.5\.15\.64\.errors\.invalidDescs, /);
  t.regex(withMetrics({ 'xdpsock.eth0.5.15.64.errors.nope': { min: 1 } })!, /^f\.json: \$\.expectOutcome\.metrics\["xdpsock\.eth0\.5\.15\.64\.errors\.nope"\]: expected one of .*xdpsock\.eth0\.5\.15\.64\.errors\.devDownDrops, .*found "xdpsock\.eth0\.5\.15\.64\.errors\.nope"$/);
  const mana = loadScenarioFile('scenarios/mana-5.15-no-page-frag-known-bad.json');
  const manaProblem = (metrics: Record<string, unknown>) => buildProblem({ ...mana, expectOutcome: { status: 'ok', metrics, why: 'w' } } as ResolvedScenario);
  t.is(manaProblem({ 'mana-rx.variant': { min: 1 } }), 'f.json: $.expectOutcome.metrics["mana-rx.variant"].min: expected min only on a numeric metric, found "mana-rx.variant" is a string');
  t.is(manaProblem({ 'mana-rx.portUp': { equals: 1 } }), 'f.json: $.expectOutcome.metrics["mana-rx.portUp"].equals: expected a boolean (the type of "mana-rx.portUp"), found 1');
  t.is(manaProblem({ 'mana-rx.refillFailures': { min: 2, max: 1 } }), 'f.json: $.expectOutcome.metrics["mana-rx.refillFailures"].max: expected a number >= min (2), found 1');
});

test('invariant and kernelFn go with status violation only', (t) => {
  t.is(buildProblem(mm1({ expectOutcome: { status: 'ok', invariant: 'x', why: 'w' } })), 'f.json: $.expectOutcome.invariant: expected only with "status": "violation", found it with "status": "ok"');
  t.is(buildProblem(mm1({ expectOutcome: { status: 'liveness', kernelFn: 'f', why: 'w' } })), 'f.json: $.expectOutcome.kernelFn: expected only with "status": "violation", found it with "status": "liveness"');
  t.is(buildProblem(mm1({ expectOutcome: { status: 'violation', invariant: 'x', kernelFn: 'f', why: 'w' } })), null);
});

test('the schema holds expectOutcome to its shape: a status, a reason, closed bounds', (t) => {
  const problem = (expectOutcome: unknown): string => {
    const error = t.throws(() => mm1({ expectOutcome }), { instanceOf: ScenarioError });
    return error.lines()[0];
  };
  t.is(problem({ status: 'ok' }), 'mm1.json: $.expectOutcome.why: missing required field, expected non-empty string');
  t.is(problem({ status: 'fine', why: 'w' }), 'mm1.json: $.expectOutcome.status: expected one of "ok", "violation", "liveness", found "fine"');
  t.is(problem({ status: 'ok', why: 'w', metrics: { 'mm1k.served': { least: 1 } } }), 'mm1.json: $.expectOutcome.metrics["mm1k.served"].least: unknown field, expected one of: min, max, equals');
  t.is(problem({ status: 'ok', why: 'w', metrics: { 'mm1k.served': {} } }), 'mm1.json: $.expectOutcome.metrics["mm1k.served"]: expected a mm1k.served object with optional fields min, max, equals, found {}');
  t.is(problem({ status: 'ok', why: 'w', metrics: { 'mm1k.served': { equals: [1] } } }), 'mm1.json: $.expectOutcome.metrics["mm1k.served"].equals: expected number >= 0 or string or boolean, found [1]');
  t.regex(problem({ status: 'ok', why: 'x'.repeat(241) }), /^mm1\.json: \$\.expectOutcome\.why: expected non-empty string of at most 240 characters, found "x+\.\.\.$/);
});
