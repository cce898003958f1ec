/**
 * mlx5e transmit (ConnectX-4 Lx): inline the minimum headers into the WQE, DMA-map the rest
 * of the linear part and every frag, post one WQE, ring the doorbell.
 *
 * ihs = min(max(network offset, MLX5E_MIN_INLINE = 18), skb_headlen). An skb with headlen 0
 * (the zero-copy XSK build forced onto a device without IFF_TX_SKB_NO_LINEAR) inlines 0 bytes;
 * the device needs 18 and completes the WQE with an error CQE (opcode 0xd, syndrome 0x1),
 * after which the SQ is in error (error-cqe.ts).
 * Simplified: one WQE building block per packet; no TSO, no VLAN insertion, no xmit_more.
 */
import { batchNowNs, spend, PH_DMA, PH_DRIVER, type CpuBatch } from '../../nic/cpu-batch.ts';
import { txSkbHeadlen } from '../../nic/skb-table.ts';
import type { TxQueue } from '../../nic/tx-queue.ts';
import { txPost, NETDEV_TX_OK } from '../../nic/tx-ring.ts';
import type { Mlx5Priv } from './profile.ts';

/** MLX5E_MIN_INLINE: ETH_HLEN + VLAN_HLEN. */
export const MLX5E_MIN_INLINE_BYTES = 18;

// Mirrors mlx5e_calc_min_inline(), drivers/net/ethernet/mellanox/mlx5/core/en_tx.c (v5.12), L2 mode.
export function mlx5eCalcMinInline(headlenBytes: number): number {
  return Math.min(MLX5E_MIN_INLINE_BYTES, headlenBytes);
}

// Mirrors mlx5e_xmit() -> mlx5e_sq_xmit(), drivers/net/ethernet/mellanox/mlx5/core/en_tx.c (v5.12).
export function mlx5eXmit(q: TxQueue<Mlx5Priv>, id: number, b: CpuBatch): number {
  const t = q.skbs;
  const c = q.costs;
  const headlen = txSkbHeadlen(t, id);
  const ihs = mlx5eCalcMinInline(headlen);
  const maps = (headlen - ihs > 0 ? 1 : 0) + t.nrFrags[id];
  spend(b, PH_DRIVER, c.xmitNs + c.doorbellNs + (ihs > 0 ? c.memcpyFixedNs + ihs / c.memcpyBytesPerNs : 0));
  spend(b, PH_DMA, maps * c.dmaMapNs);
  t.dmaMaps[id] += maps;
  q.counters.dmaMaps += maps;
  q.counters.doorbells++;
  const minInline = q.profile.priv.minInlineBytes;
  txPost(q, id, 1, minInline > 0 && ihs < minInline, batchNowNs(b));
  return NETDEV_TX_OK;
}
