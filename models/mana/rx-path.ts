/**
 * The MANA RX data path, per completion: the device writes a frame into the posted buffer at
 * the head of the ring; NAPI then runs mana_process_rx_cqe(): mana_refill_rx_oob() allocates
 * the replacement buffer first (mana_get_rxfrag) and only then gives the old one to
 * mana_rx_skb(), which runs XDP, builds the skb around the buffer (napi_build_skb, truesize
 * from alloc_size), marks pool buffers for recycling and hands the skb up; a dropped buffer
 * goes back to the pool (or, outside the pool, is saved as xdp_save_va for reuse).
 *
 * Modelled: every branch of the v6.18 functions named below, including the refill failure
 * path (packet dropped, old buffer reposted), XDP PASS/DROP/TX/REDIRECT/ABORTED, the
 * WARN_ON_ONCE(xdp_save_va) overwrite, CQE_RX_TRUNCATED, and the device's DMA write checked
 * by the DMA-debug model (a write into an unmapped or freed buffer is a violation).
 * Simplified: checksum/hash/VLAN handling from the CQE, eth_type_trans and GRO are not
 * modelled (their CPU cost is one per-packet charge); xdp_do_flush is implicit.
 */
import { violate } from '../../engine/violation.ts';
import { getOrder } from '../kernel/arch.ts';
import { putPage, type Page } from '../kernel/page.ts';
import { DMA_FROM_DEVICE, deviceWrite, dmaMap, dmaMappingError, dmaUnmap } from '../kernel/dma.ts';
import { klog } from '../kernel/env.ts';
import { chargeHere } from '../kernel/cpu.ts';
import { rxSkbBuild, rxSkbMarkForRecycle, rxSkbRelease } from './skb-table.ts';
import { XDP_PASS, XDP_REDIRECT, XDP_TX, xdpVerdict } from './xdp.ts';
import {
  DROP_NO_WQE,
  DROP_PORT_DOWN,
  DROP_REFILL_FAIL,
  DROP_SKB_ALLOC,
  DROP_TRUNCATED,
  DROP_XDP,
  DROP_XDP_REDIRECT_FAIL,
  DROP_XDP_TX_FAIL,
} from './drops.ts';
import type { ManaPort, ManaRxq } from './port.ts';
import { rxPoolAllocPages, rxPoolFreeVa, rxPoolPutFullPage, rxPoolRecycleDirect, type RxPool } from './pool-ops.ts';
import { pagePoolAllocFrag } from '../kernel/page-pool.ts';
import { fragOut, pageFragAlloc } from './page-frag.ts';

// Local copies of the verdict and drop codes: under tsx every access to an imported binding is
// a getter call, which the per-packet path would pay several times.
const PASS = XDP_PASS;
const TX = XDP_TX;
const REDIRECT = XDP_REDIRECT;
const D_NO_WQE = DROP_NO_WQE;
const D_PORT_DOWN = DROP_PORT_DOWN;
const D_REFILL_FAIL = DROP_REFILL_FAIL;
const D_SKB_ALLOC = DROP_SKB_ALLOC;
const D_TRUNCATED = DROP_TRUNCATED;
const D_XDP = DROP_XDP;
const D_XDP_REDIRECT_FAIL = DROP_XDP_REDIRECT_FAIL;
const D_XDP_TX_FAIL = DROP_XDP_TX_FAIL;

/** The buffer mana_get_rxfrag() produced (scratch, reused: no allocation per packet). */
const got = { page: null as Page | null, offsetBytes: 0, dmaAddr: 0, fromPool: false };

/**
 * Allocates one RX buffer into `got`. Mirrors mana_get_rxfrag(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18):
 * full-page mode reuses xdp_save_va or takes a pool page and dma_map_single()s it; fragment mode
 * takes a page_pool fragment already mapped by the pool. Before fa37a8849634 (v6.6) a buffer
 * larger than a page is a napi_alloc_frag() fragment instead, refused when its page fell back to
 * a single page.
 */
function manaGetRxfragInto(port: ManaPort, rxq: ManaRxq): boolean {
  const cfg = rxq.cfg;
  if (cfg.fragCount === 1) {
    let page: Page;
    let offset = 0;
    let fromPool = false;
    if (rxq.xdpSavePage !== null) {
      page = rxq.xdpSavePage;
      offset = rxq.xdpSaveOffsetBytes;
      rxq.xdpSavePage = null;
      rxq.stats.xdpSaveReuses++;
    } else if (cfg.pageFragBuffers) {
      const p = pageFragAlloc(port.fragCaches, port.env.cpu.currentCpu, cfg.pageFragStrideBytes);
      if (p === null) return false;
      if (p.order < getOrder(port.env.arch, cfg.allocSizeBytes)) {
        putPage(p);
        return false;
      }
      page = p;
      offset = fragOut.offsetBytes;
      rxq.stats.pageFragAllocs++;
    } else {
      const p = rxPoolAllocPages(rxq.pool);
      if (p === null) return false;
      page = p;
      fromPool = true;
      rxq.stats.poolAllocs++;
    }
    const da = dmaMap(port.dev, page, offset + cfg.headroomBytes, cfg.datasizeBytes, DMA_FROM_DEVICE, 'mana_get_rxfrag');
    if (dmaMappingError(da)) {
      // Mirrors mana_put_rx_page(), mana_en.c (v6.18).
      if (fromPool) rxPoolPutFullPage(rxq.pool, page, false);
      else putPage(page);
      return false;
    }
    rxq.stats.driverDmaMaps++;
    got.page = page;
    got.offsetBytes = offset;
    got.dmaAddr = da;
    got.fromPool = fromPool;
    return true;
  }
  // Mirrors page_pool_dev_alloc_frag(), helpers.h; the offset comes back in pool.lastFragOffsetBytes.
  const pool = rxq.pool;
  const started = pool.fragPagesStarted;
  const page = pagePoolAllocFrag(pool, cfg.allocSizeBytes);
  if (page === null) return false;
  rxq.stats.poolAllocs++;
  if (pool.fragPagesStarted !== started) rxq.stats.fragPagesStarted++;
  got.page = page;
  got.offsetBytes = pool.lastFragOffsetBytes;
  // page_pool_get_dma_addr(page) + offset + headroom.
  got.dmaAddr = page.dmaAddr + got.offsetBytes + cfg.headroomBytes;
  got.fromPool = true;
  return true;
}

function installSlot(rxq: ManaRxq, slot: number): void {
  rxq.slotPage[slot] = got.page;
  rxq.slotOffset[slot] = got.offsetBytes;
  rxq.slotDma[slot] = got.dmaAddr;
  rxq.slotFromPool[slot] = got.fromPool ? 1 : 0;
  if (got.fromPool) rxq.ringPoolBuffers++;
  else rxq.ringNonPoolBuffers++;
  got.page = null;
}

/** Fills an empty slot at queue creation (the mana_fill_rx_oob() pool branch). */
export function manaGetRxfrag(port: ManaPort, rxq: ManaRxq, slot: number): boolean {
  if (!manaGetRxfragInto(port, rxq)) return false;
  installSlot(rxq, slot);
  return true;
}

/** The old buffer mana_refill_rx_oob() hands to mana_rx_skb() (scratch). */
const old = { page: null as Page | null, offsetBytes: 0, fromPool: false };

/**
 * Mirrors mana_refill_rx_oob(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18): the
 * replacement is allocated first; on failure the old buffer stays posted and `old.page` is null.
 */
function manaRefillRxOob(port: ManaPort, rxq: ManaRxq, slot: number): void {
  old.page = null;
  if (!manaGetRxfragInto(port, rxq)) {
    rxq.stats.refillFailures++;
    return;
  }
  const oldFromPool = rxq.slotFromPool[slot] === 1;
  if (!oldFromPool || rxq.cfg.fragCount === 1) {
    dmaUnmap(port.dev, rxq.slotDma[slot], rxq.cfg.datasizeBytes, DMA_FROM_DEVICE, 'mana_refill_rx_oob');
    rxq.stats.driverDmaUnmaps++;
  }
  old.page = rxq.slotPage[slot];
  old.offsetBytes = rxq.slotOffset[slot];
  old.fromPool = oldFromPool;
  if (oldFromPool) rxq.ringPoolBuffers--;
  else rxq.ringNonPoolBuffers--;
  installSlot(rxq, slot);
}

/** The drop tail of mana_rx_skb(): pool buffers go back to the pool, others are saved for reuse. */
function manaRxDropBuffer(port: ManaPort, rxq: ManaRxq, page: Page, offsetBytes: number, fromPool: boolean, cause: number): void {
  if (fromPool) {
    if (rxq.cfg.fragCount === 1) rxPoolRecycleDirect(rxq.pool, page);
    else rxPoolFreeVa(rxq.pool, page, true, port.driver.freeVa);
  } else {
    if (rxq.xdpSavePage !== null) {
      // WARN_ON_ONCE(rxq->xdp_save_va): the saved page is overwritten and never freed.
      rxq.stats.xdpSaveOverwrites++;
      if (rxq.stats.xdpSaveOverwrites === 1) klog(port.env, 'mana_rx_skb', `WARNING: rxq ${rxq.idx}: xdp_save_va already set, page #${rxq.xdpSavePage.id} leaks`);
    }
    rxq.xdpSavePage = page;
    rxq.xdpSaveOffsetBytes = offsetBytes;
  }
  rxq.drops[cause]++;
}

/**
 * Mirrors mana_rx_skb() with mana_run_xdp() and mana_build_skb(), drivers/net/ethernet/microsoft/mana
 * (v6.18). `page` null is the failed-refill case: the packet is only counted as dropped.
 */
function manaRxSkb(port: ManaPort, rxq: ManaRxq, page: Page | null, offsetBytes: number, fromPool: boolean, pktLen: number, seq: number): void {
  if (page === null) {
    rxq.drops[D_REFILL_FAIL]++;
    return;
  }
  const costs = port.costs;
  let act = PASS;
  if (rxq.prog !== null) {
    port.owedManaNs += costs.manaXdpProgNs;
    act = xdpVerdict(rxq.prog, rxq.xdpRng);
    if (act === REDIRECT) {
      const failed = rxq.prog.redirectFailProbability > 0 && rxq.xdpRng.bernoulli(rxq.prog.redirectFailProbability);
      if (!failed) {
        rxq.stats.xdpRedirect++;
        rxq.stats.packets++;
        rxq.stats.bytes += pktLen;
        if (!fromPool && rxq.stats.redirectNonPoolPages++ === 0) {
          klog(port.env, 'mana_rx_skb', `rxq ${rxq.idx}: XDP_REDIRECT of pre-allocated page #${page.id} (not a page_pool page) under MEM_TYPE_PAGE_POOL: __xdp_return will call page_pool_put_full_page(page->pp) on it`);
        }
        port.hooks.redirect(rxq.idx, page, fromPool);
        return;
      }
      rxq.stats.xdpDrop++;
      manaRxDropBuffer(port, rxq, page, offsetBytes, fromPool, D_XDP_REDIRECT_FAIL);
      return;
    }
    if (act !== PASS && act !== TX) {
      rxq.stats.xdpDrop++;
      manaRxDropBuffer(port, rxq, page, offsetBytes, fromPool, D_XDP);
      return;
    }
  }
  port.owedManaNs += costs.manaBuildSkbNs;
  const row = rxSkbBuild(port.skbs, page, offsetBytes, pktLen, rxq.cfg.allocSizeBytes, port.env.arch.skbStructAlignedBytes);
  if (row < 0) {
    manaRxDropBuffer(port, rxq, page, offsetBytes, fromPool, D_SKB_ALLOC);
    return;
  }
  if (fromPool) {
    rxSkbMarkForRecycle(port.skbs, row);
    const skbs = port.skbs;
    const last = rxq.lastSkbRow;
    if (page === rxq.lastSkbPage && last !== row && skbs.live[last] === 1 && skbs.pages[last] === page && rxq.lastSharedPageId !== page.id) {
      rxq.stats.fragPagesShared++;
      rxq.lastSharedPageId = page.id;
    }
    rxq.lastSkbPage = page;
    rxq.lastSkbRow = row;
  }
  rxq.stats.packets++;
  rxq.stats.bytes += pktLen;
  if (act === TX) {
    rxq.stats.xdpTx++;
    if (!port.hooks.xdpTx(rxq.idx, row)) {
      manaFreeRxSkb(port, row, true);
      rxq.drops[D_XDP_TX_FAIL]++;
    }
    return;
  }
  port.hooks.deliver(rxq.idx, row, seq);
}

/**
 * Processes the CQE at the head of the ring. Mirrors mana_process_rx_cqe(),
 * drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18).
 */
export function manaProcessRxCqe(port: ManaPort, rxq: ManaRxq): void {
  if (rxq.cqPending <= 0) violate(port.env.sim, 'mana_process_rx_cqe', 'cqe-pending', `rxq ${rxq.idx}: no completion to process`);
  const costs = port.costs;
  port.owedManaNs += costs.manaRxCqeNs;
  const slot = rxq.bufIndex;
  const pktLen = rxq.slotPktLen[slot];
  if (pktLen < 0) {
    rxq.drops[D_TRUNCATED]++;
  } else {
    manaRefillRxOob(port, rxq, slot);
    const page = old.page;
    old.page = null;
    manaRxSkb(port, rxq, page, old.offsetBytes, old.fromPool, pktLen, rxq.slotSeq[slot]);
  }
  // mana_move_wq_tail + mana_post_pkt_rxq: the slot is posted again.
  rxq.bufIndex = rxq.bufIndex + 1 === rxq.numRxBuf ? 0 : rxq.bufIndex + 1;
  rxq.cqPending--;
}

/**
 * Charges the NAPI core (acct.currentCpu) for the RX-path and stack work of a poll in two
 * charges instead of several per packet: the core's busy-until time is the same either way.
 */
export function manaSettleCpu(port: ManaPort): void {
  const costs = port.costs;
  if (port.owedManaNs > 0) chargeHere(port.env.cpu, port.owedManaNs, costs.phaseMana);
  if (port.owedStackNs > 0) chargeHere(port.env.cpu, port.owedStackNs, costs.phaseStack);
  port.owedManaNs = 0;
  port.owedStackNs = 0;
}

/**
 * The device receives one frame on queue q: it needs a posted WQE, writes the frame (at most
 * datasize bytes; a longer frame completes as CQE_RX_TRUNCATED) through the slot's DMA address,
 * and produces a CQE. Returns true when a CQE was produced (the caller raises the interrupt).
 */
export function manaDeviceReceive(port: ManaPort, q: number, frameBytes: number, seq: number): boolean {
  const rxq = q < port.rxqs.length ? port.rxqs[q] : null;
  if (!port.portIsUp || rxq === null || !rxq.alive) {
    port.portDrops[D_PORT_DOWN]++;
    return false;
  }
  if (rxq.cqPending >= rxq.numRxBuf) {
    rxq.drops[D_NO_WQE]++;
    return false;
  }
  let slot = rxq.bufIndex + rxq.cqPending;
  if (slot >= rxq.numRxBuf) slot -= rxq.numRxBuf;
  const truncated = frameBytes > rxq.cfg.datasizeBytes;
  deviceWrite(port.dev, rxq.slotDma[slot], truncated ? rxq.cfg.datasizeBytes : frameBytes, 'mana RX WQE');
  rxq.slotPktLen[slot] = truncated ? -1 : frameBytes;
  rxq.slotSeq[slot] = seq;
  rxq.cqPending++;
  return true;
}

/**
 * Frees an RX skb (kfree_skb / consume_skb / napi_consume_skb): its head page returns to its
 * page_pool when the skb was marked for recycling and the page carries the PP signature,
 * else put_page. Mirrors skb_free_head() with skb_pp_recycle() / napi_pp_put_page(), net/core/skbuff.c (v6.x).
 */
export function manaFreeRxSkb(port: ManaPort, row: number, allowDirect: boolean): void {
  const recycle = port.skbs.ppRecycle[row] === 1;
  const page = rxSkbRelease(port.skbs, row, 'kfree_skb');
  // skb_pp_recycle(): only a page carrying the PP signature (page->pp) goes back to a pool.
  if (recycle && page.pp !== null) rxPoolPutFullPage(page.pp as RxPool, page, allowDirect);
  else putPage(page);
}

/**
 * A redirected buffer comes back (xdp_return_frame): MEM_TYPE_PAGE_POOL returns it to its pool.
 * A page from outside the pool (a pre-allocated buffer) has no pool to go to: the kernel would
 * call page_pool_put_full_page() on whatever page->pp holds; the model counts it (see
 * redirectNonPoolPages) and put_page()s it. Mirrors __xdp_return(), net/core/xdp.c (v6.x).
 */
export function manaXdpReturn(page: Page, fromPool: boolean): void {
  if (fromPool && page.pp !== null) rxPoolPutFullPage(page.pp as RxPool, page, false);
  else putPage(page);
}
