/**
 * The per-CPU page_frag cache behind napi_alloc_frag() and netdev_alloc_frag(): what MANA jumbo
 * RX buffers came from before fa37a8849634 ("net: mana: Switch to page pool for jumbo frames").
 *
 * Modelled: a cache holds one page of PAGE_FRAG_CACHE_MAX_SIZE (32 KiB rounded up to a page,
 * order 3 on 4K pages) or, when that high-order allocation fails, an order-0 page; fragments are
 * carved from the end of the page downwards; the cache's share of the page's _refcount is the
 * pagecnt_bias, so holders free fragments with a plain put_page(); an exhausted page is reused
 * only when every fragment came back, else a new page is allocated. A request larger than the
 * cache page fails (the kernel's "low memory conditions" return), and the cache keeps that
 * page, so after one failed high-order refill jumbo requests keep failing until the page is
 * dropped: the reason fa37a8849634 gives ("not designed to work for fragsz > PAGE_SIZE").
 * Simplified: one cache per CPU for both entry points (in process context netdev_alloc_frag()
 * uses the napi cache under local_bh_disable() [M]); no pfmemalloc pages; no other users.
 */
import { alignUp, getOrder } from '../kernel/arch.ts';
import { allocPages, putPage, type Page, type PageAllocator } from '../kernel/page.ts';

/** PAGE_FRAG_CACHE_MAX_SIZE before rounding: __ALIGN_MASK(32768, ~PAGE_MASK), include/linux/mm_types.h. */
const PAGE_FRAG_CACHE_MAX_BYTES = 32768;

/** struct page_frag_cache of one CPU. */
export interface PageFragCache {
  page: Page | null;
  /** Bytes of the current page (nc->size): the high-order size or PAGE_SIZE after a fallback. */
  sizeBytes: number;
  /** nc->offset: the next fragment ends here; fragments go downwards. */
  offsetBytes: number;
  /** nc->pagecnt_bias: references the cache still owns of its page. */
  pagecntBias: number;
  /** Pages this cache allocated (for reports). */
  pagesAllocated: number;
  /** Refills that fell back from the high order to an order-0 page. */
  orderFallbacks: number;
}

/** The caches of a port, one per CPU; `pages` remembers every page they allocated. */
export interface PageFragCaches {
  readonly pa: PageAllocator;
  readonly perCpu: PageFragCache[];
  /** Pages allocated by a page_frag cache: their fragments are the buffers, not the whole page. */
  readonly pages: WeakSet<Page>;
}

export function createPageFragCaches(pa: PageAllocator, cpus: number): PageFragCaches {
  const perCpu: PageFragCache[] = [];
  for (let c = 0; c < cpus; c++) perCpu.push({ page: null, sizeBytes: 0, offsetBytes: 0, pagecntBias: 0, pagesAllocated: 0, orderFallbacks: 0 });
  return { pa, perCpu, pages: new WeakSet() };
}

/** PAGE_FRAG_CACHE_MAX_SIZE: 32 KiB rounded up to a whole page. */
export function pageFragCacheMaxBytes(pageSizeBytes: number): number {
  return alignUp(PAGE_FRAG_CACHE_MAX_BYTES, pageSizeBytes);
}

/** Mirrors __page_frag_cache_refill(), mm/page_alloc.c (v6.6): the high order first, else one page. */
function refill(caches: PageFragCaches, nc: PageFragCache): Page | null {
  const pageSize = caches.pa.env.arch.pageSizeBytes;
  const maxBytes = pageFragCacheMaxBytes(pageSize);
  let page: Page | null = null;
  if (pageSize < maxBytes) {
    page = allocPages(caches.pa, getOrder(caches.pa.env.arch, maxBytes));
    nc.sizeBytes = page !== null ? maxBytes : pageSize;
  } else {
    nc.sizeBytes = pageSize;
  }
  if (page === null) {
    if (pageSize < maxBytes) nc.orderFallbacks++;
    page = allocPages(caches.pa, 0);
  }
  nc.page = page;
  if (page !== null) {
    caches.pages.add(page);
    nc.pagesAllocated++;
  }
  return page;
}

/** Where the last fragment begins in its page (out parameter of pageFragAlloc). */
export const fragOut = { offsetBytes: 0 };

/**
 * One fragment of SKB_DATA_ALIGN(fragsz) bytes from the cache of `cpu`, or null. Mirrors
 * napi_alloc_frag() / netdev_alloc_frag() -> page_frag_alloc(), net/core/skbuff.c and
 * mm/page_alloc.c (v6.6). `alignedBytes` must already be SKB_DATA_ALIGNed by the caller.
 */
export function pageFragAlloc(caches: PageFragCaches, cpu: number, alignedBytes: number): Page | null {
  const nc = caches.perCpu[cpu];
  const maxRefs = pageFragCacheMaxBytes(caches.pa.env.arch.pageSizeBytes);
  if (nc.page === null) {
    if (!startPage(caches, nc, maxRefs)) return null;
  }
  let offset = nc.offsetBytes - alignedBytes;
  if (offset < 0) {
    const page = nc.page!;
    // page_ref_sub_and_test(page, nc->pagecnt_bias): the cache gives back its references.
    page.refcount -= nc.pagecntBias;
    if (page.refcount !== 0) {
      // Fragments are still out: their holders own the page now; start a new one.
      if (!startPage(caches, nc, maxRefs)) return null;
      offset = nc.offsetBytes - alignedBytes;
    } else {
      // Every fragment came back: set_page_count() and carve the same page again.
      page.refcount = maxRefs + 1;
      nc.pagecntBias = maxRefs + 1;
      offset = nc.sizeBytes - alignedBytes;
    }
    if (offset < 0) return null;
  }
  nc.pagecntBias--;
  nc.offsetBytes = offset;
  fragOut.offsetBytes = offset;
  return nc.page;
}

/** The refill label of page_frag_alloc(): a new page, page_ref_add(MAX_SIZE), bias MAX_SIZE + 1. */
function startPage(caches: PageFragCaches, nc: PageFragCache, maxRefs: number): boolean {
  const page = refill(caches, nc);
  if (page === null) return false;
  page.refcount += maxRefs;
  nc.pagecntBias = maxRefs + 1;
  nc.offsetBytes = nc.sizeBytes;
  return true;
}

/**
 * Gives back the references every cache still owns (the kernel keeps them for ever; the leak
 * check needs the cache pages home). Mirrors page_frag_cache_drain(), mm/page_frag_cache.c
 * (v6.12): page_ref_sub(bias - 1) and a last put_page that frees the page if no fragment is out.
 */
export function pageFragCachesDrain(caches: PageFragCaches): void {
  for (const nc of caches.perCpu) {
    const page = nc.page;
    if (page === null) continue;
    page.refcount -= nc.pagecntBias - 1;
    nc.page = null;
    nc.pagecntBias = 0;
    nc.offsetBytes = 0;
    putPage(page);
  }
}

/** True when `page` was allocated by a page_frag cache. */
export function isPageFragPage(caches: PageFragCaches, page: Page): boolean {
  return caches.pages.has(page);
}
