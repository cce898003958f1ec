import test from 'ava';
import { MemorySink } from '../../output/byte-sink.ts';
import { ChromeTraceWriter } from '../../output/chrome-trace.ts';
import { combineObservers } from '../../output/multi-observer.ts';
import { PcapWriter } from '../../output/pcap.ts';
import { readPcap } from '../../output/pcap-read.ts';

interface TraceEvent {
  ph: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  name: string;
  args?: Record<string, unknown>;
}

function sampleTrace(chunkChars = 64): { doc: { traceEvents: TraceEvent[]; displayTimeUnit: string; otherData: Record<string, unknown> }; writer: ChromeTraceWriter } {
  const sink = new MemorySink();
  const writer = new ChromeTraceWriter(sink, { chunkChars });
  writer.span('cpu0', 'xsk_generic_xmit', 1000, 250);
  writer.span('eth0.txq0', 'virtnet_start_xmit', 1100, 99);
  writer.counter('eth0.rxq0', 'ringOccupancy', 1200, 17);
  writer.span('cpu1', 'napi_poll', 1500, 1001);
  writer.span('cpu0', 'xsk_generic_xmit', 2000, 250);
  writer.counter('eth0.rxq0', 'ringOccupancy', 2200, 16);
  writer.counter('eth0.rxq0', 'poolPages', 2200, 1024);
  writer.span('eth0.txq0', 'virtnet_start_xmit', 2100, 1);
  writer.close({ seed: 42, fingerprint: 'abc' });
  return { doc: JSON.parse(sink.toString()), writer };
}

test('chrome-trace: the document is the JSON object format with ns display unit and metadata', (t) => {
  const { doc, writer } = sampleTrace();
  t.is(doc.displayTimeUnit, 'ns');
  t.deepEqual(doc.otherData, { seed: 42, fingerprint: 'abc' });
  t.true(Array.isArray(doc.traceEvents));
  t.is(doc.traceEvents.length, writer.eventsWritten);
  for (const e of doc.traceEvents) {
    t.true(['M', 'X', 'C'].includes(e.ph));
    t.is(typeof e.pid, 'number');
    t.is(typeof e.name, 'string');
    if (e.ph === 'X') {
      t.is(typeof e.tid, 'number');
      t.is(typeof e.ts, 'number');
      t.is(typeof e.dur, 'number');
    }
    if (e.ph === 'C') {
      t.is(typeof e.ts, 'number');
      t.is(Object.values(e.args ?? {}).length, 1);
    }
  }
});

test('chrome-trace: one named thread per track, CPUs grouped in one process, queues by interface', (t) => {
  const { doc } = sampleTrace();
  const processes = new Map(doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args?.name]));
  const threads = doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [processes.get(e.pid), e.args?.name]);
  t.deepEqual(threads, [['CPUs', 'cpu0'], ['eth0', 'eth0.txq0'], ['CPUs', 'cpu1']]);
  // Every X event's (pid, tid) was named before it appears.
  const named = new Set<string>();
  for (const e of doc.traceEvents) {
    if (e.ph === 'M' && e.name === 'thread_name') named.add(`${e.pid}/${e.tid}`);
    if (e.ph === 'X') t.true(named.has(`${e.pid}/${e.tid}`));
    if (e.ph === 'C') t.true(processes.has(e.pid));
  }
});

test('chrome-trace: times are microseconds from integer ns and monotonic per track', (t) => {
  const { doc, writer } = sampleTrace();
  const spans = doc.traceEvents.filter((e) => e.ph === 'X');
  t.deepEqual(spans.map((e) => [e.ts, e.dur]), [[1, 0.25], [1.1, 0.099], [1.5, 1.001], [2, 0.25], [2.1, 0.001]]);
  const last = new Map<string, number>();
  for (const e of doc.traceEvents.filter((x) => x.ph !== 'M')) {
    const key = e.ph === 'X' ? `${e.pid}/${e.tid}` : `${e.pid}/${e.name}/${Object.keys(e.args ?? {})[0]}`;
    t.true((e.ts ?? 0) >= (last.get(key) ?? 0), `track ${key} goes back in time`);
    last.set(key, e.ts ?? 0);
  }
  t.is(writer.outOfOrderEvents, 0);
  const counters = doc.traceEvents.filter((e) => e.ph === 'C').map((e) => [e.name, e.ts, e.args]);
  t.deepEqual(counters, [['eth0.rxq0', 1.2, { ringOccupancy: 17 }], ['eth0.rxq0', 2.2, { ringOccupancy: 16 }], ['eth0.rxq0', 2.2, { poolPages: 1024 }]]);
});

test('chrome-trace: the display unit can be left out for old Perfetto trace processors', (t) => {
  const sink = new MemorySink();
  const writer = new ChromeTraceWriter(sink, { displayTimeUnit: null });
  writer.span('cpu0', 'x', 1000, 1);
  writer.close();
  const doc = JSON.parse(sink.toString());
  t.false('displayTimeUnit' in doc);
  t.is(doc.traceEvents.filter((e: TraceEvent) => e.ph === 'X')[0].ts, 1);
});

test('chrome-trace: streaming in small chunks and large chunks gives the same document', (t) => {
  t.deepEqual(sampleTrace(1).doc, sampleTrace(1 << 20).doc);
});

test('chrome-trace: events going back in time on a track are counted, not dropped', (t) => {
  const sink = new MemorySink();
  const writer = new ChromeTraceWriter(sink);
  writer.span('cpu0', 'outer', 500, 10);
  writer.span('cpu0', 'inner-reported-late', 400, 10);
  writer.close();
  t.is(writer.outOfOrderEvents, 1);
  t.is(JSON.parse(sink.toString()).traceEvents.filter((e: TraceEvent) => e.ph === 'X').length, 2);
  t.throws(() => writer.span('cpu0', 'x', 600, 1), { message: /after close/ });
  t.throws(() => new ChromeTraceWriter(new MemorySink()).span('cpu0', 'x', -1, 1), { instanceOf: RangeError, message: /non-negative/ });
  t.throws(() => new ChromeTraceWriter(new MemorySink()).counter('q', 'n', 1, Number.NaN), { instanceOf: RangeError, message: /finite/ });
});

test('multi-observer: fans frames, spans and counters out to every observer', (t) => {
  t.is(combineObservers([]), null);
  const traceSink = new MemorySink();
  const pcapSink = new MemorySink();
  const trace = new ChromeTraceWriter(traceSink);
  const pcap = new PcapWriter(pcapSink);
  t.is(combineObservers([trace]), trace);
  const both = combineObservers([trace, pcap]);
  if (both === null) return t.fail();
  both.frame(10, 'eth0', 'tx', 64, 1);
  both.span('cpu0', 'x', 10, 5);
  both.counter('eth0.txq0', 'completionRing', 12, 3);
  pcap.flush();
  trace.close();
  t.is(readPcap(pcapSink.toBuffer()).records.length, 1);
  t.is(JSON.parse(traceSink.toString()).traceEvents.filter((e: TraceEvent) => e.ph !== 'M').length, 2);
});
