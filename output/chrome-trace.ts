/**
 * Chrome Trace Event JSON (the object form, `{"traceEvents":[…],"displayTimeUnit":"ns"}`)
 * that Perfetto and chrome://tracing open. An Observer: `span()` becomes a complete event
 * ('X'), `counter()` a counter event ('C'); frames are ignored (they go to pcap). It is
 * also the engine's TraceSink: every executed event becomes an instant event ('i') on the
 * track "events", named by its kind, with its number, seq and key fields as args, so one
 * file holds the whole trajectory beside the models' CPU spans and counters.
 *
 * Tracks: every track name becomes one thread, named by a metadata event ('M') the first time
 * it is seen. CPU tracks ('cpu0', 'cpu1', …) live in a process named "CPUs"; any other track
 * lives in a process named by the part before its first dot, so 'eth0.txq0' and 'eth0.rxq3'
 * sit together under "eth0". Counters sit in their track's process, named after the track, so
 * Perfetto shows "eth0.rxq0 ringOccupancy".
 *
 * Times are simulated ns; the format wants microseconds, written as ns / 1000 (exact to the
 * ns in a double for any run shorter than 100 days). Events are streamed to the sink
 * in batches, so memory is bounded by the number of tracks, not the number of events.
 *
 * "displayTimeUnit":"ns" is written last, as a display hint: chrome://tracing and current
 * Perfetto read `ts` as microseconds whatever it says. Older Perfetto trace processors took
 * it as the unit of `ts` when it appeared in the first chunk they read (a small file), which
 * would shrink every time 1000×; `displayTimeUnit: null` leaves the key out for those.
 */
import type { Observer } from '../engine/observer.ts';
import type { TraceSink } from '../engine/simulator.ts';
import type { ByteSink } from './byte-sink.ts';

interface TrackIds {
  pid: number;
  tid: number;
  lastTimeNs: number;
}

export interface ChromeTraceOptions {
  /** Characters buffered before a write to the sink. */
  chunkChars?: number;
  /** Display hint for viewers; null omits it (see the module header). Default 'ns'. */
  displayTimeUnit?: 'ns' | 'ms' | null;
}

const CPU_TRACK = /^cpu\d+$/;

export class ChromeTraceWriter implements Observer, TraceSink {
  eventsWritten = 0;
  /** Events whose time went backwards on their track; Perfetto sorts them, but a model may have a bug. */
  outOfOrderEvents = 0;
  private readonly sink: ByteSink;
  private readonly chunkChars: number;
  private readonly displayTimeUnit: 'ns' | 'ms' | null;
  private readonly tracks = new Map<string, TrackIds>();
  private readonly processes = new Map<string, number>();
  private readonly threadsPerProcess = new Map<number, number>();
  private pending: string[] = [];
  private pendingChars = 0;
  private first = true;
  private closed = false;

  constructor(sink: ByteSink, options: ChromeTraceOptions = {}) {
    this.sink = sink;
    this.chunkChars = options.chunkChars ?? 1 << 16;
    this.displayTimeUnit = options.displayTimeUnit === undefined ? 'ns' : options.displayTimeUnit;
    this.sink.write('{"traceEvents":[\n');
  }

  frame(): void {}

  span(track: string, name: string, startNs: number, durationNs: number): void {
    // Times are integer ns from the engine, but a duration may be a sum of fractional costs;
    // both print exactly enough as microseconds, so only nonsense is refused.
    if (!(Number.isFinite(startNs) && startNs >= 0 && Number.isFinite(durationNs) && durationNs >= 0)) {
      throw new RangeError(`ChromeTraceWriter.span: startNs and durationNs must be non-negative numbers, found ${startNs}, ${durationNs} on ${track}`);
    }
    const ids = this.track(track, startNs);
    this.emit(`{"ph":"X","pid":${ids.pid},"tid":${ids.tid},"ts":${startNs / 1000},"dur":${durationNs / 1000},"name":${JSON.stringify(name)}}`);
  }

  counter(track: string, name: string, timeNs: number, value: number): void {
    if (!(Number.isFinite(timeNs) && timeNs >= 0 && Number.isFinite(value))) {
      throw new RangeError(`ChromeTraceWriter.counter: timeNs must be a non-negative number and value finite, found ${timeNs}, ${value} on ${track}`);
    }
    const ids = this.track(`${track}\u0000${name}`, timeNs, track);
    this.emit(`{"ph":"C","pid":${ids.pid},"ts":${timeNs / 1000},"name":${JSON.stringify(track)},"args":{${JSON.stringify(name)}:${value}}}`);
  }

  /** One executed engine event, as an instant event on the "events" track. */
  event(eventNumber: number, timeNs: number, seq: number, kind: string, a: number, b: number): void {
    const ids = this.track('events', timeNs);
    this.emit(`{"ph":"i","s":"t","pid":${ids.pid},"tid":${ids.tid},"ts":${timeNs / 1000},"name":${JSON.stringify(kind)},"args":{"n":${eventNumber},"seq":${seq},"a":${a},"b":${b}}}`);
  }

  /** Ends the JSON document; `metadata` (seed, fingerprint, scenario) goes into "otherData". */
  close(metadata: Record<string, string | number | boolean> = {}): void {
    if (this.closed) throw new Error('ChromeTraceWriter.close: already closed');
    this.closed = true;
    this.flush();
    const unit = this.displayTimeUnit === null ? '' : `"displayTimeUnit":"${this.displayTimeUnit}",`;
    this.sink.write(`\n],${unit}"otherData":${JSON.stringify(metadata)}}\n`);
  }

  private track(key: string, timeNs: number, displayTrack = key): TrackIds {
    let ids = this.tracks.get(key);
    if (ids === undefined) {
      const processName = CPU_TRACK.test(displayTrack) ? 'CPUs' : displayTrack.split('.')[0];
      let pid = this.processes.get(processName);
      if (pid === undefined) {
        pid = this.processes.size + 1;
        this.processes.set(processName, pid);
        this.threadsPerProcess.set(pid, 0);
        this.emit(`{"ph":"M","pid":${pid},"tid":0,"name":"process_name","args":{"name":${JSON.stringify(processName)}}}`);
        this.emit(`{"ph":"M","pid":${pid},"tid":0,"name":"process_sort_index","args":{"sort_index":${pid}}}`);
      }
      const tid = (this.threadsPerProcess.get(pid) ?? 0) + 1;
      this.threadsPerProcess.set(pid, tid);
      ids = { pid, tid, lastTimeNs: timeNs };
      this.tracks.set(key, ids);
      if (displayTrack === key) {
        this.emit(`{"ph":"M","pid":${pid},"tid":${tid},"name":"thread_name","args":{"name":${JSON.stringify(displayTrack)}}}`);
        this.emit(`{"ph":"M","pid":${pid},"tid":${tid},"name":"thread_sort_index","args":{"sort_index":${tid}}}`);
      }
    }
    if (timeNs < ids.lastTimeNs) this.outOfOrderEvents++;
    else ids.lastTimeNs = timeNs;
    return ids;
  }

  private emit(json: string): void {
    if (this.closed) throw new Error('ChromeTraceWriter: event after close()');
    const line = this.first ? json : `,\n${json}`;
    this.first = false;
    this.pending.push(line);
    this.pendingChars += line.length;
    this.eventsWritten++;
    if (this.pendingChars >= this.chunkChars) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.sink.write(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }
}
