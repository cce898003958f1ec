import test from 'ava';
import type { FrameDirection, Observer } from '../../../engine/observer.ts';
import { loadScenarioFile } from '../../../scenario/load.ts';
import { runScenario, type RunResult } from '../../../scenario/run.ts';

/** Keeps what a run reports: frames per interface and direction, spans and counters per track and name. */
class RecordingObserver implements Observer {
  readonly frames = new Map<string, { count: number; bytes: number; flows: Set<number>; lastNs: number; nonInteger: number }>();
  readonly spans = new Map<string, { count: number; totalNs: number }>();
  readonly counters = new Map<string, { count: number; min: number; max: number }>();
  /** Events whose start went backwards on their track (a span track or a counter). */
  outOfOrder = 0;
  negative = 0;
  private readonly lastNs = new Map<string, number>();

  frame(timeNs: number, iface: string, direction: FrameDirection, lengthBytes: number, flowId: number): void {
    const key = `${iface} ${direction}`;
    let f = this.frames.get(key);
    if (f === undefined) this.frames.set(key, (f = { count: 0, bytes: 0, flows: new Set(), lastNs: 0, nonInteger: 0 }));
    f.count++;
    f.bytes += lengthBytes;
    f.flows.add(flowId);
    if (!Number.isSafeInteger(timeNs) || !Number.isSafeInteger(lengthBytes)) f.nonInteger++;
    f.lastNs = timeNs;
  }

  span(track: string, name: string, startNs: number, durationNs: number): void {
    const key = `${track} ${name}`;
    const s = this.spans.get(key) ?? { count: 0, totalNs: 0 };
    s.count++;
    s.totalNs += durationNs;
    this.spans.set(key, s);
    if (!(startNs >= 0 && durationNs >= 0)) this.negative++;
    this.ordered(track, startNs);
  }

  counter(track: string, name: string, timeNs: number, value: number): void {
    const key = `${track} ${name}`;
    const c = this.counters.get(key) ?? { count: 0, min: Infinity, max: -Infinity };
    c.count++;
    c.min = Math.min(c.min, value);
    c.max = Math.max(c.max, value);
    this.counters.set(key, c);
    this.ordered(`${key} (counter)`, timeNs);
  }

  private ordered(key: string, timeNs: number): void {
    if (timeNs < (this.lastNs.get(key) ?? 0)) this.outOfOrder++;
    else this.lastNs.set(key, timeNs);
  }
}

/** A scenario cut to `simTimeNs` of main phase, so the test stays fast. */
function runShort(name: string, simTimeNs: number, observer?: Observer): RunResult {
  const scenario = loadScenarioFile(new URL(`../../../scenarios/${name}.json`, import.meta.url).pathname);
  return runScenario({ ...scenario, bounds: { ...scenario.bounds, simTimeNs } }, { observer });
}

test('a MANA TCP run reports rx frames, CPU and queue spans and counters, and keeps its fingerprint', (t) => {
  const plain = runShort('mana-64k-frag-tcp', 5_000_000);
  const obs = new RecordingObserver();
  const observed = runShort('mana-64k-frag-tcp', 5_000_000, obs);
  t.is(plain.status, 'ok');
  t.is(observed.fingerprint, plain.fingerprint);
  t.is(observed.events, plain.events);
  t.deepEqual(observed.rngDraws, plain.rngDraws);

  // Every frame the device takes off the wire: 5 ms at the 30 Gbit/s link cap is ~12,000 frames of 1514 bytes.
  t.deepEqual([...obs.frames.keys()], ['eth0 rx']);
  const rx = obs.frames.get('eth0 rx')!;
  t.true(rx.count > 10_000, `${rx.count} rx frames`);
  t.is(rx.bytes, rx.count * 1514, 'MSS-sized TCP frames');
  t.deepEqual([...rx.flows], [0], 'one flow, on queue 0');
  t.is(rx.nonInteger, 0);

  // NAPI on cpu0 (queue 0), the application on cpu1; the driver and stack parts add up to the poll.
  const span = (key: string) => obs.spans.get(key) ?? { count: 0, totalNs: 0 };
  const polls = span('cpu0 napi_poll');
  t.true(polls.count > 100, `${polls.count} polls`);
  t.is(span('cpu0 mana_poll_rx_cq').count, polls.count);
  t.is(span('cpu0 mana_poll_rx_cq').totalNs + span('cpu0 napi_gro_receive').totalNs, polls.totalNs);
  t.true(span('cpu1 app_recv').count > 0);
  t.is(span('eth0.rxq0 irq_to_napi').count, polls.count, 'this flow never fills a poll budget: one interrupt per poll');
  t.true(span('eth0.rxq0 irq_to_napi').totalNs >= polls.count * 1000, 'irqDelayNs (1 us) at least');
  t.is(obs.negative, 0);
  t.is(obs.outOfOrder, 0, 'spans and counters move forward on every track');

  const counter = (name: string) => obs.counters.get(`eth0.rxq0 ${name}`)!;
  for (const name of ['buffersPosted', 'pp.allocCache', 'pp.ring', 'pp.inflight', 'sk_rmem_alloc', 'tcpWindowBytes']) {
    t.true(counter(name) !== undefined && counter(name).count > 0, name);
  }
  t.true(counter('buffersPosted').max <= 1024 && counter('buffersPosted').min > 0);
  t.true(counter('pp.inflight').min >= 31, 'the ring alone holds 31 pages of 34 fragments');
  t.true(counter('sk_rmem_alloc').max > 0 && counter('sk_rmem_alloc').min >= 0);
  t.true(counter('tcpWindowBytes').max > 0);
});

test('MANA UDP and reconfiguration runs keep their fingerprints under an observer', (t) => {
  // 22 ms of the reconfiguration scenario include its XDP attach at 20 ms (detach, queues re-created, attach).
  for (const [name, simTimeNs] of [['mana-64k-udp-bursty-frag', 3_000_000], ['mana-xdp-reconfig-4k', 22_000_000]] as const) {
    const plain = runShort(name, simTimeNs);
    const obs = new RecordingObserver();
    const observed = runShort(name, simTimeNs, obs);
    t.is(observed.fingerprint, plain.fingerprint, name);
    t.is(observed.status, plain.status, name);
    t.true((obs.frames.get('eth0 rx')?.count ?? 0) > 0, `${name}: rx frames`);
    t.true((obs.spans.get('cpu0 napi_poll')?.count ?? 0) > 0, `${name}: NAPI spans`);
    t.is(obs.negative, 0, name);
  }
});
