/**
 * page_pool (net/core/page_pool.c) as of v5.15 and of current upstream ('6.x'), selected by
 * the kernel version of the environment.
 *
 * API:
 *   pagePoolCreate(env, allocator, params) -> PagePool | -errno        Mirrors page_pool_create()
 *   pagePoolAllocPages(pool) -> Page | null                             Mirrors page_pool_alloc_pages()
 *   pagePoolAllocFrag(pool, sizeBytes) -> Page | null; offset in pool.lastFragOffsetBytes
 *                                                                       Mirrors page_pool_alloc_frag()
 *   pagePoolPutPage(pool, page, dmaSyncSizeBytes, allowDirect)         Mirrors page_pool_put_page()
 *   pagePoolPutFullPage(pool, page, allowDirect), pagePoolRecycleDirect(pool, page),
 *   pagePoolFreeVa(pool, page, allowDirect)                             the wrappers
 *   pagePoolRefPage(page)                                               Mirrors page_pool_ref_page() (6.8+)
 *   pagePoolGetDmaAddr(page), pagePoolInflight(pool)
 *   pagePoolUseXdpMem(pool)                                             one more user reference
 *   pagePoolDestroy(pool)                                               Mirrors page_pool_destroy()
 *   pagePoolSetNetdevGone(pool)                                         6.8+: stalled warnings become visible
 *   PP_FLAG_DMA_MAP, PP_FLAG_DMA_SYNC_DEV, PP_FLAG_PAGE_FRAG, PP_DMA_SYNC_ALL, PP_ALLOC_CACHE_SIZE, ...
 *
 * Modelled: the 128-entry alloc cache (LIFO) refilled 64 at a time from the ptr_ring
 * (FIFO, capacity pool_size); the slow path (order 0: bulk of 64, each mapped and synced for
 * max_len; order > 0: one compound page); fragments (bias, frag_users, DMA-aligned size,
 * drain at the end of a page, the wasted tail); recycling only when the page refcount is 1,
 * else the page leaves the pool (released_refcnt); inflight = hold - release; destroy with
 * deferred release retried every simulated second (engine events) and the stalled-shutdown
 * warning every 60 s in env.log. Version rules: before 6.7, fragments need PP_FLAG_PAGE_FRAG
 * (else WARN and NULL) and the fragment count is decremented on put only with that flag,
 * with BIAS_MAX = LONG_MAX; from 6.7 every page has pp_ref_count (1 when it enters the
 * pool), from 6.8 BIAS_MAX = LONG_MAX >> 1, the warning names the pool id and is printed
 * only once the pool's netdev is gone; from 6.15 destroy DMA-unmaps every page the pool still
 * has mapped (the dma_mapped xarray) and pool_size is clamped to 16384 instead of -E2BIG.
 *
 * Simplified: one NUMA node (no 'waive'), no pfmemalloc pages, no memory providers, the
 * caller is assumed to be in softirq context; 6.x page_pool_napi_local() promotion of
 * allow_direct is not modelled (callers pass allowDirect explicitly). BIAS_MAX is kept as a
 * safe integer (2^53 - 1 for LONG_MAX, half of it for LONG_MAX >> 1): only "far above any
 * real number of fragments" matters to the arithmetic. Stats are counted on every version
 * (the kernel has them from 5.18 with CONFIG_PAGE_POOL_STATS).
 */
import { violate, type Simulator } from '../../engine/index.ts';
import { alignUp } from './arch.ts';
import { chargeHere, PHASE_PAGE_POOL } from './cpu.ts';
import {
  dmaMap, dmaMappingError, dmaSyncForDevice, dmaUnmap, DMA_BIDIRECTIONAL, DMA_FROM_DEVICE, type DmaDevice, type DmaDirection,
} from './dma.ts';
import { klog, type KernelEnv } from './env.ts';
import { E2BIG, EINVAL } from './errno.ts';
import { allocPages, allocPagesBulk, putPage, type Page, type PageAllocator } from './page.ts';
import { has, kernelOf } from './kernel-of.ts';
import type { ResolvedKernel } from './kernel-spec.ts';

export const PP_FLAG_DMA_MAP = 1;
export const PP_FLAG_DMA_SYNC_DEV = 2;
/** BIT(2): PP_FLAG_PAGE_FRAG in 5.14-6.6, PP_FLAG_SYSTEM_POOL from 6.8. */
export const PP_FLAG_PAGE_FRAG = 4;
export const PP_FLAG_SYSTEM_POOL = 4;
export const PP_FLAG_ALLOW_UNREADABLE_NETMEM = 8;
export const PP_ALLOC_CACHE_SIZE = 128;
export const PP_ALLOC_CACHE_REFILL = 64;
/** dma_sync_size of -1 (u32 max): sync max_len. */
export const PP_DMA_SYNC_ALL = 0xffffffff;
export const DEFER_TIME_NS = 1_000_000_000;
export const DEFER_WARN_INTERVAL_NS = 60_000_000_000;
/** Model stand-ins for LONG_MAX (5.14-6.7) and LONG_MAX >> 1 (6.8+), see the header. */
export const BIAS_MAX_LONG = Number.MAX_SAFE_INTEGER;
export const BIAS_MAX_HALF = Math.floor(Number.MAX_SAFE_INTEGER / 2);

export interface PagePoolParams {
  flags?: number;
  order?: number;
  /** Capacity of the recycle ptr_ring (0: default 1024). */
  poolSize?: number;
  maxLenBytes?: number;
  offsetBytes?: number;
  dmaDir?: DmaDirection;
  /** pool->p.dev: needed with PP_FLAG_DMA_MAP. */
  dma?: DmaDevice | null;
  /** pool->p.netdev is set and registered (6.8+: stalled-shutdown warnings stay silent until it is gone). */
  netdev?: boolean;
}

export interface PagePoolStats {
  allocFast: number;
  allocSlow: number;
  allocSlowHighOrder: number;
  allocEmpty: number;
  allocRefill: number;
  recycleCached: number;
  recycleCacheFull: number;
  recycleRing: number;
  recycleRingFull: number;
  recycleReleasedRefcnt: number;
}

export interface PagePool {
  readonly id: number;
  readonly env: KernelEnv;
  readonly allocator: PageAllocator;
  readonly dma: DmaDevice | null;
  readonly flags: number;
  readonly order: number;
  /** PAGE_SIZE << order. */
  readonly pageBytes: number;
  readonly ringCapacity: number;
  readonly maxLenBytes: number;
  readonly offsetBytes: number;
  readonly dmaDir: DmaDirection;
  readonly dmaMapEnabled: boolean;
  /** pool->dma_sync (cleared by the 6.15+ scrub). */
  dmaSync: boolean;
  /** 6.7+: pp_ref_count on every page, fragments without a flag. */
  readonly unifiedRefCount: boolean;
  /** v5.14+: page_pool_alloc_frag exists. */
  readonly fragSupported: boolean;
  readonly biasMax: number;
  readonly cache: (Page | null)[];
  cacheCount: number;
  readonly ring: (Page | null)[];
  ringHead: number;
  ringCount: number;
  fragPage: Page | null;
  fragOffsetBytes: number;
  fragUsers: number;
  /** Output of pagePoolAllocFrag (the kernel's *offset). */
  lastFragOffsetBytes: number;
  /** Pages started as fragment pages, bytes never handed out at their ends, fragments handed out. */
  fragPagesStarted: number;
  fragTailWastedBytes: number;
  fragsAllocated: number;
  /** WARN_ONs printed by page_pool_alloc_frag. */
  fragWarnings: number;
  holdCnt: number;
  releaseCnt: number;
  readonly stats: PagePoolStats;
  userCnt: number;
  /** page_pool_destroy dropped the last user. */
  destroyed: boolean;
  destroyCnt: number;
  /** The pool struct was freed (inflight reached 0 after destroy). */
  freed: boolean;
  freedAtNs: number;
  deferStartNs: number;
  deferWarnNs: number;
  releaseRetries: number;
  netdevRegistered: boolean;
  /** 6.15+ pool->dma_mapped: pages the pool has mapped. */
  readonly dmaMapped: Set<Page> | null;
  readonly scratch: Page[];
}

interface PoolRegistry {
  readonly retryKind: number;
  readonly pools: (PagePool | undefined)[];
}

const registries = new WeakMap<Simulator, PoolRegistry>();

function registryFor(sim: Simulator): PoolRegistry {
  let reg = registries.get(sim);
  if (reg === undefined) {
    const pools: (PagePool | undefined)[] = [undefined];
    const retryKind = sim.register('kernel.page_pool.release_retry', (id) => pageReleaseRetry(pools[id]!));
    reg = { retryKind, pools };
    registries.set(sim, reg);
  }
  return reg;
}

/**
 * The page_pool_params.flags the kernel accepts (PP_FLAG_ALL, include/net/page_pool/types.h).
 * BIT(2) is PP_FLAG_PAGE_FRAG while that flag exists and PP_FLAG_SYSTEM_POOL once that is added.
 */
function validFlags(kernel: ResolvedKernel): number {
  let all = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV;
  const pageFrag = has(kernel, 'page-pool-frag') && !has(kernel, 'page-pool-frag-flag-removed');
  if (pageFrag || has(kernel, 'page-pool-system-pool-flag')) all |= PP_FLAG_PAGE_FRAG;
  if (has(kernel, 'page-pool-unreadable-netmem-flag')) all |= PP_FLAG_ALLOW_UNREADABLE_NETMEM;
  return all;
}

/** Mirrors page_pool_create() / page_pool_init(), net/core/page_pool.c (v5.15 / v6.x): the pool or -errno. */
export function pagePoolCreate(env: KernelEnv, allocator: PageAllocator, params: PagePoolParams): PagePool | number {
  const kernel = kernelOf(env.version);
  const flags = params.flags ?? 0;
  const order = params.order ?? 0;
  const poolSize = params.poolSize ?? 0;
  const maxLenBytes = params.maxLenBytes ?? 0;
  const dmaDir = params.dmaDir ?? DMA_FROM_DEVICE;
  if (!(Number.isSafeInteger(poolSize) && poolSize >= 0 && Number.isSafeInteger(order) && order >= 0)) {
    throw new RangeError(`pagePoolCreate: poolSize and order must be integers >= 0, found ${poolSize} and ${order}`);
  }
  if (flags & ~validFlags(kernel)) return -EINVAL;
  let ringCapacity = 1024;
  // The commit behind the 6.15 ring-size rule is not identified; it is taken to come with the
  // DMA-mapped tracking of the same release (see that registry entry's `unknown`).
  if (has(kernel, 'page-pool-dma-mapped-tracking')) {
    if (poolSize) ringCapacity = Math.min(poolSize, 16384);
  } else {
    if (poolSize) ringCapacity = poolSize;
    if (ringCapacity > 32768) return -E2BIG;
  }
  if (flags & PP_FLAG_DMA_MAP) {
    if (dmaDir !== DMA_FROM_DEVICE && dmaDir !== DMA_BIDIRECTIONAL) return -EINVAL;
    if (!params.dma) throw new RangeError('pagePoolCreate: PP_FLAG_DMA_MAP needs params.dma (pool->p.dev)');
  }
  if (flags & PP_FLAG_DMA_SYNC_DEV) {
    if (!(flags & PP_FLAG_DMA_MAP)) return -EINVAL;
    if (!maxLenBytes) return -EINVAL;
  }
  // 6.x rejects order > MAX_PAGE_ORDER; 5.15 would fail every allocation instead. Both reject here.
  if (order > env.arch.maxPageOrder) return -EINVAL;
  const reg = registryFor(env.sim);
  const unified = has(kernel, 'page-pool-frag-flag-removed');
  const pool: PagePool = {
    id: reg.pools.length,
    env,
    allocator,
    dma: params.dma ?? null,
    flags,
    order,
    pageBytes: env.arch.pageSizeBytes * 2 ** order,
    ringCapacity,
    maxLenBytes,
    offsetBytes: params.offsetBytes ?? 0,
    dmaDir,
    dmaMapEnabled: (flags & PP_FLAG_DMA_MAP) !== 0,
    dmaSync: (flags & PP_FLAG_DMA_SYNC_DEV) !== 0,
    unifiedRefCount: unified,
    fragSupported: has(kernel, 'page-pool-frag'),
    biasMax: has(kernel, 'page-pool-bias-max-half') ? BIAS_MAX_HALF : BIAS_MAX_LONG,
    cache: new Array<Page | null>(PP_ALLOC_CACHE_SIZE).fill(null),
    cacheCount: 0,
    ring: new Array<Page | null>(ringCapacity).fill(null),
    ringHead: 0,
    ringCount: 0,
    fragPage: null,
    fragOffsetBytes: 0,
    fragUsers: 0,
    lastFragOffsetBytes: 0,
    fragPagesStarted: 0,
    fragTailWastedBytes: 0,
    fragsAllocated: 0,
    fragWarnings: 0,
    holdCnt: 0,
    releaseCnt: 0,
    stats: {
      allocFast: 0, allocSlow: 0, allocSlowHighOrder: 0, allocEmpty: 0, allocRefill: 0,
      recycleCached: 0, recycleCacheFull: 0, recycleRing: 0, recycleRingFull: 0, recycleReleasedRefcnt: 0,
    },
    userCnt: 1,
    destroyed: false,
    destroyCnt: 0,
    freed: false,
    freedAtNs: -1,
    deferStartNs: 0,
    deferWarnNs: 0,
    releaseRetries: 0,
    netdevRegistered: params.netdev ?? false,
    dmaMapped: has(kernel, 'page-pool-dma-mapped-tracking') ? new Set() : null,
    scratch: [],
  };
  reg.pools.push(pool);
  return pool;
}

/** Mirrors page_pool_inflight(), net/core/page_pool.c (v5.15, v6.x): pages_state_hold_cnt - pages_state_release_cnt. */
export function pagePoolInflight(pool: PagePool): number {
  return pool.holdCnt - pool.releaseCnt;
}

/** Mirrors page_pool_get_dma_addr(), include/net/page_pool/helpers.h (v5.15, v6.x). */
export function pagePoolGetDmaAddr(page: Page): number {
  return page.dmaAddr;
}

/** Mirrors page_pool_dma_sync_for_device(), net/core/page_pool.c (v5.15, v6.x): min(size, max_len) at offset. */
function syncForDevice(pool: PagePool, page: Page, dmaSyncSizeBytes: number): void {
  if (!pool.dmaSync) return;
  const size = dmaSyncSizeBytes < 0 || dmaSyncSizeBytes > pool.maxLenBytes ? pool.maxLenBytes : dmaSyncSizeBytes;
  dmaSyncForDevice(pool.dma!, page.dmaAddr + pool.offsetBytes, size, pool.dmaDir, 'page_pool_dma_sync_for_device');
}

/** Mirrors page_pool_dma_map(), net/core/page_pool.c (v5.15, v6.x): maps the whole (compound) page. */
function poolDmaMap(pool: PagePool, page: Page): boolean {
  const addr = dmaMap(pool.dma!, page, 0, pool.pageBytes, pool.dmaDir, 'page_pool_dma_map');
  if (dmaMappingError(addr)) return false;
  page.dmaAddr = addr;
  if (pool.dmaMapped !== null) pool.dmaMapped.add(page);
  syncForDevice(pool, page, pool.maxLenBytes);
  return true;
}

/** Mirrors page_pool_set_pp_info(), net/core/page_pool.c (v5.15, v6.x). */
function setPpInfo(pool: PagePool, page: Page): void {
  page.pp = pool;
  if (pool.unifiedRefCount) page.ppRefCount = 1;
}

/** Mirrors page_pool_release_page() (v5.15) / __page_pool_release_netmem_dma() + release count (v6.x). */
function releasePage(pool: PagePool, page: Page): void {
  if (pool.dmaMapEnabled) {
    const tracked = pool.dmaMapped === null || pool.dmaMapped.delete(page);
    if (tracked) dmaUnmap(pool.dma!, page.dmaAddr, pool.pageBytes, pool.dmaDir, 'page_pool_return_page');
    page.dmaAddr = 0;
  }
  page.pp = null;
  page.ppRefCount = 0;
  pool.releaseCnt++;
  if (pool.releaseCnt > pool.holdCnt) {
    violate(pool.env.sim, 'page_pool_release_page', 'pp-inflight-nonneg', `page_pool ${pool.id}: released ${pool.releaseCnt} pages but only ${pool.holdCnt} entered it`);
  }
}

/** Mirrors page_pool_return_page(), net/core/page_pool.c (v5.15, v6.x): leave the pool, drop the pool's reference. */
function returnPage(pool: PagePool, page: Page): void {
  releasePage(pool, page);
  putPage(page);
}

function ringConsume(pool: PagePool): Page {
  const page = pool.ring[pool.ringHead]!;
  pool.ring[pool.ringHead] = null;
  pool.ringHead = pool.ringHead + 1 === pool.ringCapacity ? 0 : pool.ringHead + 1;
  pool.ringCount--;
  return page;
}

/** Mirrors page_pool_refill_alloc_cache(), net/core/page_pool.c (v5.15, v6.x): up to 64 pages from the ring. */
function refillAllocCache(pool: PagePool): Page | null {
  if (pool.ringCount === 0) {
    pool.stats.allocEmpty++;
    return null;
  }
  chargeHere(pool.env.cpu, pool.env.cpu.costs.ppRingNs, PHASE_PAGE_POOL);
  do {
    pool.cache[pool.cacheCount++] = ringConsume(pool);
  } while (pool.cacheCount < PP_ALLOC_CACHE_REFILL && pool.ringCount > 0);
  const page = pool.cache[--pool.cacheCount]!;
  pool.cache[pool.cacheCount] = null;
  page.ppCached = false;
  pool.stats.allocRefill++;
  return page;
}

/** Mirrors __page_pool_alloc_page_order(), net/core/page_pool.c (v5.15, v6.x). */
function allocPageOrder(pool: PagePool): Page | null {
  const page = allocPages(pool.allocator, pool.order);
  if (page === null) return null;
  if (pool.dmaMapEnabled && !poolDmaMap(pool, page)) {
    putPage(page);
    return null;
  }
  pool.stats.allocSlowHighOrder++;
  setPpInfo(pool, page);
  pool.holdCnt++;
  return page;
}

/** Mirrors __page_pool_alloc_pages_slow() / __page_pool_alloc_netmems_slow(), net/core/page_pool.c (v5.15, v6.x). */
function allocPagesSlow(pool: PagePool): Page | null {
  if (pool.order > 0) return allocPageOrder(pool);
  const scratch = pool.scratch;
  const n = allocPagesBulk(pool.allocator, PP_ALLOC_CACHE_REFILL, scratch);
  if (n === 0) return null;
  for (let i = 0; i < n; i++) {
    const page = scratch[i];
    scratch[i] = null as unknown as Page;
    if (pool.dmaMapEnabled && !poolDmaMap(pool, page)) {
      putPage(page);
      continue;
    }
    setPpInfo(pool, page);
    page.ppCached = true;
    pool.cache[pool.cacheCount++] = page;
    pool.holdCnt++;
  }
  if (pool.cacheCount === 0) return null;
  const page = pool.cache[--pool.cacheCount]!;
  pool.cache[pool.cacheCount] = null;
  page.ppCached = false;
  pool.stats.allocSlow++;
  return page;
}

/** Mirrors page_pool_alloc_pages() / page_pool_dev_alloc_pages(), net/core/page_pool.c (v5.15/v6.x). */
export function pagePoolAllocPages(pool: PagePool): Page | null {
  if (pool.destroyed) {
    violate(pool.env.sim, 'page_pool_alloc_pages', 'pp-alloc-after-destroy', `page_pool ${pool.id} allocated from after page_pool_destroy`);
  }
  chargeHere(pool.env.cpu, pool.env.cpu.costs.ppCacheNs, PHASE_PAGE_POOL);
  if (pool.cacheCount > 0) {
    const page = pool.cache[--pool.cacheCount]!;
    pool.cache[pool.cacheCount] = null;
    page.ppCached = false;
    pool.stats.allocFast++;
    return page;
  }
  const refilled = refillAllocCache(pool);
  if (refilled !== null) return refilled;
  return allocPagesSlow(pool);
}

/**
 * Mirrors page_pool_unref_netmem() (v6.7+) and page_pool_atomic_sub_frag_count_return() (v5.14-6.6):
 * drops nr fragment references and returns what remains. `constantOne` is the kernel's
 * __builtin_constant_p(nr) put path.
 */
function unrefPage(pool: PagePool, page: Page, nr: number, constantOne: boolean): number {
  if (pool.unifiedRefCount) {
    if (page.ppRefCount === nr) {
      if (!constantOne) page.ppRefCount = 1;
      return 0;
    }
  } else if (constantOne && page.ppRefCount === nr) {
    return 0;
  }
  const ret = (page.ppRefCount -= nr);
  if (ret < 0) {
    violate(pool.env.sim, pool.unifiedRefCount ? 'page_pool_unref_netmem' : 'page_pool_atomic_sub_frag_count_return', 'pp-frag-count-nonneg',
      `page #${page.id} of page_pool ${pool.id}: fragment count went to ${ret} (WARN_ON(ret < 0))`);
  }
  if (ret === 0 && pool.unifiedRefCount) page.ppRefCount = 1;
  return ret;
}

/** Mirrors page_pool_recycle_in_cache(), net/core/page_pool.c (v5.15, v6.x). */
function recycleInCache(pool: PagePool, page: Page): boolean {
  if (pool.cacheCount === PP_ALLOC_CACHE_SIZE) {
    pool.stats.recycleCacheFull++;
    return false;
  }
  page.ppCached = true;
  pool.cache[pool.cacheCount++] = page;
  pool.stats.recycleCached++;
  return true;
}

/** Mirrors page_pool_recycle_in_ring(), net/core/page_pool.c (v5.15, v6.x): ptr_ring_produce, false when full. */
function recycleInRing(pool: PagePool, page: Page): boolean {
  chargeHere(pool.env.cpu, pool.env.cpu.costs.ppRingNs, PHASE_PAGE_POOL);
  if (pool.ringCount === pool.ringCapacity) return false;
  let tail = pool.ringHead + pool.ringCount;
  if (tail >= pool.ringCapacity) tail -= pool.ringCapacity;
  pool.ring[tail] = page;
  pool.ringCount++;
  page.ppCached = true;
  pool.stats.recycleRing++;
  return true;
}

/** Mirrors __page_pool_put_page(), net/core/page_pool.c (v5.15, v6.x): recycle iff refcount is 1, else leave the pool. */
function putPageInner(pool: PagePool, page: Page, dmaSyncSizeBytes: number, allowDirect: boolean): Page | null {
  if (page.refcount === 1) {
    syncForDevice(pool, page, dmaSyncSizeBytes);
    if (allowDirect && recycleInCache(pool, page)) return null;
    return page;
  }
  pool.stats.recycleReleasedRefcnt++;
  returnPage(pool, page);
  return null;
}

/** Mirrors page_pool_put_page(), include/net/page_pool/helpers.h + net/core/page_pool.c (v5.15, v6.x). */
export function pagePoolPutPage(pool: PagePool, page: Page, dmaSyncSizeBytes: number, allowDirect: boolean): void {
  if (page.pp !== pool || page.ppCached || page.freed) {
    const what = page.freed ? 'a freed page' : page.ppCached ? 'a page already in the pool (double put)' : page.pp === null ? 'a page no pool owns' : `a page of page_pool ${page.pp.id}`;
    violate(pool.env.sim, 'page_pool_put_page', 'pp-put-owned-page', `page_pool ${pool.id}: put of page #${page.id}, ${what}`);
  }
  if (allowDirect && pool.destroyed) {
    violate(pool.env.sim, 'page_pool_put_page', 'pp-direct-after-destroy', `page_pool ${pool.id}: direct recycling of page #${page.id} after page_pool_destroy (no NAPI context owns the pool)`);
  }
  chargeHere(pool.env.cpu, pool.env.cpu.costs.ppCacheNs, PHASE_PAGE_POOL);
  if (pool.unifiedRefCount || (pool.flags & PP_FLAG_PAGE_FRAG) !== 0) {
    if (unrefPage(pool, page, 1, true) !== 0) return;
  }
  const p = putPageInner(pool, page, dmaSyncSizeBytes, allowDirect);
  if (p !== null && !recycleInRing(pool, p)) {
    pool.stats.recycleRingFull++;
    returnPage(pool, p);
  }
}

/** Mirrors page_pool_put_full_page(), include/net/page_pool/helpers.h (v5.15, v6.x). */
export function pagePoolPutFullPage(pool: PagePool, page: Page, allowDirect: boolean): void {
  pagePoolPutPage(pool, page, PP_DMA_SYNC_ALL, allowDirect);
}

/** Mirrors page_pool_recycle_direct(), include/net/page_pool/helpers.h (v5.15, v6.x): caller is the pool's NAPI. */
export function pagePoolRecycleDirect(pool: PagePool, page: Page): void {
  pagePoolPutPage(pool, page, PP_DMA_SYNC_ALL, true);
}

/** Mirrors page_pool_free_va(), include/net/page_pool/helpers.h (v6.7; open-coded in the 5.15 MANA backport). */
export function pagePoolFreeVa(pool: PagePool, page: Page, allowDirect: boolean): void {
  pagePoolPutPage(pool, page, PP_DMA_SYNC_ALL, allowDirect);
}

/** Mirrors page_pool_ref_page() / page_pool_ref_netmem(), helpers.h (v6.8+): one more fragment reference. */
export function pagePoolRefPage(page: Page): void {
  if (page.pp === null || page.freed || page.ppRefCount <= 0) {
    violate(page.allocator.env.sim, 'page_pool_ref_netmem', 'pp-ref-owned-page', `page #${page.id}: pp reference taken on a page no pool owns or with pp_ref_count ${page.ppRefCount}`);
  }
  page.ppRefCount++;
}

/** Mirrors page_pool_drain_frag(), net/core/page_pool.c (v5.15, v6.x). */
function drainFrag(pool: PagePool, page: Page): Page | null {
  if (unrefPage(pool, page, pool.biasMax - pool.fragUsers, false) !== 0) return null;
  if (page.refcount === 1) {
    syncForDevice(pool, page, PP_DMA_SYNC_ALL);
    return page;
  }
  returnPage(pool, page);
  return null;
}

/** Mirrors page_pool_alloc_frag(), net/core/page_pool.c (v5.15 / v6.x): the page, its offset in pool.lastFragOffsetBytes. */
export function pagePoolAllocFrag(pool: PagePool, sizeBytes: number): Page | null {
  const env = pool.env;
  if (!pool.fragSupported) {
    violate(env.sim, 'page_pool_alloc_frag', 'pp-frag-supported', `page_pool_alloc_frag does not exist before v5.14 (kernel ${env.version})`);
  }
  const maxSize = pool.pageBytes;
  if ((!pool.unifiedRefCount && (pool.flags & PP_FLAG_PAGE_FRAG) === 0) || sizeBytes > maxSize) {
    pool.fragWarnings++;
    klog(env, 'page_pool_alloc_frag', pool.unifiedRefCount
      ? `WARNING: at net/core/page_pool.c page_pool_alloc_frag_netmem: WARN_ON(size > max_size) (size ${sizeBytes}, max ${maxSize})`
      : `WARNING: at net/core/page_pool.c page_pool_alloc_frag: WARN_ON(!(pool->p.flags & PP_FLAG_PAGE_FRAG) || size > max_size) (flags ${pool.flags}, size ${sizeBytes}, max ${maxSize})`);
    return null;
  }
  const size = alignUp(sizeBytes, env.arch.dmaAlignBytes);
  const offset = pool.fragOffsetBytes;
  let page = pool.fragPage;
  if (page !== null && offset + size > maxSize) {
    pool.fragTailWastedBytes += maxSize - offset;
    page = drainFrag(pool, page);
    if (page !== null && pool.unifiedRefCount) {
      pool.stats.recycleCached++;
      pool.stats.allocFast++;
    }
  } else if (page !== null) {
    pool.fragUsers++;
    pool.fragOffsetBytes = offset + size;
    pool.lastFragOffsetBytes = offset;
    pool.fragsAllocated++;
    return page;
  }
  if (page === null) {
    page = pagePoolAllocPages(pool);
    if (page === null) {
      pool.fragPage = null;
      return null;
    }
    pool.fragPage = page;
  }
  pool.fragUsers = 1;
  pool.lastFragOffsetBytes = 0;
  pool.fragOffsetBytes = size;
  page.ppRefCount = pool.biasMax;
  pool.fragPagesStarted++;
  pool.fragsAllocated++;
  return page;
}

/** Mirrors page_pool_free_frag(), net/core/page_pool.c (v5.15, v6.x). */
function freeFrag(pool: PagePool): void {
  const page = pool.fragPage;
  pool.fragPage = null;
  if (page === null) return;
  pool.fragTailWastedBytes += pool.pageBytes - pool.fragOffsetBytes;
  if (unrefPage(pool, page, pool.biasMax - pool.fragUsers, false) !== 0) return;
  returnPage(pool, page);
}

/** Mirrors page_pool_use_xdp_mem(), net/core/page_pool.c (v5.15, v6.x): xdp_rxq_info_reg_mem_model holds a user reference. */
export function pagePoolUseXdpMem(pool: PagePool): void {
  pool.userCnt++;
}

/** 6.8+: the pool's netdev was unregistered (page_pool_unreg_netdev), so stalled warnings print. */
export function pagePoolSetNetdevGone(pool: PagePool): void {
  pool.netdevRegistered = false;
}

/** Mirrors page_pool_scrub(), net/core/page_pool.c (v5.15; v6.15+ also DMA-unmaps every mapped page). */
function scrub(pool: PagePool): void {
  if (pool.destroyCnt === 0) {
    while (pool.cacheCount > 0) {
      const page = pool.cache[--pool.cacheCount]!;
      pool.cache[pool.cacheCount] = null;
      page.ppCached = false;
      returnPage(pool, page);
    }
  }
  if (pool.destroyCnt++ === 0 && pool.dmaMapEnabled && pool.dmaMapped !== null) {
    pool.dmaSync = false;
    for (const page of pool.dmaMapped) dmaUnmap(pool.dma!, page.dmaAddr, pool.pageBytes, pool.dmaDir, 'page_pool_scrub');
    pool.dmaMapped.clear();
  }
  while (pool.ringCount > 0) {
    const page = ringConsume(pool);
    page.ppCached = false;
    if (page.refcount !== 1) klog(pool.env, 'page_pool_empty_ring', `page_pool_empty_ring() page_pool refcnt ${page.refcount} violation`);
    returnPage(pool, page);
  }
}

/** Mirrors page_pool_release(), net/core/page_pool.c (v5.15, v6.x): scrub, then free the pool when nothing is in flight. */
function release(pool: PagePool): number {
  scrub(pool);
  const inflight = pagePoolInflight(pool);
  if (inflight === 0) {
    pool.freed = true;
    pool.freedAtNs = pool.env.sim.nowNs;
  }
  return inflight;
}

/** Mirrors page_pool_release_retry(), net/core/page_pool.c (v5.15 / v6.x message and visibility rules). */
function pageReleaseRetry(pool: PagePool): void {
  const env = pool.env;
  pool.releaseRetries++;
  const inflight = release(pool);
  if (inflight <= 0) return;
  const now = env.sim.nowNs;
  const visiblePools = has(kernelOf(env.version), 'page-pool-netdev-quiet-warning');
  const quiet = visiblePools && pool.netdevRegistered;
  if (now >= pool.deferWarnNs && !quiet) {
    const sec = Math.trunc((now - pool.deferStartNs) / 1_000_000_000);
    klog(env, 'page_pool_release_retry', visiblePools
      ? `page_pool_release_retry() stalled pool shutdown: id ${pool.id}, ${inflight} inflight ${sec} sec`
      : `page_pool_release_retry() stalled pool shutdown ${inflight} inflight ${sec} sec`);
    pool.deferWarnNs = now + DEFER_WARN_INTERVAL_NS;
  }
  env.sim.schedule(DEFER_TIME_NS, registryFor(env.sim).retryKind, pool.id, 0);
}

/** Mirrors page_pool_destroy(), net/core/page_pool.c (v5.15, v6.x): deferred release retried every second while pages are in flight. */
export function pagePoolDestroy(pool: PagePool): void {
  if (pool.userCnt <= 0) {
    violate(pool.env.sim, 'page_pool_destroy', 'pp-destroy-once', `page_pool ${pool.id} destroyed more often than it has users`);
  }
  if (--pool.userCnt > 0) return;
  pool.destroyed = true;
  freeFrag(pool);
  if (release(pool) === 0) return;
  pool.deferStartNs = pool.env.sim.nowNs;
  pool.deferWarnNs = pool.deferStartNs + DEFER_WARN_INTERVAL_NS;
  pool.env.sim.schedule(DEFER_TIME_NS, registryFor(pool.env.sim).retryKind, pool.id, 0);
}
