/**
 * The core transmit step XSK uses: __dev_direct_xmit(). Drops (and frees, so an XSK
 * completion is produced for an unsent frame) when the device is down; linearizes a
 * non-linear skb for a device without NETIF_F_SG (a head reallocation unless the tailroom
 * already holds the frags); returns NETDEV_TX_BUSY without consuming the skb when the queue
 * is stopped; otherwise calls the driver.
 * Simplified: no GSO segmentation, no checksum help, no qdisc (XSK bypasses it).
 */
import { batchNowNs, spend, PH_COPY, PH_REALLOC, type CpuBatch } from './cpu-batch.ts';
import { kfreeSkb, pskbExpandHead, skbDropFrags } from './skb-table.ts';
import { manaStartXmit } from './mana-xmit.ts';
import { mlx5eXmit } from './mlx5-xmit.ts';
import { virtnetStartXmit } from './virtio-net-xmit.ts';
import { txReap, NET_XMIT_DROP, NETDEV_TX_BUSY, type TxQueue } from './tx-queue.ts';

/** Linearizes: pulls data_len bytes of frags into the head, reallocating when tailroom is short. */
// Mirrors __skb_linearize() -> __pskb_pull_tail(), net/core/skbuff.c (v5.12).
export function skbLinearize(q: TxQueue, id: number, b: CpuBatch): void {
  const t = q.skbs;
  const c = q.costs;
  const dataLen = t.dataLen[id];
  const eat = dataLen - t.tailroom[id];
  if (eat > 0) {
    pskbExpandHead(q.arch, t, id, 0, eat + 128);
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
    kfreeSkb(q.sim, q.skbs, id);
    return NET_XMIT_DROP;
  }
  if (q.skbs.nrFrags[id] > 0 && !q.profile.sg) skbLinearize(q, id, b);
  if (q.stopped) {
    q.counters.busyReturns++;
    return NETDEV_TX_BUSY;
  }
  switch (q.profile.kind) {
    case 'virtio_net':
      return virtnetStartXmit(q, id, b);
    case 'mlx5':
      return mlx5eXmit(q, id, b);
    case 'mana':
    case 'generic':
      return manaStartXmit(q, id, b);
  }
}

/** Frees completed skbs up to the batch's current time (used before a kick when idle). */
export function devReapNow(q: TxQueue, b: CpuBatch): number {
  return txReap(q, batchNowNs(b), Infinity);
}
