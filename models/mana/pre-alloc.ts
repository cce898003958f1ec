/**
 * Pre-allocated RX buffers (`mpc->rxbufs_pre`): before every reconfiguration (MTU change,
 * ring size change, XDP attach/detach) the driver allocates num_queues x rx_queue_size
 * buffers up front, so that `mana_attach` cannot fail on memory. Each is a whole
 * `dev_alloc_pages(get_order(alloc_size))` page, even in fragment mode, DMA-mapped with
 * `dma_map_single(va + headroom, datasize)`. They fill the first ring after the attach with
 * from_pool = false; whatever is left is unmapped and put back by mana_pre_dealloc_rxbufs.
 *
 * Modelled: allocation with failure unwinding, the size checks of mana_get_rxbuf_pre, the
 * LIFO hand-out (the driver takes from the end of the array) and the release.
 * Simplified: the two kmalloc'd arrays are not modelled as memory.
 */
import { allocPages, putPage, type Page, type PageAllocator } from '../kernel/page.ts';
import { DMA_FROM_DEVICE, dmaMap, dmaMappingError, dmaUnmap, type DmaDevice } from '../kernel/dma.ts';
import { getOrder } from './constants.ts';
import type { ManaRxBufCfg } from './rxbuf-cfg.ts';

export interface PreAllocBufs {
  readonly cfg: ManaRxBufCfg;
  readonly pages: Page[];
  readonly dmaAddrs: number[];
  /** mpc->rxbpre_total: buffers still held. */
  total: number;
}

/** Mirrors mana_pre_alloc_rxbufs(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18). Null is -ENOMEM. */
export function manaPreAllocRxbufs(pa: PageAllocator, dev: DmaDevice, cfg: ManaRxBufCfg, numQueues: number, rxQueueSize: number): PreAllocBufs | null {
  const order = getOrder(cfg.allocSizeBytes, pa.env.arch.pageSizeBytes);
  const n = numQueues * rxQueueSize;
  const pre: PreAllocBufs = { cfg, pages: [], dmaAddrs: [], total: 0 };
  for (let i = 0; i < n; i++) {
    const page = allocPages(pa, order);
    if (page === null) {
      manaPreDeallocRxbufs(dev, pre);
      return null;
    }
    const da = dmaMap(dev, page, cfg.headroomBytes, cfg.datasizeBytes, DMA_FROM_DEVICE, 'mana_pre_alloc_rxbufs');
    if (dmaMappingError(da)) {
      putPage(page);
      manaPreDeallocRxbufs(dev, pre);
      return null;
    }
    pre.pages.push(page);
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
    pre.dmaAddrs.pop();
  }
}

/**
 * Takes one pre-allocated buffer for a queue whose config must match the one the buffers were
 * sized for. Returns the page (and leaves its DMA address in `out.dmaAddr`), or null when none is left
 * or the sizes disagree. Mirrors mana_get_rxbuf_pre(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18).
 */
export function manaGetRxbufPre(pre: PreAllocBufs, cfg: ManaRxBufCfg, out: { dmaAddr: number }): Page | null {
  if (pre.total === 0) return null;
  if (pre.cfg.datasizeBytes !== cfg.datasizeBytes || pre.cfg.allocSizeBytes !== cfg.allocSizeBytes || pre.cfg.headroomBytes !== cfg.headroomBytes) return null;
  pre.total--;
  out.dmaAddr = pre.dmaAddrs[pre.total];
  const page = pre.pages[pre.total];
  pre.pages.pop();
  pre.dmaAddrs.pop();
  return page;
}
