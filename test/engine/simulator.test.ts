import test from 'ava';
import { Simulator, Violation, type TraceSink } from '../../engine/index.ts';

/** A simulator with one event kind that logs its payload `a`. */
function logging(seed = 1) {
  const sim = new Simulator({ seed });
  const log: number[] = [];
  const times: number[] = [];
  const LOG = sim.register('test.log', (a) => {
    log.push(a);
    times.push(sim.nowNs);
  });
  return { sim, log, times, LOG };
}

test('events run in time order whatever the scheduling order', (t) => {
  const { sim, log, times, LOG } = logging();
  for (const [time, id] of [[500, 5], [100, 1], [300, 3], [200, 2], [400, 4]]) sim.scheduleAt(time, LOG, id);
  const outcome = sim.run();
  t.deepEqual(log, [1, 2, 3, 4, 5]);
  t.deepEqual(times, [100, 200, 300, 400, 500]);
  t.deepEqual(outcome, { status: 'idle', nowNs: 500, events: 5 });
});

test('events at the same time run in insertion order, including ones scheduled while running', (t) => {
  const { sim, log, LOG } = logging();
  const CHAIN = sim.register('test.chain', (a) => {
    log.push(a);
    sim.schedule(0, LOG, a + 100);
  });
  sim.scheduleAt(50, LOG, 1);
  sim.scheduleAt(50, CHAIN, 2);
  sim.scheduleAt(50, LOG, 3);
  sim.scheduleAt(10, LOG, 0);
  sim.run();
  // 102 is scheduled at t=50 during event 2, after 3 was inserted: it runs after 3.
  t.deepEqual(log, [0, 1, 2, 3, 102]);
});

test('a cancelled event does not run and no longer counts as pending', (t) => {
  const { sim, log, LOG } = logging();
  sim.schedule(10, LOG, 1);
  sim.schedule(20, LOG, 2);
  const h = sim.lastHandle;
  sim.schedule(30, LOG, 3);
  sim.cancel(h);
  sim.cancel(h);
  t.is(sim.pendingEvents, 2);
  sim.run();
  t.deepEqual(log, [1, 3]);
  t.is(sim.pendingEvents, 0);
});

test('cancelling the earliest event lets the next one run first', (t) => {
  const { sim, log, LOG } = logging();
  sim.schedule(5, LOG, 1);
  const first = sim.lastHandle;
  sim.schedule(5, LOG, 2);
  sim.schedule(7, LOG, 3);
  sim.cancel(first);
  t.deepEqual(sim.run(), { status: 'idle', nowNs: 7, events: 2 });
  t.deepEqual(log, [2, 3]);
});

test('cancel of a handle never issued throws', (t) => {
  const { sim } = logging();
  t.throws(() => sim.cancel(0), { message: /no event with handle 0/ });
});

// Cancelling an event that already ran once left its seq in a cancelled set, so
// pendingEvents went negative and a bounded run reported 'idle' with an event pending.
test('cancelling an event that already ran changes nothing', (t) => {
  const { sim, LOG } = logging();
  sim.schedule(10, LOG, 1);
  const h = sim.lastHandle;
  sim.run();
  t.false(sim.cancel(h));
  t.is(sim.pendingEvents, 0);
  sim.schedule(490, LOG, 2);
  t.deepEqual(sim.run({ untilNs: 100 }), { status: 'time-limit', nowNs: 100, events: 1 });
});

test('untilNs: events at exactly untilNs run, later ones wait, and time advances to the bound', (t) => {
  const { sim, log, LOG } = logging();
  sim.scheduleAt(100, LOG, 1);
  sim.scheduleAt(200, LOG, 2);
  sim.scheduleAt(201, LOG, 3);
  t.deepEqual(sim.run({ untilNs: 200 }), { status: 'time-limit', nowNs: 200, events: 2 });
  t.deepEqual(log, [1, 2]);
  t.is(sim.pendingEvents, 1);
  t.deepEqual(sim.run(), { status: 'idle', nowNs: 201, events: 3 });
});

test('maxEvents counts events over the whole run and stops with event-limit', (t) => {
  const { sim, log, LOG } = logging();
  for (let i = 0; i < 10; i++) sim.schedule(i, LOG, i);
  t.deepEqual(sim.run({ maxEvents: 4 }), { status: 'event-limit', nowNs: 3, events: 4 });
  t.deepEqual(sim.run({ maxEvents: 4 }), { status: 'event-limit', nowNs: 3, events: 4 });
  t.deepEqual(sim.run({ maxEvents: 10 }), { status: 'idle', nowNs: 9, events: 10 });
  t.is(log.length, 10);
});

test('maxEvents reached exactly when the queue empties reports idle', (t) => {
  const { sim, LOG } = logging();
  sim.schedule(1, LOG);
  sim.schedule(2, LOG);
  t.is(sim.run({ maxEvents: 2 }).status, 'idle');
});

test('stop() returns after the current event with status stopped; run() resumes', (t) => {
  const { sim, log, LOG } = logging();
  const STOP = sim.register('test.stop', (a) => {
    log.push(a);
    sim.stop();
  });
  sim.schedule(1, LOG, 1);
  sim.schedule(2, STOP, 2);
  sim.schedule(3, LOG, 3);
  t.deepEqual(sim.run(), { status: 'stopped', nowNs: 2, events: 2 });
  t.deepEqual(log, [1, 2]);
  t.deepEqual(sim.run(), { status: 'idle', nowNs: 3, events: 3 });
});

test('an empty simulator is idle at time 0', (t) => {
  const { sim } = logging();
  t.deepEqual(sim.run({ untilNs: 1000 }), { status: 'idle', nowNs: 0, events: 0 });
});

test('scheduling in the past, at fractional times or an unknown kind is a Violation', (t) => {
  const { sim, LOG } = logging();
  sim.schedule(100, LOG);
  sim.run();
  t.throws(() => sim.scheduleAt(99, LOG), { instanceOf: Violation, message: /causality/ });
  t.throws(() => sim.schedule(1.5, LOG), { instanceOf: Violation });
  t.throws(() => sim.schedule(-1, LOG), { instanceOf: Violation });
  t.throws(() => sim.schedule(1, 99), { instanceOf: Violation, message: /known-kind/ });
});

test('registering many event kinds is linear: 200,000 distinct kinds get ids 0.., names kept, and a repeat still throws', (t) => {
  // The name lookup was Array.includes (quadratic: 20,000 workloads took 12 s); a Set keeps ids and names as they were.
  const sim = new Simulator({ seed: 1 });
  const start = process.hrtime.bigint();
  for (let i = 0; i < 200_000; i++) t.is(sim.register(`k${i}`, () => {}), i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  t.is(sim.kindName(0), 'k0');
  t.is(sim.kindName(199_999), 'k199999');
  t.throws(() => sim.register('k123456', () => {}), { message: /'k123456' is already registered/ });
  // Quadratic lookups would take minutes here; a generous bound keeps slow machines green.
  t.true(ms < 5000, `registering 200,000 kinds took ${ms.toFixed(0)} ms`);
});

test('registering an event kind twice throws', (t) => {
  const { sim } = logging();
  t.throws(() => sim.register('test.log', () => {}), { message: /already registered/ });
});

test('a Violation carries simulated time, event number and the mirrored function', (t) => {
  const sim = new Simulator({ seed: 1 });
  sim.addInvariant('count-nonneg', 'page_pool_put_page', () => 'count is -1');
  const BREAK = sim.register('test.break', () => sim.checkInvariants());
  sim.schedule(42, BREAK);
  const error = t.throws(() => sim.run(), { instanceOf: Violation });
  t.is(error.simTimeNs, 42);
  t.is(error.eventNumber, 1);
  t.is(error.kernelFn, 'page_pool_put_page');
  t.regex(error.message, /^count-nonneg: count is -1 \[in page_pool_put_page at t=42ns, event #1\]$/);
});

test('checkEveryEvent runs invariants after each event', (t) => {
  const sim = new Simulator({ seed: 1, checkEveryEvent: true });
  let level = 0;
  sim.addInvariant('level-small', 'test', () => (level < 3 ? null : `level ${level}`));
  const UP = sim.register('test.up', () => {
    level++;
    sim.schedule(1, UP);
  });
  sim.schedule(1, UP);
  const error = t.throws(() => sim.run({ maxEvents: 100 }), { instanceOf: Violation });
  t.is(error.eventNumber, 3);
});

test('the trace sink sees every event with its kind name and never changes the fingerprint', (t) => {
  const run = (withTrace: boolean) => {
    const { sim, LOG } = logging(9);
    const seen: string[] = [];
    const sink: TraceSink = { event: (n, time, seq, kind, a, b) => seen.push(`${n}@${time}#${seq} ${kind}(${a},${b})`) };
    if (withTrace) sim.trace = sink;
    const stream = sim.rng.stream('test.delays');
    const SELF = sim.register('test.self', (a) => {
      if (a < 20) sim.schedule(stream.uniformInt(0, 5), SELF, a + 1, a * 2);
    });
    sim.schedule(1, SELF, 0);
    sim.schedule(3, LOG, 7, 8);
    sim.run();
    return { fingerprint: sim.fingerprintHex(), seen };
  };
  const traced = run(true);
  t.is(traced.fingerprint, run(false).fingerprint);
  t.is(traced.seen.length, 22);
  t.is(traced.seen[0], '1@1#0 test.self(0,0)');
});

test('the fingerprint depends on time, payload, kind and random draws', (t) => {
  const fingerprint = (time: number, a: number, kind: 0 | 1, draws: number) => {
    const sim = new Simulator({ seed: 1 });
    const kinds = [sim.register('x', () => {}), sim.register('y', () => {})];
    for (let i = 0; i < draws; i++) sim.rng.stream('s').uniform();
    sim.schedule(time, kinds[kind], a);
    sim.run();
    return sim.fingerprintHex();
  };
  const base = fingerprint(10, 1, 0, 0);
  t.is(fingerprint(10, 1, 0, 0), base);
  t.regex(base, /^[0-9a-f]{16}$/);
  t.not(fingerprint(11, 1, 0, 0), base);
  t.not(fingerprint(10, 2, 0, 0), base);
  t.not(fingerprint(10, 1, 1, 0), base);
  t.not(fingerprint(10, 1, 0, 1), base);
  // Times above 2^32 ns keep their high bits.
  t.not(fingerprint(2 ** 32 + 10, 1, 0, 0), base);
});

test('fingerprintHex does not disturb the running fingerprint', (t) => {
  const { sim, LOG } = logging();
  sim.schedule(1, LOG);
  sim.schedule(2, LOG);
  sim.run({ maxEvents: 1 });
  const midway = sim.fingerprintHex();
  t.is(sim.fingerprintHex(), midway);
  sim.run();
  const { sim: other, LOG: L2 } = logging();
  other.schedule(1, L2);
  other.schedule(2, L2);
  other.run();
  t.is(sim.fingerprintHex(), other.fingerprintHex());
});

test('recentEvents keeps the last events, oldest first, with kind names', (t) => {
  const sim = new Simulator({ seed: 1, recentCapacity: 4 });
  const K = sim.register('test.k', () => {});
  for (let i = 0; i < 10; i++) sim.schedule(i * 10, K, i, 100 + i);
  sim.run();
  const recent = sim.recentEvents();
  t.deepEqual(
    recent.map((e) => [e.eventNumber, e.timeNs, e.kind, e.a, e.b]),
    [
      [7, 60, 'test.k', 6, 106],
      [8, 70, 'test.k', 7, 107],
      [9, 80, 'test.k', 8, 108],
      [10, 90, 'test.k', 9, 109],
    ],
  );
});
