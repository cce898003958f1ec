import test from 'ava';
import type { FrameDirection, Observer } from '../../../engine/observer.ts';
import { loadScenarioFile } from '../../../scenario/load.ts';
import { runScenario, type RunResult } from '../../../scenario/run.ts';

/** Counts what a run reports per track and name, and checks that time never goes backwards on a track. */
class CountingObserver implements Observer {
  readonly counts = new Map<string, number>();
  readonly maxima = new Map<string, number>();
  outOfOrder = 0;
  private readonly lastNs = new Map<string, number>();

  frame(timeNs: number, iface: string, direction: FrameDirection): void {
    this.add(`frame ${iface} ${direction}`, timeNs, 0);
  }

  span(track: string, name: string, startNs: number, durationNs: number): void {
    this.add(`span ${track} ${name}`, startNs, durationNs);
    this.ordered(track, startNs);
  }

  counter(track: string, name: string, timeNs: number, value: number): void {
    this.add(`counter ${track} ${name}`, timeNs, value);
    this.ordered(`${track} ${name}`, timeNs);
  }

  private add(key: string, _timeNs: number, value: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.maxima.set(key, Math.max(this.maxima.get(key) ?? -Infinity, value));
  }

  private ordered(key: string, timeNs: number): void {
    if (timeNs < (this.lastNs.get(key) ?? 0)) this.outOfOrder++;
    else this.lastNs.set(key, timeNs);
  }
}

function run(name: string, observer?: Observer): RunResult {
  return runScenario(loadScenarioFile(new URL(`../../../scenarios/${name}.json`, import.meta.url).pathname), { observer });
}

test('xdpsock reports sendto spans, wire time, ring and socket counters, and keeps its fingerprint', (t) => {
  const plain = run('xsk-cq-small-5.19');
  const obs = new CountingObserver();
  const observed = run('xsk-cq-small-5.19', obs);
  t.is(observed.fingerprint, plain.fingerprint);
  t.is(observed.events, plain.events);
  const n = (key: string) => obs.counts.get(key) ?? 0;
  t.true(n('span cpu0 sendto') > 0);
  t.is(n('span cpu0 xsk_generic_xmit'), n('span cpu0 sendto'), 'xsk_generic_xmit runs inside every sendto');
  t.true(n('span cpu0 xdpsock_tx_only') > 0 && n('span cpu0 xdpsock_complete_tx') > 0);
  t.true(n('span eth0.txq0 wire') > 0);
  t.true(n('frame eth0 tx') > 0);
  for (const c of ['xskTxRing', 'xskCq', 'sk_wmem_alloc', 'txDescsInUse', 'skbsInFlight']) t.true(n(`counter eth0.txq0 ${c}`) > 0, c);
  // cqEntries 16: the completion ring (entries produced or reserved) never holds more than 16.
  t.true(obs.maxima.get('counter eth0.txq0 xskCq')! <= 16 && obs.maxima.get('counter eth0.txq0 xskCq')! > 0);
  t.true(obs.maxima.get('counter eth0.txq0 sk_wmem_alloc')! > 0);
  t.is(obs.outOfOrder, 0);
});

test('several xdpsock instances in one scenario are separate machines with their own tracks', (t) => {
  const obs = new CountingObserver();
  const observed = run('xsk-invalid-descs', obs);
  t.is(observed.fingerprint, run('xsk-invalid-descs').fingerprint);
  for (const key of ['eth0.5.12.64', 'eth0.5.15.64', 'eth0.6.6.64']) {
    t.true((obs.counts.get(`span ${key}.cpu0 sendto`) ?? 0) > 0, key);
    t.true((obs.counts.get(`counter ${key}.txq0 xskCq`) ?? 0) > 0, key);
  }
  t.false([...obs.counts.keys()].some((k) => k.startsWith('span cpu0 ')), 'no instance claims the bare cpu0');
  t.is(obs.outOfOrder, 0);
});
