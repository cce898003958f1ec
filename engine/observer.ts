/**
 * Observers see what a model does without being able to change it: frames on the wire
 * (pcap), spans of CPU work and counters (Perfetto). A run with or without an observer
 * executes the same events, draws the same random numbers and has the same fingerprint;
 * models only ever call an observer, never read from it.
 *
 * Models call through `sim.observer`, which is null unless the CLI asked for a trace, so the
 * cost on the hot path is one null check.
 */

export type FrameDirection = 'tx' | 'rx';

export interface Observer {
  /** A frame crossed the wire of `iface` at simulated time `timeNs`. */
  frame(timeNs: number, iface: string, direction: FrameDirection, lengthBytes: number, flowId: number): void;
  /** `track` (a CPU such as 'cpu0', or a queue such as 'eth0.txq0') was busy doing `name`. */
  span(track: string, name: string, startNs: number, durationNs: number): void;
  /** A sampled level: ring occupancy, pool pages, socket memory. */
  counter(track: string, name: string, timeNs: number, value: number): void;
}
