/**
 * Fans one observer hook out to several writers (a pcap and a Perfetto trace from the same
 * run). Returns null for no observers, so the simulator keeps its one-null-check fast path,
 * and the observer itself when there is only one.
 */
import type { FrameDirection, Observer } from '../engine/observer.ts';

export function combineObservers(observers: readonly Observer[]): Observer | null {
  if (observers.length === 0) return null;
  if (observers.length === 1) return observers[0];
  const list = [...observers];
  return {
    frame(timeNs: number, iface: string, direction: FrameDirection, lengthBytes: number, flowId: number): void {
      for (const o of list) o.frame(timeNs, iface, direction, lengthBytes, flowId);
    },
    span(track: string, name: string, startNs: number, durationNs: number): void {
      for (const o of list) o.span(track, name, startNs, durationNs);
    },
    counter(track: string, name: string, timeNs: number, value: number): void {
      for (const o of list) o.counter(track, name, timeNs, value);
    },
  };
}
