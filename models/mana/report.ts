/**
 * What the MANA RX model reports: per-queue memory (ring, pool caches, in flight), buffers
 * per page as the driver computes them and as page_pool carves them, truesize per packet,
 * DMA maps and syncs, page allocations per packet, throughput and drops by cause, and the
 * footprint accessor whose live value must equal the configuration's formula at all times.
 */
import { pagePoolInflight } from '../kernel/page-pool.ts';
import { dmaOutstanding } from '../kernel/dma.ts';
import { kernelText } from '../kernel/kernel-of.ts';
import { DROP_CAUSES, dropsRecord } from './drops.ts';
import { isPageFragPage, pageFragCachesDrain } from './page-frag.ts';
import { usesScalingRatio } from '../rx/tcp-window.ts';
import { manaRxBufCfg, ringFootprintFormulaBytes, ringPagesFormula } from './rxbuf-cfg.ts';
import type { ManaPort, ManaRxq } from './port.ts';
import type { ManaRxSim } from './rx-sim.ts';

/** Ring footprint from the ring's contents, and the same from the configuration's formula. */
export interface RingFootprint {
  liveBytes: number;
  formulaBytes: number;
}

/**
 * Walks the ring: a pool buffer takes the configuration's stride, a buffer from outside the
 * pool its whole page (a pre-allocated page) or its fragment (a page_frag page, before
 * fa37a8849634). The formula side uses only the counters maintained by the RX path and the
 * configuration; the two must agree.
 */
export function ringFootprint(port: ManaPort, rxq: ManaRxq): RingFootprint {
  let live = 0;
  for (let s = 0; s < rxq.numRxBuf; s++) {
    const page = rxq.slotPage[s];
    if (page === null) continue;
    if (rxq.slotFromPool[s] === 1) live += rxq.cfg.strideBytes;
    else live += isPageFragPage(port.fragCaches, page) ? rxq.cfg.pageFragStrideBytes : page.sizeBytes;
  }
  return { liveBytes: live, formulaBytes: ringFootprintFormulaBytes(rxq.cfg, rxq.ringPoolBuffers, rxq.ringNonPoolBuffers, port.geometry.pageSizeBytes) };
}

export interface QueueMemory {
  ringBuffers: number;
  ringPoolBuffers: number;
  ringPreAllocBuffers: number;
  /** Distinct pages the ring's buffers live in. */
  ringPages: number;
  ringBytes: number;
  /** Pages in the pool's alloc cache and ptr_ring. */
  poolCachePages: number;
  poolCacheBytes: number;
  /** Pool pages neither cached nor backing a ring buffer: held by sockets, XDP_TX, redirect targets, or the current fragment page. */
  inFlightPages: number;
  inFlightBytes: number;
  /** Everything this queue pins: pool inflight pages plus pre-allocated ring pages. */
  totalBytes: number;
  poolInflightPages: number;
}

const EMPTY_MEMORY: QueueMemory = {
  ringBuffers: 0,
  ringPoolBuffers: 0,
  ringPreAllocBuffers: 0,
  ringPages: 0,
  ringBytes: 0,
  poolCachePages: 0,
  poolCacheBytes: 0,
  inFlightPages: 0,
  inFlightBytes: 0,
  totalBytes: 0,
  poolInflightPages: 0,
};

export function queueMemory(rxq: ManaRxq): QueueMemory {
  const seen = new Set<number>();
  let ringBytes = 0;
  let poolRingPages = 0;
  let preBytes = 0;
  for (let s = 0; s < rxq.numRxBuf; s++) {
    const page = rxq.slotPage[s];
    if (page === null || seen.has(page.id)) continue;
    seen.add(page.id);
    ringBytes += page.sizeBytes;
    if (rxq.slotFromPool[s] === 1) poolRingPages++;
    else preBytes += page.sizeBytes;
  }
  const pool = rxq.pool;
  const cached = pool.cacheCount + pool.ringCount;
  const inflight = pagePoolInflight(pool);
  const outside = Math.max(0, inflight - cached - poolRingPages);
  return {
    ringBuffers: rxq.ringPoolBuffers + rxq.ringNonPoolBuffers,
    ringPoolBuffers: rxq.ringPoolBuffers,
    ringPreAllocBuffers: rxq.ringNonPoolBuffers,
    ringPages: seen.size,
    ringBytes,
    poolCachePages: cached,
    poolCacheBytes: cached * pool.pageBytes,
    inFlightPages: outside,
    inFlightBytes: outside * pool.pageBytes,
    totalBytes: inflight * pool.pageBytes + preBytes,
    poolInflightPages: inflight,
  };
}

function sumStats(port: ManaPort): Record<string, number> {
  const total: Record<string, number> = { ...port.retiredStats };
  for (const rxq of port.rxqs) if (rxq !== null) for (const [k, v] of Object.entries(rxq.stats)) total[k] += v;
  return total;
}

function sumDrops(model: ManaRxSim): Float64Array {
  const d = Float64Array.from(model.port.retiredDrops);
  const add = (x: Float64Array) => x.forEach((v, i) => (d[i] += v));
  add(model.port.portDrops);
  for (const rxq of model.port.rxqs) if (rxq !== null) add(rxq.drops);
  for (const f of model.flows) add(f.sockDrops);
  return d;
}

export type Metrics = Record<string, number | string | boolean | Record<string, number>>;

/** Every figure of the report as metrics (flat numbers plus a few records). */
export function manaRxMetrics(model: ManaRxSim): Metrics {
  const { port, env } = model;
  const endNs = model.mainEndNs >= 0 ? model.mainEndNs : env.sim.nowNs;
  const spanNs = Math.max(1, endNs - model.startNs);
  let appBytes = 0;
  let appPackets = 0;
  for (const f of model.flows) {
    appBytes += f.appBytes;
    appPackets += f.appPackets;
  }
  const stats = sumStats(port);
  const packets = Math.max(1, stats.packets);
  const drops = sumDrops(model);
  const rxq0 = port.rxqs.find((r) => r !== null) ?? null;
  const out: Metrics = {
    variant: port.driver.variant,
    kernel: kernelText(env.version),
    manaRxFrags: port.driver.rxFrags,
    manaJumboPagePool: port.driver.jumboPagePool,
    manaXdpRestoresProg: port.driver.xdpRestoresProg,
    manaXdpMaxMtuClamp: port.driver.xdpMaxMtuClamp,
    maxMtu: port.maxMtu,
    pageSizeBytes: port.geometry.pageSizeBytes,
    mtu: port.mtu,
    rxQueueSize: port.rxQueueSize,
    xdpAttached: port.bpfProg !== null,
    portUp: port.portIsUp,
    throughputGbps: (appBytes * 8) / spanNs,
    appPps: (appPackets * 1e9) / spanNs,
    rxPackets: stats.packets,
    rxBytes: stats.bytes,
    truesizePerPacketBytes: port.skbs.built > 0 ? Math.round(meanTruesize(model)) : 0,
    dmaMapsPerPacket: port.dev.maps / packets,
    dmaSyncsForDevicePerPacket: port.dev.syncsForDevice / packets,
    dmaMaps: port.dev.maps,
    dmaUnmaps: port.dev.unmaps,
    dmaSyncsForDevice: port.dev.syncsForDevice,
    dmaSyncsForCpu: port.dev.syncsForCpu,
    pageAllocationsPerPacket: port.pa.allocations / packets,
    pageAllocations: port.pa.allocations,
    peakPageBytes: port.pa.peakBytesInUse,
    refillFailures: stats.refillFailures,
    xdpDrop: stats.xdpDrop,
    xdpTx: stats.xdpTx,
    xdpRedirect: stats.xdpRedirect,
    xdpSaveOverwrites: stats.xdpSaveOverwrites,
    redirectNonPoolPages: stats.redirectNonPoolPages,
    fragPagesShared: stats.fragPagesShared,
    preAllocBuffersUsed: stats.preAllocUsed,
    pageFragAllocs: stats.pageFragAllocs,
    dropsTotal: drops.reduce((a, b) => a + b, 0),
    drops: dropsRecord(drops),
    ...port.counters,
    reconfigErrors: model.reconfigErrors.length,
    stalledPools: port.zombiePools.filter((p) => !p.freed).length,
    kernelWarnings: env.log.length,
  };
  {
    const cfg = rxq0 !== null ? rxq0.cfg : manaRxBufCfg({ driver: port.driver, geometry: port.geometry, mtu: port.mtu, xdpAttached: port.bpfProg !== null, rxQueueSize: port.rxQueueSize });
    const m = rxq0 !== null ? queueMemory(rxq0) : EMPTY_MEMORY;
    const fp = rxq0 !== null ? ringFootprint(port, rxq0) : { liveBytes: 0, formulaBytes: 0 };
    const measured = rxq0 !== null && rxq0.pool.fragPagesStarted > 0 ? rxq0.pool.fragsAllocated / rxq0.pool.fragPagesStarted : cfg.actualBuffersPerPage;
    Object.assign(out, {
      allocSizeBytes: cfg.allocSizeBytes,
      headroomBytes: cfg.headroomBytes,
      datasizeBytes: cfg.datasizeBytes,
      buffersPerPageDriver: cfg.fragCount,
      buffersPerPageCarved: cfg.actualBuffersPerPage,
      carveStrideBytes: cfg.strideBytes,
      pageFragBuffers: cfg.pageFragBuffers,
      pageFragStrideBytes: cfg.pageFragStrideBytes,
      buffersPerPageMeasured: measured,
      poolSize: cfg.pool.poolSize,
      poolOrder: cfg.pool.order,
      poolFlags: cfg.pool.flags,
      ringPagesFormulaActual: ringPagesFormula(cfg, port.rxQueueSize).actual,
      ringPagesFormulaDriver: ringPagesFormula(cfg, port.rxQueueSize).driver,
      q0RingBuffers: m.ringBuffers,
      q0RingPages: m.ringPages,
      q0RingBytes: m.ringBytes,
      q0PoolCachePages: m.poolCachePages,
      q0PoolCacheBytes: m.poolCacheBytes,
      q0InFlightPages: m.inFlightPages,
      q0InFlightBytes: m.inFlightBytes,
      q0TotalBytes: m.totalBytes,
      q0FootprintLiveBytes: fp.liveBytes,
      q0FootprintFormulaBytes: fp.formulaBytes,
    });
  }
  return out;
}

function meanTruesize(model: ManaRxSim): number {
  return model.port.skbs.built > 0 ? model.port.skbs.truesizeSum / model.port.skbs.built : 0;
}

function mib(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The text report: configuration, why the carve differs, memory, throughput, drops. */
export function manaRxReport(model: ManaRxSim, metrics: Metrics = manaRxMetrics(model)): string {
  const m = metrics as Record<string, number & string & boolean>;
  const lines: string[] = [];
  const arch = model.env.arch;
  const d = model.port.driver;
  const driver = d.variant !== 'kernel' ? d.variant : `(the kernel's driver: ${d.rxFrags ? 'page_pool fragments' : 'full pages'}, jumbo from ${d.jumboPagePool ? 'page_pool' : 'page_frag'})`;
  lines.push(`MANA RX ${driver} on ${arch.name} ${arch.pageSizeBytes / 1024}K pages, kernel ${m.kernel}, MTU ${m.mtu}, ${m.rxQueueSize} buffers per queue, XDP ${m.xdpAttached ? 'attached' : 'off'}${m.portUp ? '' : ' (port DOWN)'}`);
  {
    lines.push(`  buffer: datasize ${m.datasizeBytes} B, headroom ${m.headroomBytes} B, alloc_size ${m.allocSizeBytes} B; page_pool order ${m.poolOrder}, pool_size ${m.poolSize}, flags ${m.poolFlags}`);
    if (m.pageFragBuffers) {
      lines.push(`  buffers per page: page_frag fragments of ${m.pageFragStrideBytes} B (napi_alloc_frag, alloc_size > PAGE_SIZE before fa37a8849634): not recycled, freed with put_page; ${m.pageFragAllocs} taken`);
    } else if (Number(m.buffersPerPageDriver) > 1) {
      lines.push(`  buffers per page: driver frag_count ${m.buffersPerPageDriver}; page_pool carves ${m.buffersPerPageCarved} (stride ALIGN(${m.allocSizeBytes}, dma_get_cache_alignment()=${arch.dmaAlignBytes}) = ${m.carveStrideBytes} B); measured ${Number(m.buffersPerPageMeasured).toFixed(2)}`);
    } else {
      lines.push(`  buffers per page: 1 (full-page mode: one ${Number(m.carveStrideBytes) / 1024}K pool page per buffer, dma_map_single per buffer)`);
    }
    if (m.buffersPerPageDriver !== m.buffersPerPageCarved) {
      lines.push(`    the driver divides PAGE_SIZE by alloc_size (${arch.pageSizeBytes}/${m.allocSizeBytes}); page_pool_alloc_frag first rounds each request up to ${arch.dmaAlignBytes} B, so only ${m.buffersPerPageCarved} fit; frag_count only sizes pool_size`);
    }
    lines.push(`  queue 0 memory: ring ${m.q0RingBuffers} buffers in ${m.q0RingPages} pages (${mib(m.q0RingBytes)}); pool caches ${m.q0PoolCachePages} pages (${mib(m.q0PoolCacheBytes)}); in flight ${m.q0InFlightPages} pages (${mib(m.q0InFlightBytes)}); total ${mib(m.q0TotalBytes)}`);
    lines.push(`  ring footprint ${mib(m.q0FootprintLiveBytes)} (formula ${mib(m.q0FootprintFormulaBytes)}); full ring needs ${m.ringPagesFormulaActual} pages as carved, ${m.ringPagesFormulaDriver} by frag_count`);
  }
  const live = model.port.rxqs.filter((r): r is ManaRxq => r !== null);
  if (live.length > 1) {
    for (const rxq of live) {
      const q = queueMemory(rxq);
      lines.push(`    queue ${rxq.idx}: ring ${q.ringPages} pages (${mib(q.ringBytes)}), pool caches ${q.poolCachePages} pages, in flight ${q.inFlightPages} pages, total ${mib(q.totalBytes)}; ${rxq.stats.packets} packets`);
    }
  }
  lines.push(`  page memory: peak ${mib(Number(m.peakPageBytes))} over the run (pre-allocated first rings included); ${m.preAllocBuffersUsed} pre-allocated buffers used`);
  lines.push(`  truesize per packet ${m.truesizePerPacketBytes} B; DMA maps ${Number(m.dmaMapsPerPacket).toFixed(3)}/pkt, syncs for device ${Number(m.dmaSyncsForDevicePerPacket).toFixed(3)}/pkt; page allocations ${Number(m.pageAllocationsPerPacket).toFixed(4)}/pkt`);
  lines.push(`  throughput ${Number(m.throughputGbps).toFixed(2)} Gbit/s, ${(Number(m.appPps) / 1e6).toFixed(3)} Mpps to the application`);
  const flow = model.flows[0];
  if (flow.tcpRx !== null) {
    const rx = flow.tcpRx;
    const tx = flow.tcpTx!;
    lines.push(`  TCP: scaling_ratio ${rx.scalingRatio}/256 (len/truesize), rcv_ssthresh ${rx.rcvSsthreshBytes} B, window ${rx.lastAdvertisedWindowBytes} B of rcvbuf ${rx.queue.rcvbufBytes} B, zero-window adverts ${rx.zeroWindowAdverts}, peak rmem ${rx.queue.peakRmemAllocBytes} B; retransmitted ${tx.retransmittedBytes} B`);
    const flowCfg = model.config.flow;
    if (flowCfg.kind === 'tcp') {
      const windowGbps = (rx.lastAdvertisedWindowBytes * 8) / flowCfg.rttNs;
      const mss = rx.mssBytes;
      const linkPayloadGbps = (flowCfg.linkGbps * mss) / (mss + 66);
      const endNs = model.mainEndNs >= 0 ? model.mainEndNs : model.env.sim.nowNs;
      const span = Math.max(1, endNs - model.startNs);
      const napiBusy = model.env.cpu.busyNs[model.port.napiCpus[0]] / span;
      const limit = windowGbps < linkPayloadGbps && napiBusy < 0.95 ? 'the receive window' : napiBusy >= 0.95 ? 'the NAPI CPU' : 'the link';
      lines.push(`  limits per flow: window/RTT ${windowGbps.toFixed(2)} Gbit/s, link ${linkPayloadGbps.toFixed(2)} Gbit/s of payload, NAPI CPU ${(napiBusy * 100).toFixed(0)} % busy -> bound by ${limit}`);
      const truesize = Math.round(Number(m.truesizePerPacketBytes));
      if (usesScalingRatio(model.env.version)) {
        lines.push(`    (window = tcp_win_from_space(rcvbuf - rmem) = free space x len/truesize: each ${mss}-byte segment is charged ${truesize} bytes of receive memory)`);
      } else {
        lines.push(`    (5.15: window = min((rcvbuf - rmem) / 2, rcv_ssthresh); tcp_grow_window raises rcv_ssthresh only while some truesize/2^k of a ${truesize}-byte skb fits in its ${mss} bytes, so large-truesize skbs stop its growth early)`);
      }
    }
  }
  const drops = m.drops as unknown as Record<string, number>;
  const nonzero = DROP_CAUSES.filter((c) => drops[c] > 0).map((c) => `${c} ${drops[c]}`);
  lines.push(`  drops: ${nonzero.length > 0 ? nonzero.join(', ') : 'none'}; refill failures ${m.refillFailures}`);
  if (model.port.cfgHistory.length > 1) {
    lines.push('  queue configurations (each attach):');
    for (const h of model.port.cfgHistory) {
      const what = h.fragCount > 1 ? `${h.fragCount} fragments per page of ${h.allocSizeBytes} B` : `one buffer per ${arch.pageSizeBytes * 2 ** h.order / 1024}K page (alloc ${h.allocSizeBytes} B, headroom ${h.headroomBytes} B)`;
      lines.push(`    t=${(h.timeNs / 1e6).toFixed(3)} ms: MTU ${h.mtu}, XDP ${h.xdp ? 'on' : 'off'}: ${what}, pool_size ${h.poolSize}`);
    }
  }
  lines.push(`  reconfigurations: MTU ${m.mtuChanges}, ring ${m.ringChanges}, XDP ${m.xdpSets} (with packets in flight ${m.xdpSetWithPacketsInFlight}), failed attaches ${m.attachFailures}, destroys with pages held ${m.destroyWithPagesHeld}`);
  return lines.join('\n');
}

/**
 * Null when every page, DMA mapping and skb is back home after the port was closed. The
 * per-CPU page_frag caches keep their current page for ever, which is not a leak: their
 * references are given back first (pageFragCachesDrain).
 */
export function manaRxLeaks(model: ManaRxSim): string | null {
  const { port } = model;
  pageFragCachesDrain(port.fragCaches);
  if (port.skbs.liveCount > 0) return `${port.skbs.liveCount} RX skbs still alive`;
  if (port.lentBuffers > 0) return `${port.lentBuffers} redirected buffers not returned`;
  const stalled = port.zombiePools.filter((p) => !p.freed);
  if (stalled.length > 0) return `${stalled.length} page_pools still waiting for ${stalled.map((p) => pagePoolInflight(p)).join('+')} pages`;
  if (dmaOutstanding(port.dev) > 0) return `${dmaOutstanding(port.dev)} DMA mappings outstanding`;
  if (port.pa.live.size > 0) {
    let overwrites = port.retiredStats.xdpSaveOverwrites;
    for (const rxq of port.rxqs) if (rxq !== null) overwrites += rxq.stats.xdpSaveOverwrites;
    const why = overwrites > 0 ? ` (mana_rx_skb overwrote xdp_save_va ${overwrites} time(s): the driver's WARN_ON_ONCE leak of a pre-allocated page in fragment mode)` : '';
    return `${port.pa.live.size} pages (${port.pa.bytesInUse} bytes) still allocated${why}`;
  }
  return null;
}
