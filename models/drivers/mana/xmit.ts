/**
 * mana transmit: skb_cow_head(skb, MANA_HEADROOM) on every skb (the driver keeps its
 * struct mana_skb_head at skb->head), then map the linear part and the frags, post, doorbell:
 * the shared shape of models/nic/cow-map-post.ts, with the profile's cow headroom.
 */
import type { CpuBatch } from '../../nic/cpu-batch.ts';
import { txCowMapPost } from '../../nic/cow-map-post.ts';
import type { TxQueue } from '../../nic/tx-queue.ts';

// Mirrors mana_start_xmit(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.x).
export function manaStartXmit(q: TxQueue, id: number, b: CpuBatch): number {
  return txCowMapPost(q, id, b);
}
