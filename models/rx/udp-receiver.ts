/**
 * UDP-like receiver: a datagram is queued unless the socket's receive memory already
 * exceeds sk_rcvbuf, in which case it is dropped (the "rcvbuf" drop cause, UDP_MIB_RCVBUFERRORS).
 *
 * Modelled: the admission test of __udp_enqueue_schedule_skb(): drop when sk_rmem_alloc >
 * sk_rcvbuf before charging, so memory may exceed sk_rcvbuf by at most one truesize.
 * Simplified: skb_condense() is not modelled (MANA RX skbs are linear, where it changes
 * nothing); no busylock.
 */
import type { SimClock } from '../../engine/violation.ts';
import { rcvQueuePush, type RcvQueue } from './rcv-queue.ts';

/** Mirrors __udp_enqueue_schedule_skb(), net/ipv4/udp.c (v6.x): true when queued, false when dropped. */
export function udpEnqueue(clock: SimClock, q: RcvQueue, skbId: number, lenBytes: number, truesizeBytes: number): boolean {
  if (q.rmemAllocBytes > q.rcvbufBytes) return false;
  if (q.count === q.capacity) return false;
  rcvQueuePush(clock, q, skbId, lenBytes, truesizeBytes);
  return true;
}
