/**
 * The core transmit step XSK uses: __dev_direct_xmit(). Drops (and frees, so an XSK
 * completion is produced for an unsent frame) when the device is down; linearizes a
 * non-linear skb for a device without NETIF_F_SG (a head reallocation unless the tailroom
 * already holds the frags); returns NETDEV_TX_BUSY without consuming the skb when the queue
 * is stopped; otherwise calls the driver's start_xmit (the queue's DriverModule, looked up
 * once when the queue was made).
 * Simplified: no GSO segmentation, no checksum help, no qdisc (XSK bypasses it).
 */
import { spend, PH_COPY, PH_REALLOC, type CpuBatch } from './cpu-batch.ts';
import { txSkbFree, txSkbExpandHead, skbDropFrags } from './skb-table.ts';
import type { TxQueue } from './tx-queue.ts';
import { NET_XMIT_DROP, NETDEV_TX_BUSY } from './tx-ring.ts';

/** Linearizes: pulls data_len bytes of frags into the head, reallocating when tailroom is short. */
// Mirrors __skb_linearize() -> __pskb_pull_tail(), net/core/skbuff.c (v5.12).
export function txSkbLinearize(q: TxQueue, id: number, b: CpuBatch): void {
  const t = q.skbs;
  const c = q.costs;
  const dataLen = t.dataLen[id];
  const eat = dataLen - t.tailroom[id];
  if (eat > 0) {
    txSkbExpandHead(q.arch, t, id, 0, eat + 128);
    q.counters.headReallocs++;
    spend(b, PH_REALLOC, c.reallocNs + c.memcpyFixedNs + t.headroom[id] / c.memcpyBytesPerNs);
  }
  spend(b, PH_COPY, c.memcpyFixedNs + dataLen / c.memcpyBytesPerNs + t.nrFrags[id] * c.pageRefNs);
  t.tailroom[id] -= dataLen;
  const len = t.len[id];
  skbDropFrags(q.sim, t, id);
  t.len[id] = len;
  t.linearizations++;
  q.counters.linearizations++;
}

// Mirrors __dev_direct_xmit(), net/core/dev.c (v5.12).
export function devDirectXmit(q: TxQueue, id: number, b: CpuBatch): number {
  if (!q.running) {
    q.counters.dropDevDown++;
    txSkbFree(q.sim, q.skbs, id);
    return NET_XMIT_DROP;
  }
  if (q.skbs.nrFrags[id] > 0 && !q.profile.sg) txSkbLinearize(q, id, b);
  if (q.stopped) {
    q.counters.busyReturns++;
    return NETDEV_TX_BUSY;
  }
  return q.driver.startXmit(q, id, b);
}
