/**
 * Pages and the page allocator: order-N compound allocations with a _refcount, get_page /
 * put_page, and an allocator that counts pages and bytes in use, allocations and frees.
 *
 * API:
 *   createPageAllocator(env, { limitBytes? }) -> PageAllocator
 *   allocPages(pa, order) -> Page | null                    Mirrors alloc_pages()
 *   allocPagesBulk(pa, count, out) -> number filled         Mirrors alloc_pages_bulk() (order 0)
 *   getPage(page), putPage(page)                            Mirrors get_page() / put_page()
 *   setAllocFailure(pa, rng, probability), failNextAllocations(pa, n)   failure injection (pa.fault, fault.ts)
 *   pageAllocatorLeaks(pa) -> string | null                 live pages after a drain, or null
 *
 * A Page is a plain record. Its page_pool fields (pp, ppRefCount, dmaAddr) belong to
 * page-pool.ts; this module only frees pages and counts. Touching a page after its last
 * reference (get/put of a freed page) and freeing a page that still has references are
 * violations. A page_pool page whose last reference is dropped with put_page while the pool
 * still owns it is freed like the kernel does, and counted in `ppOwnedFrees` (the pool's
 * inflight count then never returns to zero, which is what the kernel shows too).
 *
 * Simplified: no zones, NUMA nodes, watermarks, pfmemalloc or fragmentation; an allocation
 * fails only by injection or when `limitBytes` would be exceeded.
 */
import { violate, type RandomStream } from '../../engine/index.ts';
import { chargeHere, PHASE_PAGE_ALLOC } from './cpu.ts';
import type { KernelEnv } from './env.ts';
import { armFault, createFaultPoint, failNext, shouldFail, type FaultPoint } from './fault.ts';
import type { PagePool } from './page-pool.ts';

export interface Page {
  readonly kind: 'page';
  /** Deterministic id (allocation counter), also used in violation messages. */
  readonly id: number;
  readonly order: number;
  /** PAGE_SIZE << order. */
  readonly sizeBytes: number;
  /** page->_refcount of the head page. */
  refcount: number;
  /** True once the last reference was dropped and the page went back to the allocator. */
  freed: boolean;
  /** page->pp (with the PP signature set) while a page_pool owns the page; null otherwise. */
  pp: PagePool | null;
  /** page->pp_frag_count (5.14-6.7) / pp_ref_count (6.8+). */
  ppRefCount: number;
  /** page_pool_get_dma_addr(): the pool's DMA mapping of the page, 0 when unmapped. */
  dmaAddr: number;
  /** Model bookkeeping: the page sits in its pool's alloc cache or ptr_ring (a second put is a double free). */
  ppCached: boolean;
  readonly allocator: PageAllocator;
}

export interface PageAllocator {
  readonly env: KernelEnv;
  nextId: number;
  /** Base pages in use (an order-N page counts 2^N). */
  pagesInUse: number;
  bytesInUse: number;
  peakBytesInUse: number;
  /** Successful allocation calls (a bulk call counts each page). */
  allocations: number;
  frees: number;
  /** Allocation attempts that failed (injected or over the limit). */
  failures: number;
  /** page_pool pages freed by put_page while the pool still owned them (a leak of pool inflight). */
  ppOwnedFrees: number;
  /** Allocations fail when bytesInUse would exceed this. */
  limitBytes: number;
  /** Injected failures of alloc_pages() and alloc_pages_bulk(). */
  readonly fault: FaultPoint;
  /** Pages not yet freed, by id. */
  readonly live: Map<number, Page>;
}

export interface PageAllocatorOptions {
  limitBytes?: number;
}

export function createPageAllocator(env: KernelEnv, options: PageAllocatorOptions = {}): PageAllocator {
  return {
    env,
    nextId: 1,
    pagesInUse: 0,
    bytesInUse: 0,
    peakBytesInUse: 0,
    allocations: 0,
    frees: 0,
    failures: 0,
    ppOwnedFrees: 0,
    limitBytes: options.limitBytes ?? Infinity,
    fault: createFaultPoint('alloc_pages', env.sim),
    live: new Map(),
  };
}

/** Every later allocation fails with `probability`, drawn from `rng` (a named stream). */
export function setAllocFailure(pa: PageAllocator, rng: RandomStream | null, probability: number): void {
  armFault(pa.fault, rng, probability);
}

/** The next n allocation attempts fail (tests). */
export function failNextAllocations(pa: PageAllocator, n = 1): void {
  failNext(pa.fault, n);
}

/** One allocation attempt of `sizeBytes`: injected failure, or over `limitBytes`. */
function allocFails(pa: PageAllocator, sizeBytes: number): boolean {
  return shouldFail(pa.fault, pa.bytesInUse + sizeBytes > pa.limitBytes);
}

function newPage(pa: PageAllocator, order: number, sizeBytes: number): Page {
  const page: Page = {
    kind: 'page',
    id: pa.nextId++,
    order,
    sizeBytes,
    refcount: 1,
    freed: false,
    pp: null,
    ppRefCount: 0,
    dmaAddr: 0,
    ppCached: false,
    allocator: pa,
  };
  pa.live.set(page.id, page);
  pa.pagesInUse += 1 << order;
  pa.bytesInUse += sizeBytes;
  if (pa.bytesInUse > pa.peakBytesInUse) pa.peakBytesInUse = pa.bytesInUse;
  pa.allocations++;
  return page;
}

/** Mirrors alloc_pages(gfp | __GFP_COMP, order), mm/page_alloc.c (v5.15/v6.x): refcount 1, or NULL. */
export function allocPages(pa: PageAllocator, order: number): Page | null {
  const arch = pa.env.arch;
  if (!(Number.isInteger(order) && order >= 0 && order <= arch.maxPageOrder)) {
    violate(pa.env.sim, 'alloc_pages', 'page-order-valid', `order ${order} is outside 0..${arch.maxPageOrder}`);
  }
  const costs = pa.env.cpu.costs;
  chargeHere(pa.env.cpu, costs.pageAllocNs + ((1 << order) - 1) * costs.pageCompoundPerTailNs, PHASE_PAGE_ALLOC);
  const sizeBytes = arch.pageSizeBytes * (1 << order);
  if (allocFails(pa, sizeBytes)) {
    pa.failures++;
    return null;
  }
  return newPage(pa, order, sizeBytes);
}

/**
 * Mirrors alloc_pages_bulk_node(), mm/page_alloc.c (v5.13+): fills up to `count` order-0 pages
 * into out[0..] and returns how many; the first failed page ends the bulk (the kernel returns a
 * short count when the per-cpu list runs dry).
 */
export function allocPagesBulk(pa: PageAllocator, count: number, out: Page[]): number {
  const pageSize = pa.env.arch.pageSizeBytes;
  let n = 0;
  while (n < count) {
    if (allocFails(pa, pageSize)) {
      pa.failures++;
      break;
    }
    out[n++] = newPage(pa, 0, pageSize);
  }
  chargeHere(pa.env.cpu, pa.env.cpu.costs.pageAllocNs + n * pa.env.cpu.costs.pageBulkAllocPerPageNs, PHASE_PAGE_ALLOC);
  return n;
}

/** Mirrors get_page(), include/linux/mm.h (v5.15, v6.x): the page must still be referenced. */
export function getPage(page: Page): void {
  if (page.freed || page.refcount <= 0) {
    violate(page.allocator.env.sim, 'get_page', 'page-use-after-free', `get_page on page #${page.id} (order ${page.order}) after its last reference was dropped (refcount ${page.refcount})`);
  }
  page.refcount++;
  chargeHere(page.allocator.env.cpu, page.allocator.env.cpu.costs.pageRefNs, PHASE_PAGE_ALLOC);
}

/** Mirrors put_page(), include/linux/mm.h (v5.15, v6.x): drops one reference; the last one frees the page. */
export function putPage(page: Page): void {
  if (page.freed || page.refcount <= 0) {
    violate(page.allocator.env.sim, 'put_page', 'page-use-after-free', `put_page on page #${page.id} (order ${page.order}) after its last reference was dropped (refcount ${page.refcount})`);
  }
  page.refcount--;
  chargeHere(page.allocator.env.cpu, page.allocator.env.cpu.costs.pageRefNs, PHASE_PAGE_ALLOC);
  if (page.refcount === 0) freePageToAllocator(page);
}

/** Mirrors __free_pages_ok() / free_unref_page(), mm/page_alloc.c (v5.15, v6.x): only a page with no references is freed. */
function freePageToAllocator(page: Page): void {
  const pa = page.allocator;
  if (page.refcount !== 0) {
    violate(pa.env.sim, '__free_pages', 'page-free-with-references', `page #${page.id} freed with refcount ${page.refcount}`);
  }
  if (pa.live.get(page.id) !== page) {
    violate(pa.env.sim, '__free_pages', 'page-double-free', `page #${page.id} is not allocated`);
  }
  if (page.pp !== null) pa.ppOwnedFrees++;
  page.freed = true;
  pa.live.delete(page.id);
  pa.pagesInUse -= 1 << page.order;
  pa.bytesInUse -= page.sizeBytes;
  pa.frees++;
  chargeHere(pa.env.cpu, pa.env.cpu.costs.pageFreeNs, PHASE_PAGE_ALLOC);
}

/** Mirrors page_ref_count(), include/linux/page_ref.h (v5.15, v6.x). */
export function pageRefCount(page: Page): number {
  return page.refcount;
}

/** Null when every page went back to the allocator, else a description of the first live pages. */
export function pageAllocatorLeaks(pa: PageAllocator, limit = 8): string | null {
  if (pa.live.size === 0) return null;
  const shown: string[] = [];
  for (const page of pa.live.values()) {
    if (shown.length >= limit) break;
    shown.push(`#${page.id} order ${page.order} refcount ${page.refcount}${page.pp !== null ? ` owned by page_pool ${page.pp.id}` : ''}`);
  }
  return `${pa.live.size} pages (${pa.bytesInUse} bytes) still allocated: ${shown.join('; ')}${pa.live.size > limit ? '; ...' : ''}`;
}
