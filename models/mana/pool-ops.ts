/**
 * The page_pool calls the MANA RX path makes, in one place: pool creation from the MANA
 * page_pool params (plus the XDP memory-model user reference), allocation of pages and
 * fragments, the put variants, and destroy. The version split of the drop path lives here:
 * upstream calls page_pool_free_va(pool, va, true), the 5.15 backport open-codes it as
 * page_pool_put_page(pool, virt_to_head_page(va), -1, true); both end in the same put.
 */
import {
  PP_DMA_SYNC_ALL,
  pagePoolAllocFrag,
  pagePoolAllocPages,
  pagePoolCreate,
  pagePoolDestroy,
  pagePoolFreeVa,
  pagePoolGetDmaAddr,
  pagePoolInflight,
  pagePoolPutFullPage,
  pagePoolPutPage,
  pagePoolRecycleDirect,
  pagePoolUseXdpMem,
  type PagePool,
} from '../kernel/page-pool.ts';
import { DMA_FROM_DEVICE } from '../kernel/dma.ts';
import type { Page } from '../kernel/page.ts';
import { atLeast } from '../kernel/version.ts';
import type { ManaRxBufCfg } from './rxbuf-cfg.ts';
import type { ManaPort } from './port.ts';

export type RxPool = PagePool;

export interface FragOut {
  offsetBytes: number;
  /** The fragment started a new pool page. */
  newPage: boolean;
}

/**
 * Mirrors mana_create_page_pool() + xdp_rxq_info_reg_mem_model(MEM_TYPE_PAGE_POOL),
 * drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18 / 5.15 backport). Null on -errno.
 */
export function rxPoolCreate(port: ManaPort, cfg: ManaRxBufCfg, _cpu: number, _queueIdx: number): RxPool | null {
  const p = cfg.pool;
  const pool = pagePoolCreate(port.env, port.pa, {
    flags: p.flags,
    order: p.order,
    poolSize: p.poolSize,
    maxLenBytes: p.maxLenBytes,
    dmaDir: DMA_FROM_DEVICE,
    dma: port.dev,
    netdev: atLeast(port.env.version, '6.8'),
  });
  if (typeof pool === 'number') return null;
  pagePoolUseXdpMem(pool);
  return pool;
}

/** Mirrors page_pool_dev_alloc_pages(), include/net/page_pool/helpers.h. */
export function rxPoolAllocPages(pool: RxPool): Page | null {
  return pagePoolAllocPages(pool);
}

/** Mirrors page_pool_dev_alloc_frag(), include/net/page_pool/helpers.h. */
export function rxPoolAllocFrag(pool: RxPool, sizeBytes: number, out: FragOut): Page | null {
  const started = pool.fragPagesStarted;
  const page = pagePoolAllocFrag(pool, sizeBytes);
  if (page === null) return null;
  out.offsetBytes = pool.lastFragOffsetBytes;
  out.newPage = pool.fragPagesStarted !== started;
  return page;
}

export function rxPoolDmaAddr(page: Page): number {
  return pagePoolGetDmaAddr(page);
}

export function rxPoolPutFullPage(pool: RxPool, page: Page, allowDirect: boolean): void {
  pagePoolPutFullPage(pool, page, allowDirect);
}

export function rxPoolRecycleDirect(pool: RxPool, page: Page): void {
  pagePoolRecycleDirect(pool, page);
}

/** page_pool_free_va() upstream; page_pool_put_page(pool, head, -1, allow_direct) in the 5.15 backport. */
export function rxPoolFreeVa(pool: RxPool, page: Page, allowDirect: boolean): void {
  // pool.unifiedRefCount is the v6.7+ rule, where page_pool_free_va() exists.
  if (pool.unifiedRefCount) pagePoolFreeVa(pool, page, allowDirect);
  else pagePoolPutPage(pool, page, PP_DMA_SYNC_ALL, allowDirect);
}

/** The pool a page belongs to (page->pp), or null for a page outside any pool. */
export function rxPoolOfPage(page: Page): RxPool | null {
  return page.pp === null ? null : (page.pp as RxPool);
}

/** Mirrors xdp_rxq_info_unreg() dropping the memory model's pool user reference, net/core/xdp.c. */
export function rxPoolXdpUnreg(pool: RxPool): void {
  pagePoolDestroy(pool);
}

export function rxPoolDestroy(pool: RxPool): void {
  pagePoolDestroy(pool);
}

export function rxPoolInflightPages(pool: RxPool): number {
  return pagePoolInflight(pool);
}
