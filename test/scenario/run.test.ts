import test from 'ava';
import fc from 'fast-check';
import { Type } from '@sinclair/typebox';
import { violate, type TraceSink } from '../../engine/index.ts';
import { resolveScenario } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/problems.ts';
import { buildScenario, runScenario } from '../../scenario/run.ts';
import type { ResolvedScenario } from '../../scenario/schema.ts';
import { defineWorkload, type RunnableModel, type WorkloadModule } from '../../scenario/workload-module.ts';
import { WORKLOADS } from '../../scenario/workloads/index.ts';

const MM1K = { kind: 'mm1k', arrivalRateHz: 1e6, serviceRateHz: 1.25e6, queueCapacity: 16 };

function scenario(extra: Record<string, unknown> = {}, bounds: Record<string, unknown> = {}): ResolvedScenario {
  return resolveScenario({ name: 'test', bounds: { simTimeNs: 2_000_000, ...bounds }, workloads: [MM1K], ...extra }, 'test.json');
}

/**
 * Test-only workload `ticker`: a timer every periodNs that counts ticks. Knobs make it break
 * an invariant at a given tick, ignore drain(), or report a leak; none of this ships.
 */
const tickerSchema = Type.Object({
  kind: Type.Literal('ticker'),
  periodNs: Type.Integer({ minimum: 1 }),
  ticks: Type.Integer({ minimum: 0 }),
  violateAtTick: Type.Integer({ default: -1 }),
  ignoreDrain: Type.Boolean({ default: false }),
  leak: Type.Boolean({ default: false }),
});
const ticker = defineWorkload({
  kind: 'ticker',
  schema: tickerSchema,
  build({ sim, workload, index }): RunnableModel {
    let count = 0;
    let draining = false;
    const actions: string[] = [];
    const TICK = sim.register(`test.ticker.w${index}`, () => {
      count++;
      if (count === workload.violateAtTick) violate(sim, 'ticker_tick', 'ticker-below-limit', `tick ${count} reached the limit`);
      if ((!draining || workload.ignoreDrain) && (workload.ticks === 0 || count < workload.ticks)) sim.schedule(workload.periodNs, TICK);
    });
    return {
      start: () => void sim.schedule(workload.periodNs, TICK),
      metrics: () => ({ ticks: count, actions: actions.join(',') }),
      report: () => `ticker: ${count} ticks`,
      drain: () => void (draining = true),
      checkQuiescent: () => (workload.leak ? `${count} ticks never returned` : null),
      actions: ['link-down', 'link-up'],
      onAction: (fault) => void actions.push(`${fault.action}@${sim.nowNs}`),
    };
  },
});
const REGISTRY: readonly WorkloadModule[] = [...WORKLOADS, ticker];

/** A resolved scenario with one ticker workload (built by hand: the shipped schema has no ticker). */
function tickerScenario(workload: Record<string, unknown>, bounds: Partial<ResolvedScenario['bounds']> = {}, extra: Partial<ResolvedScenario> = {}): ResolvedScenario {
  const base = scenario();
  return {
    ...base,
    bounds: { ...base.bounds, ...bounds },
    workloads: [{ kind: 'ticker', violateAtTick: -1, ignoreDrain: false, leak: false, ...workload }],
    ...extra,
  };
}

test('an mm1k scenario runs to its horizon, drains and reports', (t) => {
  const result = runScenario(scenario());
  t.is(result.status, 'ok');
  t.is(result.mainPhase, 'time-limit');
  t.true(result.simTimeNs >= 2_000_000);
  t.is(result.metrics['mm1k.arrivals'], (result.metrics['mm1k.served'] as number) + (result.metrics['mm1k.dropped'] as number));
  t.regex(result.fingerprint, /^[0-9a-f]{16}$/);
  t.is(result.reports.length, 1);
  t.regex(result.reports[0], /M\/M\/1\/K rho=0\.8000 K=16/);
  t.deepEqual(Object.keys(result.rngDraws), ['queueing.mm1k.w0.arrivals', 'queueing.mm1k.w0.service']);
  t.is(result.recentEvents.length, 64);
  t.is(result.violation, undefined);
  t.is(result.liveness, undefined);
});

test('the seed option overrides the scenario seed; the same seed reproduces the fingerprint', (t) => {
  const s = scenario();
  const a = runScenario(s);
  t.is(a.seed, 1);
  t.is(runScenario(s).fingerprint, a.fingerprint);
  const b = runScenario(s, { seed: 2 });
  t.is(b.seed, 2);
  t.not(b.fingerprint, a.fingerprint);
});

test('a trace sink and checkEveryEvent do not change the fingerprint', (t) => {
  const s = scenario();
  let traced = 0;
  const sink: TraceSink = { event: () => void traced++ };
  const plain = runScenario(s);
  const observed = runScenario(s, { trace: sink, checkEveryEvent: true, onProgress: () => {} });
  t.is(observed.fingerprint, plain.fingerprint);
  t.is(traced, plain.events);
});

test('property: trace sink, progress callback and checkEveryEvent never change the fingerprint', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 8 }), (load, seed, capacity) => {
      const s = scenario({ workloads: [{ ...MM1K, arrivalRateHz: load * 50_000, queueCapacity: capacity }] }, { simTimeNs: 200_000 });
      const plain = runScenario(s, { seed });
      let traced = 0;
      const observed = runScenario(s, { seed, trace: { event: () => void traced++ }, checkEveryEvent: true, onProgress: () => {} });
      return observed.fingerprint === plain.fingerprint && traced === plain.events && observed.status === 'ok';
    }),
    { numRuns: 40, seed: 7 },
  );
  t.pass();
});

test('two workloads of the same kind get distinct labels and event kinds', (t) => {
  const result = runScenario(scenario({ workloads: [MM1K, { ...MM1K, queueCapacity: 2 }] }));
  t.is(result.status, 'ok');
  t.true('mm1k#0.arrivals' in result.metrics && 'mm1k#1.arrivals' in result.metrics);
});

test('outputs.metrics selects metrics; an unknown name is a scenario error before the run', (t) => {
  const result = runScenario(scenario({ outputs: { metrics: ['mm1k.dropped', 'mm1k.utilization'] } }));
  t.deepEqual(Object.keys(result.metrics), ['mm1k.dropped', 'mm1k.utilization']);
  const error = t.throws(() => runScenario(scenario({ outputs: { metrics: ['mm1k.nope'] } }), { file: 'f.json' }), { instanceOf: ScenarioError });
  t.is(error.lines()[0], 'f.json: $.outputs.metrics[0]: expected one of mm1k.arrivals, mm1k.served, mm1k.dropped, mm1k.blockingProbability, mm1k.meanSojournNs, mm1k.meanQueueLength, mm1k.utilization, found "mm1k.nope"');
});

test('a Violation raised by a model becomes status violation with where and when', (t) => {
  const result = runScenario(tickerScenario({ periodNs: 100, ticks: 0, violateAtTick: 7 }), { workloads: REGISTRY });
  t.is(result.status, 'violation');
  t.like(result.violation, { invariant: 'ticker-below-limit', kernelFn: 'ticker_tick', simTimeNs: 700, eventNumber: 7 });
  t.is(result.events, 7);
  t.is(result.recentEvents.at(-1)?.kind, 'test.ticker.w0');
  t.is(result.metrics['ticker.ticks'], 7);
});

test('expect quiescence: going idle in time is ok, a pending event at the horizon is a liveness failure', (t) => {
  const quiet = runScenario(tickerScenario({ periodNs: 100, ticks: 5 }, { expect: 'quiescence' }), { workloads: REGISTRY });
  t.is(quiet.status, 'ok');
  t.is(quiet.mainPhase, 'idle');
  const busy = runScenario(tickerScenario({ periodNs: 100, ticks: 0 }, { expect: 'quiescence', simTimeNs: 1000 }), { workloads: REGISTRY });
  t.is(busy.status, 'liveness');
  t.is(busy.liveness, 'expected quiescence within simTimeNs 1000, but 1 event still pending after 10 events');
  t.is(busy.simTimeNs, 1000);
});

test('expect horizon: running out of events before the horizon is a liveness failure', (t) => {
  const result = runScenario(tickerScenario({ periodNs: 100, ticks: 0 }, { simTimeNs: 1_000_000, maxEvents: 50 }), { workloads: REGISTRY });
  t.is(result.status, 'liveness');
  t.is(result.mainPhase, 'event-limit');
  t.is(result.events, 50);
  t.is(result.liveness, 'maxEvents 50 reached at t=5000ns before the horizon simTimeNs 1000000, 1 event pending');
});

test('a drain that does not reach quiescence within drainTimeNs is a liveness failure', (t) => {
  const result = runScenario(tickerScenario({ periodNs: 100, ticks: 0, ignoreDrain: true }, { simTimeNs: 1000, drainTimeNs: 500 }), { workloads: REGISTRY });
  t.is(result.status, 'liveness');
  t.is(result.simTimeNs, 1500);
  t.is(result.liveness, 'the drain did not reach quiescence: 1 event still pending at t=1500ns after 15 events (drainTimeNs 500 reached)');
});

test('a leak found after the drain is a violation of quiescent-after-drain', (t) => {
  const result = runScenario(tickerScenario({ periodNs: 100, ticks: 0, leak: true }, { simTimeNs: 1000 }), { workloads: REGISTRY });
  t.is(result.status, 'violation');
  t.like(result.violation, { invariant: 'quiescent-after-drain', kernelFn: 'ticker.checkQuiescent', message: 'quiescent-after-drain: 11 ticks never returned [in ticker.checkQuiescent at t=1100ns, event #11]' });
});

test('`at` faults reach the models that perform the action, at their time', (t) => {
  const s = tickerScenario({ periodNs: 100, ticks: 3 }, {}, {
    faults: [
      { kind: 'at', timeNs: 250, action: 'link-down' },
      { kind: 'at', timeNs: 250, action: 'link-up' },
    ],
  });
  const result = runScenario(s, { workloads: REGISTRY });
  t.is(result.status, 'ok');
  t.is(result.metrics['ticker.actions'], 'link-down@250,link-up@250');
});

test('an `at` action no workload performs is a scenario error', (t) => {
  const s = scenario({ faults: [{ kind: 'at', timeNs: 5, action: 'xdp-attach' }] });
  const error = t.throws(() => buildScenario(s, { file: 'f.json' }), { instanceOf: ScenarioError });
  t.deepEqual(error.lines(), ['f.json: $.faults[0].action: no workload in this scenario performs "xdp-attach"']);
});

test('a builder rejecting its configuration with a RangeError is a scenario error naming the workload', (t) => {
  const picky = defineWorkload({
    kind: 'picky',
    schema: Type.Object({ kind: Type.Literal('picky') }),
    build(): RunnableModel {
      throw new RangeError('picky: this combination of knobs is not supported');
    },
  });
  const s = { ...scenario(), workloads: [{ kind: 'picky' }] };
  t.throws(() => buildScenario(s, { file: 'f.json', workloads: [picky] }), {
    instanceOf: ScenarioError,
    message: 'f.json: $.workloads[0]: picky: this combination of knobs is not supported',
  });
});

test('an unknown workload kind at build time is a scenario error', (t) => {
  const s = tickerScenario({ periodNs: 1, ticks: 1 });
  t.throws(() => buildScenario(s, { file: 'f.json' }), { instanceOf: ScenarioError, message: 'f.json: $.workloads[0].kind: no workload module for "ticker"' });
});
