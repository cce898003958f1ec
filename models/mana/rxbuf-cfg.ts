/**
 * MANA RX buffer geometry: `mana_get_rxbuf_cfg()` and the page_pool parameters that
 * `mana_create_page_pool()` derives from it, for four driver variants:
 *
 * - 'pre-730ff06d'             one full page per buffer, XDP headroom always reserved while
 *                              mtu <= MANA_XDP_MTU_MAX, pool_size = rx_queue_size, no pool DMA mapping;
 * - 'upstream-6x'              730ff06d: page_pool fragments unless jumbo (mtu + pad > PAGE_SIZE/2)
 *                              or XDP attached; pool maps and syncs pages in fragment mode;
 * - 'ubuntu-5.15'              the Ubuntu J:linux-azure backport: as upstream plus PP_FLAG_PAGE_FRAG,
 *                              no queue_idx;
 * - 'ubuntu-5.15-no-page-frag' the same backport without PP_FLAG_PAGE_FRAG (known bad: on 5.15
 *                              page_pool_alloc_frag() WARNs and returns NULL, so every refill fails).
 *
 * Also computed: what page_pool really carves from a page. page_pool_alloc_frag() rounds every
 * request up to dma_get_cache_alignment() (1 on x86_64, 128 on arm64), so the driver's
 * frag_count (PAGE_SIZE / alloc_size) can be larger than the fragments one page yields: 35
 * versus 34 for MTU 1500 on arm64 with 64K pages. frag_count only sizes pool_size.
 *
 * Simplified: nothing. This is the driver's arithmetic, reproduced exactly; architecture
 * values come in through `RxGeometry`.
 */
import {
  ETH_FRAME_LEN,
  ETH_HLEN,
  ETH_MIN_MTU,
  MANA_RX_FRAG_ALIGNMENT,
  XDP_PACKET_HEADROOM,
  alignUp,
  getOrder,
  skbDataAlign,
} from './constants.ts';
import type { ArchProfile } from '../kernel/arch.ts';

export const MANA_RX_VARIANTS = ['pre-730ff06d', 'upstream-6x', 'ubuntu-5.15', 'ubuntu-5.15-no-page-frag'] as const;
export type ManaRxVariant = (typeof MANA_RX_VARIANTS)[number];

/** The architecture values the geometry depends on. */
export interface RxGeometry {
  pageSizeBytes: number;
  /** SMP_CACHE_BYTES (= L1_CACHE_BYTES): 64 on x86_64 and arm64. */
  smpCacheBytes: number;
  /** sizeof(struct skb_shared_info): 320 (17 frags), 304 (16 frags), 768 (45 frags). */
  shinfoSizeBytes: number;
  /** dma_get_cache_alignment(): ARCH_DMA_MINALIGN or 1; x86_64 1, arm64 128. */
  dmaCacheAlignmentBytes: number;
}

/** page_pool_params.flags bits as the kernel numbers them (PAGE_FRAG exists 5.14–6.6 only). */
export const PP_FLAG_DMA_MAP = 1;
export const PP_FLAG_DMA_SYNC_DEV = 2;
export const PP_FLAG_PAGE_FRAG = 4;

export interface ManaPagePoolParams {
  /** Capacity of the pool's recycle ptr_ring. */
  poolSize: number;
  order: number;
  /** Bitwise OR of PP_FLAG_* above. */
  flags: number;
  /** Area synced for the device on recycle (PP_FLAG_DMA_SYNC_DEV); 0 when unset. */
  maxLenBytes: number;
  /** 'unset' when the params leave dma_dir zero (no PP_FLAG_DMA_MAP, the driver maps). */
  dmaDir: 'unset' | 'from-device';
  /** Upstream sets pprm.queue_idx; the 5.15 backport leaves it out. */
  queueIdxSet: boolean;
}

export interface ManaRxBufCfg {
  variant: ManaRxVariant;
  mtu: number;
  xdpAttached: boolean;
  /** mtu + ETH_HLEN: the SGE size, the most the NIC writes. */
  datasizeBytes: number;
  allocSizeBytes: number;
  headroomBytes: number;
  /** The driver's buffers per page (1 in full-page mode and in every pre-730ff06d config). */
  fragCount: number;
  /** MANA_RXBUF_PAD = SKB_DATA_ALIGN(sizeof(skb_shared_info)) + ETH_HLEN. */
  rxbufPadBytes: number;
  /** MANA_XDP_MTU_MAX = PAGE_SIZE - MANA_RXBUF_PAD - XDP_PACKET_HEADROOM. */
  xdpMtuMax: number;
  /** Bytes of one pool allocation: PAGE_SIZE << pool order. */
  poolPageBytes: number;
  /** Bytes one buffer really consumes in a pool page: ALIGN(alloc_size, dma align) with fragments, the whole page otherwise. */
  strideBytes: number;
  /** Buffers page_pool really carves from one pool page (the "34" to the driver's "35"). */
  actualBuffersPerPage: number;
  /** Never used tail of every fragment page: poolPageBytes - actual * stride (0 in full-page mode). */
  tailWasteBytes: number;
  pool: ManaPagePoolParams;
}

/** MANA_RXBUF_PAD, include/net/mana/mana.h. */
export function manaRxbufPad(geometry: RxGeometry): number {
  return skbDataAlign(geometry.shinfoSizeBytes, geometry.smpCacheBytes) + ETH_HLEN;
}

/** MANA_XDP_MTU_MAX, include/net/mana/mana.h. */
export function manaXdpMtuMax(geometry: RxGeometry): number {
  return geometry.pageSizeBytes - manaRxbufPad(geometry) - XDP_PACKET_HEADROOM;
}

/**
 * ndev->max_mtu: adapter_mtu - ETH_HLEN, or MANA_XDP_MTU_MAX while a program is attached.
 * Mirrors mana_probe_port() / mana_xdp_set(), drivers/net/ethernet/microsoft/mana (v6.x).
 */
export function manaMaxMtu(geometry: RxGeometry, adapterMtuBytes: number, xdpAttached: boolean): number {
  return xdpAttached ? manaXdpMtuMax(geometry) : adapterMtuBytes - ETH_HLEN;
}

/** Default adapter MTU of Azure MANA (jumbo capable, v2 config query): 9000 + ETH_HLEN. */
export const DEFAULT_ADAPTER_MTU = 9014;
export { ETH_FRAME_LEN };

interface Raw {
  datasizeBytes: number;
  allocSizeBytes: number;
  headroomBytes: number;
  fragCount: number;
}

/** Mirrors mana_get_rxbuf_cfg(), drivers/net/ethernet/microsoft/mana/mana_en.c (before 730ff06d). */
function rxbufCfgPre(geometry: RxGeometry, mtu: number): Raw {
  const pad = manaRxbufPad(geometry);
  const headroomBytes = mtu > manaXdpMtuMax(geometry) ? 0 : XDP_PACKET_HEADROOM;
  let allocSizeBytes = skbDataAlign(mtu + pad + headroomBytes, geometry.smpCacheBytes);
  if (allocSizeBytes < geometry.pageSizeBytes) allocSizeBytes = geometry.pageSizeBytes;
  return { datasizeBytes: mtu + ETH_HLEN, allocSizeBytes, headroomBytes, fragCount: 1 };
}

/** Mirrors mana_get_rxbuf_cfg(), drivers/net/ethernet/microsoft/mana/mana_en.c (730ff06d, v6.18). */
function rxbufCfgFrag(geometry: RxGeometry, mtu: number, xdpAttached: boolean): Raw {
  const pad = manaRxbufPad(geometry);
  const datasizeBytes = mtu + ETH_HLEN;
  if (mtu + pad > geometry.pageSizeBytes / 2 || xdpAttached) {
    if (xdpAttached) return { datasizeBytes, allocSizeBytes: geometry.pageSizeBytes, headroomBytes: XDP_PACKET_HEADROOM, fragCount: 1 };
    return { datasizeBytes, allocSizeBytes: skbDataAlign(mtu + pad, geometry.smpCacheBytes), headroomBytes: 0, fragCount: 1 };
  }
  const len = skbDataAlign(mtu + pad, geometry.smpCacheBytes);
  const bufSize = alignUp(len, MANA_RX_FRAG_ALIGNMENT);
  return { datasizeBytes, allocSizeBytes: bufSize, headroomBytes: 0, fragCount: Math.floor(geometry.pageSizeBytes / bufSize) };
}

/** Mirrors mana_create_page_pool(), drivers/net/ethernet/microsoft/mana/mana_en.c (per variant). */
function pagePoolParams(variant: ManaRxVariant, raw: Raw, geometry: RxGeometry, rxQueueSize: number): ManaPagePoolParams {
  const order = getOrder(raw.allocSizeBytes, geometry.pageSizeBytes);
  if (variant === 'pre-730ff06d') {
    return { poolSize: rxQueueSize, order, flags: 0, maxLenBytes: 0, dmaDir: 'unset', queueIdxSet: false };
  }
  const poolSize = Math.floor(rxQueueSize / raw.fragCount) + 1;
  const queueIdxSet = variant === 'upstream-6x';
  if (raw.fragCount === 1) return { poolSize, order, flags: 0, maxLenBytes: 0, dmaDir: 'unset', queueIdxSet };
  let flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV;
  if (variant === 'ubuntu-5.15') flags |= PP_FLAG_PAGE_FRAG;
  return { poolSize, order, flags, maxLenBytes: geometry.pageSizeBytes, dmaDir: 'from-device', queueIdxSet };
}

export interface RxBufCfgInput {
  variant: ManaRxVariant;
  geometry: RxGeometry;
  mtu: number;
  xdpAttached: boolean;
  /** apc->rx_queue_size (default 1024). */
  rxQueueSize: number;
  /** gc->adapter_mtu, bounds the MTU without XDP. */
  adapterMtuBytes?: number;
}

/**
 * The buffer configuration of one RX queue. Throws RangeError for an MTU the driver would
 * never accept (outside ETH_MIN_MTU..max_mtu), naming the bound.
 */
export function manaRxBufCfg(input: RxBufCfgInput): ManaRxBufCfg {
  const { variant, geometry, mtu, xdpAttached, rxQueueSize } = input;
  const maxMtu = manaMaxMtu(geometry, input.adapterMtuBytes ?? DEFAULT_ADAPTER_MTU, xdpAttached);
  if (!(Number.isSafeInteger(mtu) && mtu >= ETH_MIN_MTU && mtu <= maxMtu)) {
    throw new RangeError(`manaRxBufCfg: mtu ${mtu} outside ${ETH_MIN_MTU}..${maxMtu} (xdp ${xdpAttached ? 'attached' : 'off'}, page ${geometry.pageSizeBytes})`);
  }
  if (!(Number.isSafeInteger(rxQueueSize) && rxQueueSize > 0)) throw new RangeError(`manaRxBufCfg: rxQueueSize ${rxQueueSize} is not a positive integer`);
  const raw = variant === 'pre-730ff06d' ? rxbufCfgPre(geometry, mtu) : rxbufCfgFrag(geometry, mtu, xdpAttached);
  const pool = pagePoolParams(variant, raw, geometry, rxQueueSize);
  const poolPageBytes = geometry.pageSizeBytes * 2 ** pool.order;
  const fragMode = raw.fragCount > 1;
  const strideBytes = fragMode ? alignUp(raw.allocSizeBytes, geometry.dmaCacheAlignmentBytes) : poolPageBytes;
  const actualBuffersPerPage = fragMode ? Math.floor(poolPageBytes / strideBytes) : 1;
  return {
    variant,
    mtu,
    xdpAttached,
    ...raw,
    rxbufPadBytes: manaRxbufPad(geometry),
    xdpMtuMax: manaXdpMtuMax(geometry),
    poolPageBytes,
    strideBytes,
    actualBuffersPerPage,
    tailWasteBytes: fragMode ? poolPageBytes - actualBuffersPerPage * strideBytes : 0,
    pool,
  };
}

/** True when the queue uses page_pool fragments (several buffers per page). */
export function isFragMode(cfg: ManaRxBufCfg): boolean {
  return cfg.fragCount > 1;
}

/**
 * The pages a full ring of `ringEntries` pool buffers pins when every fragment page is
 * carved completely: ceil(entries / actual buffers per page). The driver's own estimate
 * uses frag_count instead (pool_size - 1 = entries / frag_count).
 */
export function ringPagesFormula(cfg: ManaRxBufCfg, ringEntries: number): { actual: number; driver: number } {
  return { actual: Math.ceil(ringEntries / cfg.actualBuffersPerPage), driver: Math.ceil(ringEntries / cfg.fragCount) };
}

/**
 * Bytes a ring pins by formula: pool buffers take `strideBytes` each; pre-allocated buffers
 * (full pages outside the pool, see pre-alloc.ts) take PAGE_SIZE << get_order(alloc_size).
 */
export function ringFootprintFormulaBytes(cfg: ManaRxBufCfg, poolBuffers: number, preAllocBuffers: number, pageSizeBytes: number): number {
  return poolBuffers * cfg.strideBytes + preAllocBuffers * pageSizeBytes * 2 ** getOrder(cfg.allocSizeBytes, pageSizeBytes);
}

/** The RX geometry of a machine's architecture profile (models/kernel/arch.ts). */
export function rxGeometryOf(arch: ArchProfile): RxGeometry {
  return {
    pageSizeBytes: arch.pageSizeBytes,
    smpCacheBytes: arch.l1CacheBytes,
    shinfoSizeBytes: arch.shinfoSizeBytes,
    dmaCacheAlignmentBytes: arch.dmaAlignBytes,
  };
}
