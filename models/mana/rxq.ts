/**
 * RX queue life cycle: mana_create_rxq() (buffer config, page pool, ring fill from the
 * pre-allocated buffers or from the pool) and mana_destroy_rxq() (ring buffers back, then
 * page_pool_destroy(), which defers while sockets still hold pages).
 *
 * Simplified: the GDMA work/completion queue objects, NAPI registration and the hardware
 * commands are not modelled; a queue is usable as soon as it is created.
 */
import { putPage } from '../kernel/page.ts';
import { DMA_FROM_DEVICE, dmaUnmap } from '../kernel/dma.ts';
import { klog } from '../kernel/env.ts';
import { manaRxBufCfg } from './rxbuf-cfg.ts';
import { manaGetRxfrag } from './rx-path.ts';
import { manaGetRxbufPre } from './pre-alloc.ts';
import { emptyRxqStats, newDropCounts, type ManaPort, type ManaRxq } from './port.ts';
import {
  rxPoolCreate,
  rxPoolDestroy,
  rxPoolFreeVa,
  rxPoolInflightPages,
  rxPoolPutFullPage,
  rxPoolXdpUnreg,
} from './pool-ops.ts';

const preOut = { dmaAddr: 0, offsetBytes: 0 };

/**
 * Fills one ring slot at create time: from the pre-allocated buffers when they exist (after a
 * reconfiguration), else from the pool. Mirrors mana_fill_rx_oob(), mana_en.c (v6.18).
 */
function manaFillRxOob(port: ManaPort, rxq: ManaRxq, slot: number): boolean {
  if (port.pre !== null) {
    const page = manaGetRxbufPre(port.pre, rxq.cfg, preOut);
    if (page === null) return false;
    rxq.slotPage[slot] = page;
    rxq.slotOffset[slot] = preOut.offsetBytes;
    rxq.slotDma[slot] = preOut.dmaAddr;
    rxq.slotFromPool[slot] = 0;
    rxq.ringNonPoolBuffers++;
    rxq.stats.preAllocUsed++;
    return true;
  }
  return manaGetRxfrag(port, rxq, slot);
}

/** Mirrors mana_create_rxq(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18); null is an error. */
export function manaCreateRxq(port: ManaPort, idx: number): ManaRxq | null {
  const cfg = manaRxBufCfg({
    driver: port.driver,
    geometry: port.geometry,
    mtu: port.mtu,
    xdpAttached: port.bpfProg !== null,
    rxQueueSize: port.rxQueueSize,
  });
  const cpu = port.napiCpus[idx % port.napiCpus.length];
  const pool = rxPoolCreate(port, cfg);
  if (pool === null) {
    klog(port.env, 'mana_create_rxq', `Create page pool err for rxq ${idx}`);
    return null;
  }
  const n = port.rxQueueSize;
  const rxq: ManaRxq = {
    idx,
    cpu,
    cfg,
    numRxBuf: n,
    pool,
    slotPage: new Array(n).fill(null),
    slotOffset: new Int32Array(n),
    slotDma: new Float64Array(n),
    slotFromPool: new Uint8Array(n),
    slotPktLen: new Int32Array(n),
    slotSeq: new Float64Array(n),
    bufIndex: 0,
    cqPending: 0,
    ringPoolBuffers: 0,
    ringNonPoolBuffers: 0,
    xdpSavePage: null,
    xdpSaveOffsetBytes: 0,
    lastSkbPage: null,
    lastSkbRow: -1,
    lastSharedPageId: -1,
    prog: null,
    xdpRng: port.env.sim.rng.stream(`mana.rx.q${idx}.xdp`),
    alive: true,
    stats: emptyRxqStats(),
    drops: newDropCounts(),
  };
  port.env.cpu.currentCpu = cpu;
  for (let slot = 0; slot < n; slot++) {
    if (!manaFillRxOob(port, rxq, slot)) {
      klog(port.env, 'mana_create_rxq', `Failed to create RXQ ${idx}: err = -ENOMEM`);
      manaDestroyRxq(port, rxq);
      return null;
    }
  }
  return rxq;
}

/**
 * Mirrors mana_destroy_rxq(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18): the
 * saved XDP page and every ring buffer go back (full pages and non-pool buffers are unmapped
 * first), then page_pool_destroy(). Frames completed but not yet polled are discarded with
 * their buffers. Pages still held elsewhere keep the pool alive (deferred destroy).
 */
export function manaDestroyRxq(port: ManaPort, rxq: ManaRxq): void {
  rxq.alive = false;
  port.env.cpu.currentCpu = rxq.cpu;
  rxPoolXdpUnreg(rxq.pool);
  if (rxq.xdpSavePage !== null) {
    putPage(rxq.xdpSavePage);
    rxq.xdpSavePage = null;
  }
  for (let slot = 0; slot < rxq.numRxBuf; slot++) {
    const page = rxq.slotPage[slot];
    if (page === null) continue;
    const fromPool = rxq.slotFromPool[slot] === 1;
    if (rxq.cfg.fragCount === 1 || !fromPool) {
      dmaUnmap(port.dev, rxq.slotDma[slot], rxq.cfg.datasizeBytes, DMA_FROM_DEVICE, 'mana_destroy_rxq');
      rxq.stats.driverDmaUnmaps++;
      if (fromPool) rxPoolPutFullPage(rxq.pool, page, false);
      else putPage(page);
    } else {
      rxPoolFreeVa(rxq.pool, page, true, port.driver.freeVa);
    }
    rxq.slotPage[slot] = null;
  }
  rxq.ringPoolBuffers = 0;
  rxq.ringNonPoolBuffers = 0;
  rxq.cqPending = 0;
  rxPoolDestroy(rxq.pool);
  if (rxPoolInflightPages(rxq.pool) > 0) {
    port.counters.destroyWithPagesHeld++;
    port.zombiePools.push(rxq.pool);
  }
}
