/**
 * mana transmit: skb_cow_head(skb, MANA_HEADROOM) on every skb (the driver keeps its
 * struct mana_skb_head at skb->head), then map the linear part and the frags, post, doorbell.
 * The generic NIC uses the same path with its own cow headroom (0: never) and minimum inline.
 * Simplified: no GSO, no checksum offload descriptors.
 */
import { batchNowNs, spend, PH_DMA, PH_DRIVER, PH_REALLOC, type CpuBatch } from './cpu-batch.ts';
import { skbCowHead, skbHeadlen } from './skb-table.ts';
import { txPost, NETDEV_TX_OK, type TxQueue } from './tx-queue.ts';

/** skb_cow_head() with its cost: a new head (kmalloc + kfree) and a copy of the headroom + data. */
export function cowHeadCharged(q: TxQueue, id: number, b: CpuBatch, headroomBytes: number): void {
  if (headroomBytes <= 0) return;
  const t = q.skbs;
  if (!skbCowHead(q.arch, t, id, headroomBytes)) return;
  const c = q.costs;
  q.counters.headReallocs++;
  spend(b, PH_REALLOC, c.reallocNs + c.memcpyFixedNs + skbHeadlen(t, id) / c.memcpyBytesPerNs);
}

// Mirrors mana_start_xmit(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.x); also the generic NIC.
export function manaStartXmit(q: TxQueue, id: number, b: CpuBatch): number {
  const t = q.skbs;
  const c = q.costs;
  cowHeadCharged(q, id, b, q.profile.cowHeadroomBytes);
  const headlen = skbHeadlen(t, id);
  const maps = (headlen > 0 ? 1 : 0) + t.nrFrags[id];
  spend(b, PH_DRIVER, c.xmitNs + c.doorbellNs);
  spend(b, PH_DMA, maps * c.dmaMapNs);
  if (q.profile.usesDmaApi) {
    t.dmaMaps[id] += maps;
    q.counters.dmaMaps += maps;
  }
  q.counters.doorbells++;
  const bad = q.profile.minInlineBytes > 0 && Math.min(headlen, q.profile.minInlineBytes) < q.profile.minInlineBytes;
  txPost(q, id, q.profile.slotPerSg ? Math.max(1, maps) : 1, bad, batchNowNs(b));
  return NETDEV_TX_OK;
}
