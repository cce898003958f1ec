/**
 * The page_pool calls the MANA RX path makes outside its per-fragment fast path (which calls
 * page_pool_alloc_frag directly): pool creation from the MANA page_pool params (plus the XDP
 * memory-model user reference), page allocation, the put variants, and destroy. The version
 * split of the drop path lives here:
 * upstream calls page_pool_free_va(pool, va, true), the 5.15 backport open-codes it as
 * page_pool_put_page(pool, virt_to_head_page(va), -1, true); both end in the same put.
 */
import {
  PP_DMA_SYNC_ALL,
  pagePoolAllocPages,
  pagePoolCreate,
  pagePoolDestroy,
  pagePoolFreeVa,
  pagePoolInflight,
  pagePoolPutFullPage,
  pagePoolPutPage,
  pagePoolRecycleDirect,
  pagePoolUseXdpMem,
  type PagePool,
} from '../kernel/page-pool.ts';
import { DMA_FROM_DEVICE } from '../kernel/dma.ts';
import type { Page } from '../kernel/page.ts';
import { has, kernelOf } from '../kernel/kernel-of.ts';
import type { ManaRxBufCfg } from './rxbuf-cfg.ts';
import type { ManaPort } from './port.ts';

export type RxPool = PagePool;

/**
 * Mirrors mana_create_page_pool() + xdp_rxq_info_reg_mem_model(MEM_TYPE_PAGE_POOL),
 * drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18 / 5.15 backport). Null on -errno.
 */
export function rxPoolCreate(port: ManaPort, cfg: ManaRxBufCfg): RxPool | null {
  const p = cfg.pool;
  const pool = pagePoolCreate(port.env, port.pa, {
    flags: p.flags,
    order: p.order,
    poolSize: p.poolSize,
    maxLenBytes: p.maxLenBytes,
    dmaDir: DMA_FROM_DEVICE,
    dma: port.dev,
    netdev: has(kernelOf(port.env.version), 'page-pool-netdev-quiet-warning'),
  });
  if (typeof pool === 'number') return null;
  pagePoolUseXdpMem(pool);
  return pool;
}

/** Mirrors page_pool_dev_alloc_pages(), include/net/page_pool/helpers.h. */
export function rxPoolAllocPages(pool: RxPool): Page | null {
  return pagePoolAllocPages(pool);
}

export function rxPoolPutFullPage(pool: RxPool, page: Page, allowDirect: boolean): void {
  pagePoolPutFullPage(pool, page, allowDirect);
}

export function rxPoolRecycleDirect(pool: RxPool, page: Page): void {
  pagePoolRecycleDirect(pool, page);
}

/**
 * page_pool_free_va() where the kernel has it (de97502e16fc, `freeVa`); the 5.15 backport
 * open-codes it as page_pool_put_page(pool, virt_to_head_page(va), -1, allow_direct).
 */
export function rxPoolFreeVa(pool: RxPool, page: Page, allowDirect: boolean, freeVa: boolean): void {
  if (freeVa) pagePoolFreeVa(pool, page, allowDirect);
  else pagePoolPutPage(pool, page, PP_DMA_SYNC_ALL, allowDirect);
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
