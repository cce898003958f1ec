export { Simulator, type EventHandler, type RunBounds, type RunOutcome, type RunStatus, type TraceSink, type SimulatorOptions } from './simulator.ts';
export { EventQueue } from './event-queue.ts';
export { Fingerprint } from './fingerprint.ts';
export { RandomStreams, RandomStream, EmpiricalDistribution } from './rng.ts';
export { RecentEvents, type RecordedEvent } from './recent-events.ts';
export { Violation, violate, DETACHED_CLOCK, type SimClock } from './violation.ts';
export type { Observer, FrameDirection } from './observer.ts';
