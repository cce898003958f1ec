/**
 * virtio_net transmit: free what the host has used, build the SG list (header pushed into the
 * headroom when it fits, else its own SG entry), add it to the virtqueue, kick, re-arm the TX
 * interrupt.
 *
 * Modelled: can_push (ANY_LAYOUT, aligned data, headroom ≥ hdr_len; XSK skbs are never
 * cloned), SG count = header + linear part + frags, one ring slot per packet (indirect
 * descriptors), queue stop below 2 + MAX_SKB_FRAGS free slots, the host copy stall, and the
 * TX interrupt armed at each kick (napi_tx) that frees what start_xmit has not.
 * Never reallocates: without headroom the header goes out of skb->cb as a separate entry.
 */
import { batchNowNs, spend, PH_DMA, PH_DRIVER, type CpuBatch } from '../../nic/cpu-batch.ts';
import { txSkbHeadlen } from '../../nic/skb-table.ts';
import type { TxQueue } from '../../nic/tx-queue.ts';
import { txPost, txReap, NETDEV_TX_OK } from '../../nic/tx-ring.ts';
import { virtqueueEnableCbDelayed } from './tx-interrupt.ts';
import type { VirtioNetPriv } from './profile.ts';

// Mirrors start_xmit() + xmit_skb(), drivers/net/virtio_net.c (v5.12, napi_tx on).
export function virtnetStartXmit(q: TxQueue<VirtioNetPriv>, id: number, b: CpuBatch): number {
  const p = q.profile;
  const t = q.skbs;
  const c = q.costs;
  // free_old_xmit_skbs(): what the host has used is freed before the new skb is added.
  txReap(q, batchNowNs(b), Infinity);
  const hdr = p.priv.virtioHdrBytes;
  let sg = t.nrFrags[id];
  if (p.priv.virtioAnyHeaderSg && t.headroom[id] >= hdr) {
    // __skb_push(skb, hdr_len): the header shares the first SG entry with the linear data.
    t.headroom[id] -= hdr;
    t.len[id] += hdr;
    sg += 1;
    q.counters.hdrPushed++;
  } else {
    sg += 1 + (txSkbHeadlen(t, id) > 0 ? 1 : 0);
    q.counters.hdrSeparate++;
  }
  spend(b, PH_DRIVER, c.xmitNs + c.doorbellNs + c.hostCopyStallNsPerByte * t.len[id]);
  spend(b, PH_DMA, sg * c.dmaMapNs);
  if (p.usesDmaApi) {
    t.dmaMaps[id] += sg;
    q.counters.dmaMaps += sg;
  }
  q.counters.doorbells++;
  txPost(q, id, p.slotPerSg ? sg : 1, false, batchNowNs(b));
  virtqueueEnableCbDelayed(q);
  return NETDEV_TX_OK;
}
