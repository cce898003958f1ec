/**
 * Constants of the AF_XDP generic transmit path (x86_64 values; see the fact sheet §2).
 * Kept apart from the models so tests and scenarios can name them.
 */
import { atLeast, type KernelVersion } from '../kernel/version.ts';

/** `NET_SKB_PAD` = max(32, L1_CACHE_BYTES), include/linux/skbuff.h. */
export const NET_SKB_PAD_BYTES = 64;
/** `L1_CACHE_BYTES` on x86_64 and arm64. */
export const L1_CACHE_BYTES = 64;
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
/** `MAX_SKB_FRAGS` with 4K pages (and the v6.4+ default of CONFIG_MAX_SKB_FRAGS). */
export const MAX_SKB_FRAGS = 17;

/** Errno values returned (negated) by the modelled kernel functions. */
export const EPERM = 1;
export const ENXIO = 6;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EINVAL = 22;
export const ENOSPC = 28;
export const ENOBUFS = 105;
export const EOVERFLOW = 75;

/** `TX_BATCH_SIZE`, net/xdp/xsk.c: 16 up to v5.12, 32 from v5.13 (Li RongQing, Apr 2021). */
export function txBatchSize(version: KernelVersion): number {
  return atLeast(version, '5.13') ? 32 : 16;
}

/** `L1_CACHE_ALIGN(x)`. */
export function l1CacheAlign(bytes: number): number {
  return Math.ceil(bytes / L1_CACHE_BYTES) * L1_CACHE_BYTES;
}

/**
 * Headroom xsk_build_skb() reserves: `max(NET_SKB_PAD, L1_CACHE_ALIGN(dev->needed_headroom))`
 * from v5.12 (the seed's 4th patch), none before.
 */
// Mirrors the hr computation in xsk_build_skb(), net/xdp/xsk.c (v5.12).
export function xskTxHeadroomBytes(version: KernelVersion, neededHeadroomBytes: number): number {
  if (!atLeast(version, '5.12')) return 0;
  return Math.max(NET_SKB_PAD_BYTES, l1CacheAlign(neededHeadroomBytes));
}
