/**
 * The discrete-event simulator: a clock in integer nanoseconds, a pending-event queue
 * ordered by (time, insertion sequence), named random streams, a trajectory fingerprint,
 * a ring of recent events and invariant hooks. It knows nothing of NICs.
 *
 * Events are (kind, a, b): `kind` indexes a handler registered once per model, `a` and `b`
 * are the model's key fields (a queue index, a buffer id). Handlers are plain functions
 * looked up by index, so scheduling allocates no closure. Every executed event is mixed
 * into the fingerprint as (time, seq, kind, a, b); output options never touch it.
 */
import { EventQueue, handleSeq } from './event-queue.ts';
import { Fingerprint } from './fingerprint.ts';
import { RandomStreams } from './rng.ts';
import { RecentEvents, type RecordedEvent } from './recent-events.ts';
import { Violation, type SimClock } from './violation.ts';
import type { Observer } from './observer.ts';

export type EventHandler = (a: number, b: number) => void;

/** Observes every executed event (full trace files); never affects the run. */
export interface TraceSink {
  event(eventNumber: number, timeNs: number, seq: number, kind: string, a: number, b: number): void;
}

export interface RunBounds {
  /** Stop before executing any event later than this simulated time. */
  untilNs?: number;
  /** Stop after executing this many events in total. */
  maxEvents?: number;
}

export type RunStatus = 'idle' | 'time-limit' | 'event-limit' | 'stopped';

export interface RunOutcome {
  status: RunStatus;
  nowNs: number;
  events: number;
}

interface Invariant {
  name: string;
  kernelFn: string;
  /** Returns null when the invariant holds, else a description of the breach. */
  check: () => string | null;
}

export interface SimulatorOptions {
  seed: number;
  /** Run every registered invariant after every event (property tests). */
  checkEveryEvent?: boolean;
  recentCapacity?: number;
}

export class Simulator implements SimClock {
  nowNs = 0;
  eventNumber = 0;
  readonly rng: RandomStreams;
  readonly fingerprint = new Fingerprint();
  readonly recent: RecentEvents;
  checkEveryEvent: boolean;
  trace: TraceSink | null = null;
  /** Frames, spans and counters for pcap and Perfetto output; null unless asked for. */
  observer: Observer | null = null;

  private readonly queue = new EventQueue();
  private readonly handlers: EventHandler[] = [];
  private readonly kindNames: string[] = [];
  /** The same names as a set, so registering n kinds costs O(n), not O(n^2) (20,000 workloads register 40,000). */
  private readonly kindNameSet = new Set<string>();
  private readonly invariants: Invariant[] = [];
  private nextSeq = 0;
  private stopRequested = false;

  constructor(options: SimulatorOptions) {
    this.rng = new RandomStreams(options.seed);
    this.checkEveryEvent = options.checkEveryEvent ?? false;
    this.recent = new RecentEvents(options.recentCapacity ?? 64);
  }

  /** Registers an event kind; the returned id is what schedule() takes. */
  register(kindName: string, handler: EventHandler): number {
    if (this.kindNameSet.has(kindName)) throw new Error(`Simulator.register: event kind '${kindName}' is already registered`);
    this.handlers.push(handler);
    this.kindNames.push(kindName);
    this.kindNameSet.add(kindName);
    return this.handlers.length - 1;
  }

  kindName(kind: number): string {
    return this.kindNames[kind] ?? `#${kind}`;
  }

  /** Schedules an event delayNs after now; its handle for cancel() is then in lastHandle. */
  schedule(delayNs: number, kind: number, a = 0, b = 0): void {
    this.scheduleAt(this.nowNs + delayNs, kind, a, b);
  }

  /**
   * The handle of the event scheduled last, for cancel(). Scheduling returns nothing because
   * a handle is a double above the small-integer range, and returning one from a call that
   * is not inlined allocates on every event; most events are never cancelled.
   */
  get lastHandle(): number {
    return this.queue.lastHandle;
  }

  /**
   * Schedules an event at an absolute time. The time must be a safe integer no earlier than
   * now (causality); the check is one comparison chain on the hot path.
   */
  scheduleAt(timeNs: number, kind: number, a = 0, b = 0): void {
    if (!(timeNs >= this.nowNs && timeNs <= Number.MAX_SAFE_INTEGER && Math.floor(timeNs) === timeNs)) {
      throw new Violation(this, 'Simulator.scheduleAt', 'causality', `event time ${timeNs} is not an integer number of ns at or after now (${this.nowNs})`);
    }
    if (!(kind >= 0 && kind < this.handlers.length)) {
      throw new Violation(this, 'Simulator.scheduleAt', 'known-kind', `event kind ${kind} is not registered`);
    }
    this.queue.push(timeNs, this.nextSeq++, kind, a, b);
  }

  /**
   * Cancels a scheduled event. A handle whose event already ran or was already cancelled is
   * ignored (returns false), like ns-3's EventId::Cancel on an expired event; a handle that
   * was never issued is a programming error.
   */
  cancel(handle: number): boolean {
    if (!(handle >= 0 && handleSeq(handle) < this.nextSeq)) throw new Error(`Simulator.cancel: no event with handle ${handle}`);
    return this.queue.cancel(handle);
  }

  get pendingEvents(): number {
    return this.queue.length;
  }

  /** Asks run() to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  addInvariant(name: string, kernelFn: string, check: () => string | null): void {
    this.invariants.push({ name, kernelFn, check });
  }

  /** Runs every registered invariant; throws the first Violation. */
  checkInvariants(): void {
    for (const inv of this.invariants) {
      const problem = inv.check();
      if (problem !== null) throw new Violation(this, inv.kernelFn, inv.name, problem);
    }
  }

  /**
   * Executes events in (time, seq) order until the queue is idle, a bound is reached or
   * stop() is called. A bound is reported in the status, never by hanging.
   */
  run(bounds: RunBounds = {}): RunOutcome {
    const untilNs = bounds.untilNs ?? Infinity;
    const maxEvents = bounds.maxEvents ?? Infinity;
    const queue = this.queue;
    const handlers = this.handlers;
    const fp = this.fingerprint;
    this.stopRequested = false;
    let status: RunStatus = 'idle';
    for (;;) {
      if (this.stopRequested) {
        status = 'stopped';
        break;
      }
      if (this.eventNumber >= maxEvents) {
        status = queue.length > 0 ? 'event-limit' : 'idle';
        break;
      }
      if (!queue.popUntil(untilNs)) {
        if (queue.length > 0) {
          this.nowNs = untilNs;
          status = 'time-limit';
        }
        break;
      }
      const time = queue.poppedTime;
      const seq = queue.poppedSeq;
      const kind = queue.poppedKind;
      const a = queue.poppedA;
      const b = queue.poppedB;
      this.nowNs = time;
      this.eventNumber++;
      fp.mixEvent(time, seq, kind, a, b);
      this.recent.record(time, seq, kind, a, b);
      if (this.trace !== null) this.trace.event(this.eventNumber, time, seq, this.kindNames[kind], a, b);
      handlers[kind](a, b);
      if (this.checkEveryEvent) this.checkInvariants();
    }
    return { status, nowNs: this.nowNs, events: this.eventNumber };
  }

  /** The fingerprint of the trajectory so far, including the number of random draws. */
  fingerprintHex(): string {
    const copy = this.fingerprint.clone();
    copy.mix(this.rng.totalDraws());
    return copy.hex();
  }

  recentEvents(): RecordedEvent[] {
    return this.recent.snapshot(this.kindNames);
  }
}
