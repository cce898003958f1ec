/**
 * MANA RX buffer geometry: `mana_get_rxbuf_cfg()` and the page_pool parameters that
 * `mana_create_page_pool()` derives from it, for the driver a kernel carries (driver.ts):
 *
 * - without 730ff06d: one full page per buffer, XDP headroom always reserved while
 *   mtu <= MANA_XDP_MTU_MAX, pool_size = rx_queue_size, no pool DMA mapping;
 * - with 730ff06d: page_pool fragments unless jumbo (mtu + pad > PAGE_SIZE/2) or XDP attached;
 *   the pool maps and syncs pages in fragment mode (plus PP_FLAG_PAGE_FRAG where the kernel's
 *   page_pool needs it: the 5.15 backport; without it, on 5.15, page_pool_alloc_frag() WARNs
 *   and returns NULL, so every refill fails);
 * - without fa37a8849634 (jumbo page_pool): the pool has no order, and a buffer larger than a
 *   page is a page_frag fragment (napi_alloc_frag / netdev_alloc_frag, page-frag.ts).
 *
 * Also computed: what page_pool really carves from a page. page_pool_alloc_frag() rounds every
 * request up to dma_get_cache_alignment() (1 on x86_64, 128 on arm64), so the driver's
 * frag_count (PAGE_SIZE / alloc_size) can be larger than the fragments one page yields: 35
 * versus 34 for MTU 1500 on arm64 with 64K pages. frag_count only sizes pool_size.
 *
 * Simplified: nothing. This is the driver's arithmetic, reproduced exactly; architecture
 * values come in through `RxGeometry`.
 */
import { alignUp, type ArchProfile } from '../kernel/arch.ts';
import { PP_FLAG_DMA_MAP, PP_FLAG_DMA_SYNC_DEV, PP_FLAG_PAGE_FRAG } from '../kernel/page-pool.ts';
import { ETH_FRAME_LEN, ETH_HLEN, ETH_MIN_MTU, MANA_RX_FRAG_ALIGNMENT, XDP_PACKET_HEADROOM } from './constants.ts';
import type { ManaDriver } from './driver.ts';

export { MANA_RX_VARIANTS, type ManaRxVariant } from './driver.ts';

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

/**
 * SKB_DATA_ALIGN(x) = ALIGN(x, SMP_CACHE_BYTES), include/linux/skbuff.h, on the geometry's cache
 * line. models/kernel/arch.ts has the same macro and get_order() below, but over a whole
 * ArchProfile, which a hand-made geometry is not; both go once arch.ts takes only the fields
 * it reads (issue 15).
 */
function skbDataAlignTo(geometry: RxGeometry, x: number): number {
  return alignUp(x, geometry.smpCacheBytes);
}

/** Mirrors get_order(size), include/asm-generic/getorder.h: smallest order with PAGE_SIZE << order >= size. */
function pageOrder(sizeBytes: number, pageSizeBytes: number): number {
  let order = 0;
  while (pageSizeBytes * 2 ** order < sizeBytes) order++;
  return order;
}

export interface ManaPagePoolParams {
  /** Capacity of the pool's recycle ptr_ring. */
  poolSize: number;
  order: number;
  /** Bitwise OR of PP_FLAG_* (models/kernel/page-pool.ts). */
  flags: number;
  /** Area synced for the device on recycle (PP_FLAG_DMA_SYNC_DEV); 0 when unset. */
  maxLenBytes: number;
  /** 'unset' when the params leave dma_dir zero (no PP_FLAG_DMA_MAP, the driver maps). */
  dmaDir: 'unset' | 'from-device';
  /** Upstream sets pprm.queue_idx; the 5.15 backport leaves it out. */
  queueIdxSet: boolean;
}

export interface ManaRxBufCfg {
  driver: ManaDriver;
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
  /**
   * Before fa37a8849634: buffers larger than a page are page_frag fragments (napi_alloc_frag in
   * NAPI, netdev_alloc_frag at queue creation and pre-allocation), not pool pages.
   */
  pageFragBuffers: boolean;
  /** Bytes one page_frag buffer takes in its cache page: SKB_DATA_ALIGN(alloc_size); 0 without page_frag buffers. */
  pageFragStrideBytes: number;
  pool: ManaPagePoolParams;
}

/** MANA_RXBUF_PAD, include/net/mana/mana.h. */
export function manaRxbufPad(geometry: RxGeometry): number {
  return skbDataAlignTo(geometry, geometry.shinfoSizeBytes) + ETH_HLEN;
}

/** MANA_XDP_MTU_MAX, include/net/mana/mana.h. */
export function manaXdpMtuMax(geometry: RxGeometry): number {
  return geometry.pageSizeBytes - manaRxbufPad(geometry) - XDP_PACKET_HEADROOM;
}

/**
 * ndev->max_mtu: adapter_mtu - ETH_HLEN; while a program is attached MANA_XDP_MTU_MAX, bounded
 * by adapter_mtu - ETH_HLEN from 6bd81a5b4e0d on (`adapterClamp`). Mirrors mana_probe_port() and
 * the end of mana_xdp_set(), drivers/net/ethernet/microsoft/mana (v6.6, v7.2).
 */
export function manaMaxMtu(geometry: RxGeometry, adapterMtuBytes: number, xdpAttached: boolean, adapterClamp = false): number {
  const adapterMax = adapterMtuBytes - ETH_HLEN;
  if (!xdpAttached) return adapterMax;
  return adapterClamp ? Math.min(manaXdpMtuMax(geometry), adapterMax) : manaXdpMtuMax(geometry);
}

/** The largest MTU a MANA queue can be configured for: the adapter's ceiling, IP_MAX_MTU-like (65535). */
export const MANA_MTU_CEILING = 65535;

/** Default adapter MTU of Azure MANA (jumbo capable, v2 config query): 9000 + ETH_HLEN. */
export const DEFAULT_ADAPTER_MTU = 9014;
export { ETH_FRAME_LEN };

interface Raw {
  datasizeBytes: number;
  allocSizeBytes: number;
  headroomBytes: number;
  fragCount: number;
}

/** Mirrors mana_get_rxbuf_cfg(), drivers/net/ethernet/microsoft/mana/mana_en.c (before 730ff06d, after 32316f676b4e). */
function rxbufCfgPre(geometry: RxGeometry, mtu: number): Raw {
  const pad = manaRxbufPad(geometry);
  const headroomBytes = mtu > manaXdpMtuMax(geometry) ? 0 : XDP_PACKET_HEADROOM;
  let allocSizeBytes = skbDataAlignTo(geometry, mtu + pad + headroomBytes);
  if (allocSizeBytes < geometry.pageSizeBytes) allocSizeBytes = geometry.pageSizeBytes;
  return { datasizeBytes: mtu + ETH_HLEN, allocSizeBytes, headroomBytes, fragCount: 1 };
}

/** Mirrors mana_get_rxbuf_cfg(), drivers/net/ethernet/microsoft/mana/mana_en.c (730ff06d, v6.18). */
function rxbufCfgFrag(geometry: RxGeometry, mtu: number, xdpAttached: boolean): Raw {
  const pad = manaRxbufPad(geometry);
  const datasizeBytes = mtu + ETH_HLEN;
  if (mtu + pad > geometry.pageSizeBytes / 2 || xdpAttached) {
    if (xdpAttached) return { datasizeBytes, allocSizeBytes: geometry.pageSizeBytes, headroomBytes: XDP_PACKET_HEADROOM, fragCount: 1 };
    return { datasizeBytes, allocSizeBytes: skbDataAlignTo(geometry, mtu + pad), headroomBytes: 0, fragCount: 1 };
  }
  const len = skbDataAlignTo(geometry, mtu + pad);
  const bufSize = alignUp(len, MANA_RX_FRAG_ALIGNMENT);
  return { datasizeBytes, allocSizeBytes: bufSize, headroomBytes: 0, fragCount: Math.floor(geometry.pageSizeBytes / bufSize) };
}

/**
 * Mirrors mana_create_page_pool(), drivers/net/ethernet/microsoft/mana/mana_en.c, for the
 * driver's commits: pprm.order only from fa37a8849634, the fragment-mode flags from 730ff06d.
 */
function pagePoolParams(driver: ManaDriver, raw: Raw, geometry: RxGeometry, rxQueueSize: number): ManaPagePoolParams {
  const order = driver.jumboPagePool ? pageOrder(raw.allocSizeBytes, geometry.pageSizeBytes) : 0;
  if (!driver.rxFrags) {
    return { poolSize: rxQueueSize, order, flags: 0, maxLenBytes: 0, dmaDir: 'unset', queueIdxSet: false };
  }
  const poolSize = Math.floor(rxQueueSize / raw.fragCount) + 1;
  const queueIdxSet = driver.queueIdxSet;
  if (raw.fragCount === 1) return { poolSize, order, flags: 0, maxLenBytes: 0, dmaDir: 'unset', queueIdxSet };
  let flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV;
  if (driver.pageFragFlag) flags |= PP_FLAG_PAGE_FRAG;
  return { poolSize, order, flags, maxLenBytes: geometry.pageSizeBytes, dmaDir: 'from-device', queueIdxSet };
}

export interface RxBufCfgInput {
  driver: ManaDriver;
  geometry: RxGeometry;
  mtu: number;
  xdpAttached: boolean;
  /** apc->rx_queue_size (default 1024). */
  rxQueueSize: number;
}

/**
 * The buffer configuration of one RX queue. Throws RangeError for an MTU no queue can have:
 * below ETH_MIN_MTU, above the MANA ceiling, or above MANA_XDP_MTU_MAX with a program
 * attached (mana_xdp_set() refuses that). The adapter limit is ndev->max_mtu's business
 * (manaMaxMtu); a kernel without 6bd81a5b4e0d may run an MTU above it after an XDP detach.
 */
export function manaRxBufCfg(input: RxBufCfgInput): ManaRxBufCfg {
  const { driver, geometry, mtu, xdpAttached, rxQueueSize } = input;
  const maxMtu = xdpAttached ? manaXdpMtuMax(geometry) : MANA_MTU_CEILING;
  if (!(Number.isSafeInteger(mtu) && mtu >= ETH_MIN_MTU && mtu <= maxMtu)) {
    throw new RangeError(`manaRxBufCfg: mtu ${mtu} outside ${ETH_MIN_MTU}..${maxMtu} (xdp ${xdpAttached ? 'attached' : 'off'}, page ${geometry.pageSizeBytes})`);
  }
  if (!(Number.isSafeInteger(rxQueueSize) && rxQueueSize > 0)) throw new RangeError(`manaRxBufCfg: rxQueueSize ${rxQueueSize} is not a positive integer`);
  const raw = driver.rxFrags ? rxbufCfgFrag(geometry, mtu, xdpAttached) : rxbufCfgPre(geometry, mtu);
  const pool = pagePoolParams(driver, raw, geometry, rxQueueSize);
  const poolPageBytes = geometry.pageSizeBytes * 2 ** pool.order;
  const fragMode = raw.fragCount > 1;
  const strideBytes = fragMode ? alignUp(raw.allocSizeBytes, geometry.dmaCacheAlignmentBytes) : poolPageBytes;
  const actualBuffersPerPage = fragMode ? Math.floor(poolPageBytes / strideBytes) : 1;
  // Mirrors the alloc_size > PAGE_SIZE branch of mana_get_rxfrag() before fa37a8849634.
  const pageFragBuffers = !driver.jumboPagePool && raw.fragCount === 1 && raw.allocSizeBytes > geometry.pageSizeBytes;
  return {
    driver,
    mtu,
    xdpAttached,
    ...raw,
    rxbufPadBytes: manaRxbufPad(geometry),
    xdpMtuMax: manaXdpMtuMax(geometry),
    poolPageBytes,
    strideBytes,
    actualBuffersPerPage,
    tailWasteBytes: fragMode ? poolPageBytes - actualBuffersPerPage * strideBytes : 0,
    pageFragBuffers,
    pageFragStrideBytes: pageFragBuffers ? skbDataAlignTo(geometry, raw.allocSizeBytes) : 0,
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
 * Bytes a ring pins by formula: pool buffers take `strideBytes` each; buffers from outside the
 * pool take PAGE_SIZE << get_order(alloc_size) (pre-allocated pages, see pre-alloc.ts), or
 * their page_frag fragment before fa37a8849634 (page-frag.ts).
 */
export function ringFootprintFormulaBytes(cfg: ManaRxBufCfg, poolBuffers: number, nonPoolBuffers: number, pageSizeBytes: number): number {
  const nonPoolBytes = cfg.pageFragBuffers ? cfg.pageFragStrideBytes : pageSizeBytes * 2 ** pageOrder(cfg.allocSizeBytes, pageSizeBytes);
  return poolBuffers * cfg.strideBytes + nonPoolBuffers * nonPoolBytes;
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
