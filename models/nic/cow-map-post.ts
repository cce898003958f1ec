/**
 * The transmit shape most NIC drivers share, for a driver to call from its start_xmit:
 * skb_cow_head() to the headroom the driver really needs (profile.cowHeadroomBytes, 0: never),
 * map the linear part and every frag, post one descriptor (or one slot per SG entry), ring
 * the doorbell. mana_start_xmit() is the model it was taken from.
 * Simplified: no GSO, no checksum offload descriptors.
 */
import { batchNowNs, spend, PH_DMA, PH_DRIVER, PH_REALLOC, type CpuBatch } from './cpu-batch.ts';
import { txSkbCowHead, txSkbHeadlen } from './skb-table.ts';
import type { TxQueue } from './tx-queue.ts';
import { txPost, NETDEV_TX_OK } from './tx-ring.ts';

/** skb_cow_head() with its cost: a new head (kmalloc + kfree) and a copy of the headroom + data. */
// Mirrors skb_cow_head(), include/linux/skbuff.h (v5.12), as a driver's start_xmit calls it.
export function cowHeadCharged(q: TxQueue, id: number, b: CpuBatch, headroomBytes: number): void {
  if (headroomBytes <= 0) return;
  const t = q.skbs;
  if (!txSkbCowHead(q.arch, t, id, headroomBytes)) return;
  const c = q.costs;
  q.counters.headReallocs++;
  spend(b, PH_REALLOC, c.reallocNs + c.memcpyFixedNs + txSkbHeadlen(t, id) / c.memcpyBytesPerNs);
}

// Mirrors mana_start_xmit(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.x): cow, map, post, doorbell.
export function txCowMapPost(q: TxQueue, id: number, b: CpuBatch): number {
  const t = q.skbs;
  const c = q.costs;
  cowHeadCharged(q, id, b, q.profile.cowHeadroomBytes);
  const headlen = txSkbHeadlen(t, id);
  const maps = (headlen > 0 ? 1 : 0) + t.nrFrags[id];
  spend(b, PH_DRIVER, c.xmitNs + c.doorbellNs);
  spend(b, PH_DMA, maps * c.dmaMapNs);
  if (q.profile.usesDmaApi) {
    t.dmaMaps[id] += maps;
    q.counters.dmaMaps += maps;
  }
  q.counters.doorbells++;
  txPost(q, id, q.profile.slotPerSg ? Math.max(1, maps) : 1, false, batchNowNs(b));
  return NETDEV_TX_OK;
}
