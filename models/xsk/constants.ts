/**
 * Constants of the AF_XDP generic transmit path (fact sheet §1, §2). Layout constants that
 * depend on the architecture (NET_SKB_PAD, L1_CACHE_BYTES, MAX_SKB_FRAGS) come from
 * models/kernel/arch.ts; errno values from models/kernel/errno.ts.
 */
import { l1CacheAlign, type ArchProfile } from '../kernel/arch.ts';
import { has, kernelOf, type KernelRef } from '../kernel/kernel-of.ts';

/** `XDP_PACKET_HEADROOM`, include/uapi/linux/bpf.h. */
export const XDP_PACKET_HEADROOM_BYTES = 256;
/** `XDP_UMEM_MIN_CHUNK_SIZE`, include/net/xdp_sock.h. */
export const XDP_UMEM_MIN_CHUNK_SIZE_BYTES = 2048;
/** Unaligned descriptors carry an offset in the top 16 bits of `addr` (`XSK_UNALIGNED_BUF_OFFSET_SHIFT`). */
export const XSK_UNALIGNED_BUF_OFFSET_SHIFT = 48;
/** 2^48: scale of the offset half of an unaligned descriptor address. */
export const XSK_UNALIGNED_OFFSET_SCALE = 2 ** XSK_UNALIGNED_BUF_OFFSET_SHIFT;
/** `XDP_PKT_CONTD` (bit 0 of `xdp_desc.options`), v6.6 multi-buffer. */
export const XDP_PKT_CONTD = 1;
/** `XDP_RING_NEED_WAKEUP` (bit 0 of the ring flags). */
export const XDP_RING_NEED_WAKEUP = 1;

/** `TX_BATCH_SIZE`, net/xdp/xsk.c: 16 up to v5.12, 32 from v5.13 (Li RongQing, Apr 2021). */
export function txBatchSize(version: KernelRef): number {
  return has(kernelOf(version), 'xsk-tx-batch-32') ? 32 : 16;
}

/**
 * Headroom xsk_build_skb() reserves: `max(NET_SKB_PAD, L1_CACHE_ALIGN(dev->needed_headroom))`
 * from v5.12 (the seed's 4th patch), none before.
 */
// Mirrors the hr computation in xsk_build_skb(), net/xdp/xsk.c (v5.12).
export function xskTxHeadroomBytes(arch: ArchProfile, neededHeadroomBytes: number): number {
  if (!has(kernelOf(arch.version), 'xsk-generic-xmit-headroom')) return 0;
  return Math.max(arch.netSkbPadBytes, l1CacheAlign(arch, neededHeadroomBytes));
}
