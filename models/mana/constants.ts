/**
 * MANA constants (include/net/mana/mana.h) and the few generic kernel constants the RX buffer
 * geometry needs. Values that depend on the architecture (page size, cache line, sizeof
 * skb_shared_info, DMA alignment) are inputs, see `RxGeometry` in rxbuf-cfg.ts; ALIGN(),
 * SKB_DATA_ALIGN() and get_order() are models/kernel/arch.ts's.
 */

export const ETH_HLEN = 14;
/** ETH_MIN_MTU, include/uapi/linux/if_ether.h: MANA's ndev->min_mtu. */
export const ETH_MIN_MTU = 68;
/** ETH_FRAME_LEN: the adapter MTU assumed when the device answers a v1 config query. */
export const ETH_FRAME_LEN = 1514;
export const XDP_PACKET_HEADROOM = 256;
/** New in 730ff06d: every fragment size is rounded up to this. */
export const MANA_RX_FRAG_ALIGNMENT = 64;

/** DEF/MIN/MAX_RX_BUFFERS_PER_QUEUE (ethtool ringparam era, ~v6.12+). */
export const DEF_RX_BUFFERS_PER_QUEUE = 1024;
export const MIN_RX_BUFFERS_PER_QUEUE = 128;
export const MAX_RX_BUFFERS_PER_QUEUE = 8192;

/** Mirrors roundup_pow_of_two(n), include/linux/log2.h. */
export function roundupPowOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
