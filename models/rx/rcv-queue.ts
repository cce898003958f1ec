/**
 * A socket receive queue with receive-memory accounting: skbs are charged to
 * sk_rmem_alloc by truesize when queued and uncharged when the reader frees them.
 *
 * Modelled: skb_set_owner_r() / sock_rfree() accounting, a FIFO sk_receive_queue.
 * Simplified: no sk_forward_alloc / memory-pressure quanta (SK_MEM_QUANTUM), no backlog
 * queue (the reader never holds the socket lock while softirq delivers).
 * Storage is typed arrays indexed by a ring position: queueing allocates nothing.
 */
import { violate, type SimClock } from '../../engine/violation.ts';

export interface RcvQueue {
  readonly capacity: number;
  rcvbufBytes: number;
  rmemAllocBytes: number;
  peakRmemAllocBytes: number;
  readonly skbIds: Int32Array;
  readonly lens: Int32Array;
  readonly truesizes: Int32Array;
  head: number;
  count: number;
  /** Length and truesize of the skb returned by the last rcvQueuePop(). */
  poppedLenBytes: number;
  poppedTruesizeBytes: number;
}

export function createRcvQueue(rcvbufBytes: number, capacity: number): RcvQueue {
  if (!(Number.isSafeInteger(rcvbufBytes) && rcvbufBytes > 0)) throw new RangeError(`createRcvQueue: rcvbufBytes ${rcvbufBytes} must be a positive integer`);
  if (!(Number.isSafeInteger(capacity) && capacity > 0)) throw new RangeError(`createRcvQueue: capacity ${capacity} must be a positive integer`);
  return {
    capacity,
    rcvbufBytes,
    rmemAllocBytes: 0,
    peakRmemAllocBytes: 0,
    skbIds: new Int32Array(capacity),
    lens: new Int32Array(capacity),
    truesizes: new Int32Array(capacity),
    head: 0,
    count: 0,
    poppedLenBytes: 0,
    poppedTruesizeBytes: 0,
  };
}

/** Mirrors skb_set_owner_r() + __skb_queue_tail(), include/net/sock.h (v6.x). */
export function rcvQueuePush(clock: SimClock, q: RcvQueue, skbId: number, lenBytes: number, truesizeBytes: number): void {
  if (q.count === q.capacity) violate(clock, 'skb_queue_tail', 'rcv-queue-bounded', `receive queue holds ${q.count} skbs, its capacity`);
  const i = (q.head + q.count) % q.capacity;
  q.skbIds[i] = skbId;
  q.lens[i] = lenBytes;
  q.truesizes[i] = truesizeBytes;
  q.count++;
  q.rmemAllocBytes += truesizeBytes;
  if (q.rmemAllocBytes > q.peakRmemAllocBytes) q.peakRmemAllocBytes = q.rmemAllocBytes;
}

/** Dequeues the oldest skb and uncharges it. Mirrors __skb_unlink() + sock_rfree(), net/core/sock.c (v6.x). */
export function rcvQueuePop(clock: SimClock, q: RcvQueue): number {
  if (q.count === 0) violate(clock, 'sock_rfree', 'rcv-queue-nonempty', 'pop from an empty receive queue');
  const i = q.head;
  q.head = (q.head + 1) % q.capacity;
  q.count--;
  q.poppedLenBytes = q.lens[i];
  q.poppedTruesizeBytes = q.truesizes[i];
  q.rmemAllocBytes -= q.truesizes[i];
  if (q.rmemAllocBytes < 0) violate(clock, 'sock_rfree', 'rmem-nonneg', `sk_rmem_alloc went negative (${q.rmemAllocBytes})`);
  return q.skbIds[i];
}

/** Length of the oldest queued skb (the reader's next read). */
export function rcvQueuePeekLen(q: RcvQueue): number {
  return q.lens[q.head];
}
