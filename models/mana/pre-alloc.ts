/**
 * Pre-allocated RX buffers (`mpc->rxbufs_pre`): before every reconfiguration (MTU change,
 * ring size change, XDP attach/detach) the driver allocates num_queues x rx_queue_size
 * buffers up front, so that `mana_attach` cannot fail on memory. Each is a whole
 * `dev_alloc_pages(get_order(alloc_size))` page, even in fragment mode (before fa37a8849634: a
 * netdev_alloc_frag() fragment when alloc_size > PAGE_SIZE, else dev_alloc_page()), DMA-mapped
 * with `dma_map_single(va + headroom, datasize)`. They fill the first ring after the attach with
 * from_pool = false; whatever is left is unmapped and put back by mana_pre_dealloc_rxbufs.
 *
 * Modelled: allocation with failure unwinding, the size checks of mana_get_rxbuf_pre, the
 * LIFO hand-out (the driver takes from the end of the array) and the release.
 * Simplified: the two kmalloc'd arrays are not modelled as memory.
 */
import { getOrder } from '../kernel/arch.ts';
import { allocPages, putPage, type Page, type PageAllocator } from '../kernel/page.ts';
import { DMA_FROM_DEVICE, dmaMap, dmaMappingError, dmaUnmap, type DmaDevice } from '../kernel/dma.ts';
import { fragOut, pageFragAlloc, type PageFragCaches } from './page-frag.ts';
import type { ManaRxBufCfg } from './rxbuf-cfg.ts';

export interface PreAllocBufs {
  readonly cfg: ManaRxBufCfg;
  readonly pages: Page[];
  /** Where each buffer starts in its page: 0, or the offset of a page_frag fragment. */
  readonly offsets: number[];
  readonly dmaAddrs: number[];
  /** mpc->rxbpre_total: buffers still held. */
  total: number;
}

/**
 * Mirrors mana_pre_alloc_rxbufs(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18; the
 * netdev_alloc_frag() branch and its compound_order() check as in v6.6). Null is -ENOMEM.
 */
export function manaPreAllocRxbufs(pa: PageAllocator, dev: DmaDevice, caches: PageFragCaches, cfg: ManaRxBufCfg, numQueues: number, rxQueueSize: number): PreAllocBufs | null {
  const order = getOrder(pa.env.arch, cfg.allocSizeBytes);
  const n = numQueues * rxQueueSize;
  const pre: PreAllocBufs = { cfg, pages: [], offsets: [], dmaAddrs: [], total: 0 };
  for (let i = 0; i < n; i++) {
    let page: Page | null;
    let offset = 0;
    if (cfg.pageFragBuffers) {
      page = pageFragAlloc(caches, pa.env.cpu.currentCpu, cfg.pageFragStrideBytes);
      offset = fragOut.offsetBytes;
      // "Check if the frag falls back to single page".
      if (page !== null && page.order < order) {
        putPage(page);
        page = null;
      }
    } else {
      page = allocPages(pa, order);
    }
    if (page === null) {
      manaPreDeallocRxbufs(dev, pre);
      return null;
    }
    const da = dmaMap(dev, page, offset + cfg.headroomBytes, cfg.datasizeBytes, DMA_FROM_DEVICE, 'mana_pre_alloc_rxbufs');
    if (dmaMappingError(da)) {
      putPage(page);
      manaPreDeallocRxbufs(dev, pre);
      return null;
    }
    pre.pages.push(page);
    pre.offsets.push(offset);
    pre.dmaAddrs.push(da);
    pre.total = i + 1;
  }
  return pre;
}

/** Mirrors mana_pre_dealloc_rxbufs(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18). */
export function manaPreDeallocRxbufs(dev: DmaDevice, pre: PreAllocBufs): void {
  while (pre.total > 0) {
    const i = --pre.total;
    dmaUnmap(dev, pre.dmaAddrs[i], pre.cfg.datasizeBytes, DMA_FROM_DEVICE, 'mana_pre_dealloc_rxbufs');
    putPage(pre.pages[i]);
    pre.pages.pop();
    pre.offsets.pop();
    pre.dmaAddrs.pop();
  }
}

/**
 * Takes one pre-allocated buffer for a queue whose config must match the one the buffers were
 * sized for. Returns the page (and leaves its DMA address and offset in `out`), or null when none is left
 * or the sizes disagree. Mirrors mana_get_rxbuf_pre(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18).
 */
export function manaGetRxbufPre(pre: PreAllocBufs, cfg: ManaRxBufCfg, out: { dmaAddr: number; offsetBytes: number }): Page | null {
  if (pre.total === 0) return null;
  if (pre.cfg.datasizeBytes !== cfg.datasizeBytes || pre.cfg.allocSizeBytes !== cfg.allocSizeBytes || pre.cfg.headroomBytes !== cfg.headroomBytes) return null;
  pre.total--;
  out.dmaAddr = pre.dmaAddrs[pre.total];
  out.offsetBytes = pre.offsets[pre.total];
  const page = pre.pages[pre.total];
  pre.pages.pop();
  pre.offsets.pop();
  pre.dmaAddrs.pop();
  return page;
}
