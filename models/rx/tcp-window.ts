/**
 * TCP receive-window arithmetic: how much window a receiver advertises for the receive
 * memory it has left, where memory is charged by skb->truesize and the window counts payload.
 *
 * Modelled: tcp_win_from_space() in both forms (6.6+ scaling_ratio = len/truesize measured
 * per segment; before 6.6 the static tcp_adv_win_scale = 1, i.e. half the space), the
 * scaling_ratio update of tcp_measure_rcv_mss(), the zero-window rule and the never-shrink
 * rule of __tcp_select_window()/tcp_select_window().
 * rcv_ssthresh growth (tcp_grow_window / __tcp_grow_window): on 5.15 a segment whose
 * truesize is large against its length grows rcv_ssthresh only while it is small, which caps
 * the window of full-page buffers; from 6.6 the same test uses scaling_ratio and passes.
 * Simplified: receive-buffer autotuning is not modelled (sk_rcvbuf is fixed, tcp_rmem[2] is
 * taken equal to it); window scaling rounding is ignored (byte-exact windows).
 */
import { has, kernelOf, type KernelRef } from '../kernel/kernel-of.ts';

/** TCP_RMEM_TO_WIN_SCALE, include/net/tcp.h (v6.6+). */
export const TCP_RMEM_TO_WIN_SCALE = 8;
/** TCP_DEFAULT_SCALING_RATIO: 50 % until the first full-sized segment is measured. */
export const TCP_DEFAULT_SCALING_RATIO = 1 << (TCP_RMEM_TO_WIN_SCALE - 1);

/** Mirrors the scaling_ratio update in tcp_measure_rcv_mss(), net/ipv4/tcp_input.c (v6.6+). */
export function tcpScalingRatio(lenBytes: number, truesizeBytes: number): number {
  const ratio = Math.floor((lenBytes * 2 ** TCP_RMEM_TO_WIN_SCALE) / truesizeBytes);
  return ratio > 0 ? (ratio > 255 ? 255 : ratio) : 1;
}

/** Mirrors tcp_win_from_space(), include/net/tcp.h (v6.6+: scaling_ratio; earlier: tcp_adv_win_scale = 1). */
export function tcpWinFromSpace(version: KernelRef, spaceBytes: number, scalingRatio: number): number {
  if (spaceBytes <= 0) return 0;
  if (usesScalingRatio(version)) return Math.floor((spaceBytes * scalingRatio) / 2 ** TCP_RMEM_TO_WIN_SCALE);
  return spaceBytes - Math.floor(spaceBytes / 2);
}

/**
 * The window __tcp_select_window() offers: free = win_from_space(rcvbuf - rmem_alloc);
 * below half the full space a window under one MSS or under 1/16 of the buffer is 0.
 * Mirrors __tcp_select_window(), net/ipv4/tcp_output.c (v6.x, without rcv_ssthresh and wscale).
 */
export function tcpFreeWindow(version: KernelRef, rcvbufBytes: number, rmemAllocBytes: number, scalingRatio: number, mssBytes: number, rcvSsthreshBytes = Number.MAX_SAFE_INTEGER): number {
  const free = tcpWinFromSpace(version, rcvbufBytes - rmemAllocBytes, scalingRatio);
  const full = tcpWinFromSpace(version, rcvbufBytes, scalingRatio);
  if (free < full / 2 && (free < full / 16 || free < mssBytes)) return 0;
  return free > rcvSsthreshBytes ? rcvSsthreshBytes : free;
}

/** Mirrors __tcp_grow_window(), net/ipv4/tcp_input.c (v5.15 / v6.x): 2*MSS, or 0 when the skb's overhead is too large. */
export function tcpGrowWindowIncr(version: KernelRef, rcvSsthreshBytes: number, lenBytes: number, truesizeBytes: number, tcpRmem2Bytes: number, scalingRatio: number, mssBytes: number): number {
  let truesize = tcpWinFromSpace(version, truesizeBytes, scalingRatio) >> 1;
  let window = tcpWinFromSpace(version, tcpRmem2Bytes, scalingRatio) >> 1;
  while (rcvSsthreshBytes <= window) {
    if (truesize <= lenBytes) return 2 * mssBytes;
    truesize >>= 1;
    window >>= 1;
  }
  return 0;
}

/**
 * The new rcv_ssthresh after one in-order data segment. Mirrors tcp_grow_window(),
 * net/ipv4/tcp_input.c (v5.15 / v6.x, no memory pressure).
 */
export function tcpGrowWindow(version: KernelRef, rcvSsthreshBytes: number, windowClampBytes: number, tcpSpaceBytes: number, lenBytes: number, truesizeBytes: number, tcpRmem2Bytes: number, scalingRatio: number, mssBytes: number): number {
  const room = Math.min(windowClampBytes, tcpSpaceBytes) - rcvSsthreshBytes;
  if (room <= 0) return rcvSsthreshBytes;
  let incr = tcpWinFromSpace(version, truesizeBytes, scalingRatio) <= lenBytes ? 2 * mssBytes : tcpGrowWindowIncr(version, rcvSsthreshBytes, lenBytes, truesizeBytes, tcpRmem2Bytes, scalingRatio, mssBytes);
  if (incr === 0) return rcvSsthreshBytes;
  if (incr < 2 * lenBytes) incr = 2 * lenBytes;
  return rcvSsthreshBytes + (room < incr ? room : incr);
}

/** True from v6.6, where tcp_win_from_space() uses the measured scaling_ratio (kernelOf caches the resolution). */
export function usesScalingRatio(version: KernelRef): boolean {
  return has(kernelOf(version), 'tcp-scaling-ratio');
}
