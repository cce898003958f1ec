/**
 * TCP-like receiver: in-order segments are charged to the socket by truesize and queued for
 * the reader; every segment is answered with an ACK carrying rcv_nxt and the right edge of
 * the advertised window.
 *
 * Modelled: the scaling_ratio measurement (v6.6+), tcp_win_from_space(), rcv_ssthresh
 * growth (tcp_grow_window), the zero-window and never-shrink rules of tcp_select_window(), the out-of-window and receive-memory drops
 * of tcp_data_queue() (SKB_DROP_REASON_TCP_ZEROWINDOW / tcp_try_rmem_schedule() failure).
 * Simplified: no out-of-order queue (a segment after a hole is discarded, the sender goes
 * back N); no tcp_prune_queue()/tcp_collapse() (a segment that finds sk_rmem_alloc over
 * sk_rcvbuf is dropped where the kernel would first try to collapse); one ACK per segment
 * (no delayed ACK); no GRO (each frame is its own skb, so truesize sums per frame).
 */
import type { SimClock } from '../../engine/violation.ts';
import type { KernelRef } from '../kernel/kernel-of.ts';
import { rcvQueuePush, type RcvQueue } from './rcv-queue.ts';
import { TCP_DEFAULT_SCALING_RATIO, tcpFreeWindow, tcpGrowWindow, tcpScalingRatio, tcpWinFromSpace, usesScalingRatio } from './tcp-window.ts';

/** TCP_DEFAULT_INIT_RCVWND: rcv_ssthresh starts at 10 segments (tcp_select_initial_window). */
export const TCP_INIT_RCVWND_SEGMENTS = 10;

export const TCP_RX_QUEUED = 0;
export const TCP_RX_OUT_OF_ORDER = 1;
export const TCP_RX_OUT_OF_WINDOW = 2;
export const TCP_RX_RCVBUF = 3;
export type TcpRxResult = 0 | 1 | 2 | 3;

export interface TcpReceiver {
  readonly version: KernelRef;
  /** v6.6+: scaling_ratio measured per segment (usesScalingRatio, resolved once). */
  readonly measuresScalingRatio: boolean;
  readonly mssBytes: number;
  readonly queue: RcvQueue;
  rcvNxt: number;
  /** rcv_wup + rcv_wnd: the highest sequence the peer may send; never retreats. */
  rightEdge: number;
  scalingRatio: number;
  /** tp->rcv_ssthresh: the window offered never exceeds it; tcp_grow_window() raises it. */
  rcvSsthreshBytes: number;
  /** tp->window_clamp = tcp_win_from_space(sk_rcvbuf), recomputed when scaling_ratio changes. */
  windowClampBytes: number;
  /** Set when a segment after a hole was discarded; the next ACK tells the sender to go back. */
  holeSignalled: boolean;
  /** rcv_nxt at the last signalled hole: a hole is signalled once, so stale segments do not rewind the sender twice. */
  holeAtSeq: number;
  lastAdvertisedWindowBytes: number;
  zeroWindowAdverts: number;
}

export function createTcpReceiver(version: KernelRef, mssBytes: number, queue: RcvQueue): TcpReceiver {
  const rx: TcpReceiver = { version, measuresScalingRatio: usesScalingRatio(version), mssBytes, queue, rcvNxt: 0, rightEdge: 0, scalingRatio: TCP_DEFAULT_SCALING_RATIO, rcvSsthreshBytes: TCP_INIT_RCVWND_SEGMENTS * mssBytes, windowClampBytes: tcpWinFromSpace(version, queue.rcvbufBytes, TCP_DEFAULT_SCALING_RATIO), holeSignalled: false, holeAtSeq: -1, lastAdvertisedWindowBytes: 0, zeroWindowAdverts: 0 };
  tcpSelectWindow(rx);
  return rx;
}

/** Mirrors tcp_select_window(), net/ipv4/tcp_output.c (v6.x): the new right edge never moves left. */
export function tcpSelectWindow(rx: TcpReceiver): number {
  const win = tcpFreeWindow(rx.version, rx.queue.rcvbufBytes, rx.queue.rmemAllocBytes, rx.scalingRatio, rx.mssBytes, rx.rcvSsthreshBytes);
  const edge = rx.rcvNxt + win;
  if (edge > rx.rightEdge) rx.rightEdge = edge;
  rx.lastAdvertisedWindowBytes = rx.rightEdge - rx.rcvNxt;
  if (rx.lastAdvertisedWindowBytes === 0) rx.zeroWindowAdverts++;
  return rx.rightEdge;
}

/**
 * Receives one segment [seq, seq + payload). Mirrors tcp_rcv_established() / tcp_data_queue(),
 * net/ipv4/tcp_input.c (v6.x), reduced to in-order delivery. The caller frees the skb
 * unless the result is TCP_RX_QUEUED, then sends an ACK (rcvNxt, tcpSelectWindow()).
 */
export function tcpReceiveSegment(clock: SimClock, rx: TcpReceiver, skbId: number, seq: number, payloadBytes: number, truesizeBytes: number): TcpRxResult {
  if (seq !== rx.rcvNxt) {
    if (seq > rx.rcvNxt && rx.holeAtSeq !== rx.rcvNxt) {
      rx.holeSignalled = true;
      rx.holeAtSeq = rx.rcvNxt;
    }
    return TCP_RX_OUT_OF_ORDER;
  }
  if (seq + payloadBytes > rx.rightEdge) return TCP_RX_OUT_OF_WINDOW;
  if (payloadBytes >= rx.mssBytes && rx.measuresScalingRatio) {
    const ratio = tcpScalingRatio(payloadBytes, truesizeBytes);
    if (ratio !== rx.scalingRatio) {
      rx.scalingRatio = ratio;
      rx.windowClampBytes = tcpWinFromSpace(rx.version, rx.queue.rcvbufBytes, ratio);
    }
  }
  if (rx.queue.rmemAllocBytes > rx.queue.rcvbufBytes || rx.queue.count === rx.queue.capacity) return TCP_RX_RCVBUF;
  rcvQueuePush(clock, rx.queue, skbId, payloadBytes, truesizeBytes);
  rx.rcvNxt += payloadBytes;
  // tcp_event_data_recv() -> tcp_grow_window(sk, skb, true); nothing to do once at the clamp.
  if (rx.rcvSsthreshBytes < rx.windowClampBytes) {
    const q = rx.queue;
    const space = tcpWinFromSpace(rx.version, q.rcvbufBytes - q.rmemAllocBytes, rx.scalingRatio);
    rx.rcvSsthreshBytes = tcpGrowWindow(rx.version, rx.rcvSsthreshBytes, rx.windowClampBytes, space, payloadBytes, truesizeBytes, q.rcvbufBytes, rx.scalingRatio, rx.mssBytes);
  }
  return TCP_RX_QUEUED;
}

/** Takes the hole flag for the next ACK (cleared once sent). */
export function tcpTakeHoleSignal(rx: TcpReceiver): boolean {
  const hole = rx.holeSignalled;
  rx.holeSignalled = false;
  return hole;
}
