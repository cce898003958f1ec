import test from 'ava';
import { Simulator, Violation } from '../../../engine/index.ts';
import { archProfile, type ArchName } from '../../../models/kernel/arch.ts';
import { failNext } from '../../../models/kernel/fault.ts';
import { failNextAllocations } from '../../../models/kernel/page.ts';
import { DMA_FROM_DEVICE, dmaOutstanding, dmaUnmap } from '../../../models/kernel/dma.ts';
import type { KernelRef } from '../../../models/kernel/kernel-of.ts';
import { createManaRxSim, type ManaRxSimConfig } from '../../../models/mana/rx-sim.ts';
import { manaDeviceReceive, manaFreeRxSkb, manaProcessRxCqe } from '../../../models/mana/rx-path.ts';
import { manaOpen } from '../../../models/mana/reconfig.ts';
import { DROP_PORT_DOWN, DROP_REFILL_FAIL, DROP_XDP } from '../../../models/mana/drops.ts';
import { manaRxLeaks, ringFootprint } from '../../../models/mana/report.ts';
import { rcvQueuePop } from '../../../models/rx/rcv-queue.ts';
import type { ManaRxVariant } from '../../../models/mana/rxbuf-cfg.ts';

interface Opts {
  arch?: ArchName;
  page?: number;
  kernel?: KernelRef;
  variant?: ManaRxVariant;
  rxQueueSize?: number;
  xdp?: ManaRxSimConfig['xdp'];
  appRateGbps?: number;
  rateGbps?: number;
}

function mk(o: Opts = {}) {
  const sim = new Simulator({ seed: 5 });
  const model = createManaRxSim({
    name: 'mana.rx.t',
    sim,
    arch: archProfile(o.arch ?? 'x86_64', o.page ?? 4096, o.kernel ?? '6.x'),
    cpus: 2,
    costProfile: 'default',
    costOverrides: {},
    iommu: false,
    // Without an alias the driver follows the kernel (on the default 6.x class: 730ff06d as upstream has it).
    ...(o.variant === undefined ? {} : { variant: o.variant }),
    mtu: 1500,
    rxQueueSize: o.rxQueueSize ?? 128,
    numQueues: 1,
    flow: { kind: 'udp', rcvbufBytes: 1 << 24, arrivals: 'fixed', rateGbps: o.rateGbps ?? 5, linkGbps: 100, frameBytes: 1514 },
    appRateGbps: o.appRateGbps ?? 0,
    xdp: o.xdp ?? null,
    xdpOnAttach: { pass: 1 },
  });
  return { sim, model, port: model.port };
}

/** One frame through the device and NAPI, outside the event loop. */
function oneFrame(port: ReturnType<typeof mk>['port']): void {
  if (!manaDeviceReceive(port, 0, 1514, 0)) throw new Error('device dropped the frame');
  manaProcessRxCqe(port, port.rxqs[0]!);
}

test('refill failure (fragments): the packet is dropped, the old buffer stays posted and is written again later', (t) => {
  const { port } = mk({ rxQueueSize: 128 });
  t.is(manaOpen(port), 0);
  const rxq = port.rxqs[0]!;
  t.is(rxq.cfg.fragCount, 2);
  // 128 fragments took exactly one bulk of 64 pages: the next fragment needs the allocator.
  t.is(rxq.pool.cacheCount, 0);
  const page0 = rxq.slotPage[0];
  const off0 = rxq.slotOffset[0];
  failNextAllocations(port.pa, 1);
  oneFrame(port);
  t.is(rxq.stats.refillFailures, 1);
  t.is(rxq.drops[DROP_REFILL_FAIL], 1);
  t.is(rxq.slotPage[0], page0, 'the old buffer is still in the slot');
  t.is(rxq.slotOffset[0], off0);
  t.is(port.skbs.built, 0, 'no skb for a dropped packet');
  t.is(rxq.ringPoolBuffers, 128);
  // The ring keeps working, and wraps to write into the reposted buffer of slot 0 again.
  for (let i = 0; i < 130; i++) oneFrame(port);
  t.is(rxq.stats.refillFailures, 1);
  t.is(port.skbs.built, 130);
  const fp = ringFootprint(port, rxq);
  t.is(fp.liveBytes, fp.formulaBytes);
});

test('refill failure (full pages, pre-730ff06d): old page stays mapped, no unmap, no skb', (t) => {
  const { port } = mk({ variant: 'pre-730ff06d', rxQueueSize: 128 });
  t.is(manaOpen(port), 0);
  const rxq = port.rxqs[0]!;
  t.is(rxq.cfg.fragCount, 1);
  const maps = port.dev.maps;
  const unmaps = port.dev.unmaps;
  // Empty the pool cache so the next page allocation reaches the page allocator.
  while (rxq.pool.cacheCount > 0) oneFrame(port);
  failNextAllocations(port.pa, 1);
  const slot = rxq.bufIndex;
  const page = rxq.slotPage[slot];
  const before = port.dev.unmaps;
  oneFrame(port);
  t.is(rxq.stats.refillFailures, 1);
  t.is(port.dev.unmaps, before, 'the old buffer is not unmapped when its replacement failed');
  t.is(rxq.slotPage[slot], page);
  t.is(port.dev.maps, maps, 'nothing new was mapped either');
  t.is(port.dev.unmaps, unmaps);
});

test('XDP_DROP recycles the full page straight into the pool cache; XDP_PASS builds a recycle-marked skb', (t) => {
  const drop = mk({ xdp: { drop: 1 } });
  manaOpen(drop.port);
  let rxq = drop.port.rxqs[0]!;
  t.is(rxq.cfg.headroomBytes, 256);
  const cached = rxq.pool.cacheCount;
  oneFrame(drop.port);
  t.is(rxq.drops[DROP_XDP], 1);
  t.is(rxq.stats.xdpDrop, 1);
  t.is(drop.port.skbs.built, 0);
  // The refill took a page from the cache (or the allocator) and the drop gave one back directly.
  t.true(rxq.pool.cacheCount >= cached);

  const pass = mk({ xdp: { pass: 1 } });
  manaOpen(pass.port);
  rxq = pass.port.rxqs[0]!;
  oneFrame(pass.port);
  t.is(pass.port.skbs.built, 1);
  const row = pass.model.flows[0].rcv.skbIds[pass.model.flows[0].rcv.head];
  t.is(pass.port.skbs.ppRecycle[row], 1, 'a pool buffer is marked for recycling');
  t.is(pass.port.skbs.truesizes[row], 4096 + 256, 'napi_build_skb(buf, alloc_size = PAGE_SIZE)');
  const ringBefore = rxq.pool.ringCount;
  manaFreeRxSkb(pass.port, rcvQueuePop(pass.sim, pass.model.flows[0].rcv), false);
  t.is(rxq.pool.ringCount, ringBefore + 1, 'freed outside NAPI: back through the ptr_ring');
});

test('XDP_TX: the skb is DMA-mapped for transmit and returns to the pool on completion', (t) => {
  const { sim, port, model } = mk({ xdp: { tx: 1 } });
  manaOpen(port);
  const rxq = port.rxqs[0]!;
  oneFrame(port);
  t.is(rxq.stats.xdpTx, 1);
  t.is(model.flows[0].xdpTx.count, 1);
  t.is(port.skbs.liveCount, 1);
  sim.run({ untilNs: 1_000_000 });
  t.is(port.skbs.liveCount, 0);
  t.is(model.flows[0].xdpTx.count, 0);
  t.is(dmaOutstanding(port.dev), 128, 'only the ring mappings remain');
});

test('XDP_REDIRECT: the buffer is lent out and returned to its pool; a redirect failure is a drop', (t) => {
  const { sim, port } = mk({ xdp: { redirect: 1 } });
  manaOpen(port);
  const rxq = port.rxqs[0]!;
  oneFrame(port);
  t.is(rxq.stats.xdpRedirect, 1);
  t.is(port.lentBuffers, 1);
  t.is(port.skbs.built, 0);
  sim.run({ untilNs: 1_000_000 });
  t.is(port.lentBuffers, 0);
  t.is(rxq.stats.redirectNonPoolPages, 0);
});

test('XDP attach under traffic: pre-allocated full pages fill the first ring, old pool waits for socket-held pages', (t) => {
  const { sim, port, model } = mk({ rxQueueSize: 256, appRateGbps: 0.5, rateGbps: 5 });
  model.start();
  sim.run({ untilNs: 2_000_000 });
  t.true(model.flows[0].rcv.count > 0, 'the slow reader holds skbs');
  const oldPool = port.rxqs[0]!.pool;
  t.is(model.xdpSet({ pass: 1 }), 0);
  t.is(port.counters.xdpSetWithPacketsInFlight, 1);
  sim.run({ untilNs: sim.nowNs + 200_000 });
  const rxq = port.rxqs[0]!;
  t.true(port.portIsUp);
  t.is(rxq.cfg.headroomBytes, 256);
  t.is(rxq.stats.preAllocUsed, 256, 'the whole first ring is pre-allocated pages');
  t.is(rxq.ringNonPoolBuffers + rxq.ringPoolBuffers, 256);
  t.is(port.counters.destroyWithPagesHeld, 1);
  t.false(oldPool.freed, 'deferred destroy: pages are still in the socket');
  // The footprint formula matches the ring at every poll while pre-allocated pages are replaced.
  for (let i = 0; i < 20; i++) {
    sim.run({ untilNs: sim.nowNs + 100_000 });
    const fp = ringFootprint(port, port.rxqs[0]!);
    t.is(fp.liveBytes, fp.formulaBytes);
  }
  t.true(port.rxqs[0]!.ringPoolBuffers > 0, 'pool buffers replace pre-allocated ones as packets arrive');
  t.is(model.xdpSet(null), 0, 'detach returns to fragments');
  sim.run({ untilNs: sim.nowNs + 200_000 });
  t.is(port.rxqs[0]!.cfg.fragCount, 2);
  model.drain();
  sim.run({ untilNs: sim.nowNs + 100_000_000 });
  model.close();
  sim.run({ untilNs: sim.nowNs + 3_000_000_000 });
  t.true(oldPool.freed, 'the old pool is freed once the socket returned its pages');
  t.is(manaRxLeaks(model), null);
});

test('destroy with pages held: the pool stays until the last skb is freed, then the retry frees it', (t) => {
  const { sim, port, model } = mk({ appRateGbps: 0.2 });
  model.start();
  sim.run({ untilNs: 1_000_000 });
  model.drain();
  const pool = port.rxqs[0]!.pool;
  model.close();
  t.is(port.counters.destroyWithPagesHeld, 1);
  t.false(pool.freed);
  t.not(manaRxLeaks(model), null);
  sim.run({ untilNs: sim.nowNs + 3_000_000_000 });
  t.true(pool.freed);
  t.true(pool.releaseRetries >= 1);
  t.is(manaRxLeaks(model), null);
});

test('known bad: the 5.15 backport without PP_FLAG_PAGE_FRAG cannot fill its ring (page_pool_alloc_frag WARNs, NULL)', (t) => {
  const { sim, port, model } = mk({ kernel: '5.15', variant: 'ubuntu-5.15-no-page-frag' });
  model.start();
  t.false(port.portIsUp);
  t.is(port.counters.attachFailures, 1);
  t.true(model.env.log.some((e) => e.fn === 'page_pool_alloc_frag' && /PP_FLAG_PAGE_FRAG/.test(e.message)));
  sim.run({ untilNs: 1_000_000 });
  t.true(port.portDrops[DROP_PORT_DOWN] > 0, 'every frame is dropped');
  // With the flag (the shipped backport) the same kernel works.
  const ok = mk({ kernel: '5.15', variant: 'ubuntu-5.15' });
  ok.model.start();
  ok.sim.run({ untilNs: 1_000_000 });
  t.true(ok.port.portIsUp);
  t.true(ok.port.rxqs[0]!.stats.packets > 0);
});

test('row 8: XDP pre-alloc failure leaves the rejected program in 730ff06d as merged (6.x = 6.18) and the 5.15 backport; 4c46beb807ef (7.3) restores the old one', (t) => {
  for (const [kernel, variant, restores] of [
    ['7.3', undefined, true],
    ['6.x', 'upstream-6x', false],
    ['6.x', undefined, false],
    [{ base: '6.x', with: ['mana-xdp-set-restore-prog'] }, 'upstream-6x', true],
    ['5.15', 'ubuntu-5.15', false],
    ['ubuntu-jammy-azure-5.15', undefined, false],
  ] as const) {
    const m = mk({ kernel, ...(variant === undefined ? {} : { variant }) });
    m.model.start();
    failNextAllocations(m.port.pa, 1);
    const what = `${JSON.stringify(kernel)} ${variant ?? '(kernel)'}`;
    t.is(m.model.xdpSet({ pass: 1 }), -12, what);
    t.is(m.port.counters.xdpSetFailures, 1, what);
    if (restores) {
      t.is(m.port.bpfProg, null, `${what}: apc->bpf_prog back at the old (no) program`);
      t.is(m.port.counters.xdpDanglingProg, 0, what);
    } else {
      t.not(m.port.bpfProg, null, `${what}: apc->bpf_prog still points at the program the caller releases`);
      t.is(m.port.counters.xdpDanglingProg, 1, what);
      t.true(m.model.env.log.some((l) => l.fn === 'mana_xdp_set' && /left at program/.test(l.message)), what);
    }
    t.is(m.port.maxMtu, 9000, `${what}: max_mtu only changes when mana_xdp_set() succeeds`);
    t.true(m.port.portIsUp, what);
    // The next mana_xdp_set() reads old_prog = apc->bpf_prog and puts it: a use-after-free when it dangles.
    if (restores) {
      t.is(m.model.xdpSet({ pass: 1 }), 0, what);
    } else {
      const err = t.throws(() => m.model.xdpSet(null), { instanceOf: Violation }, what) as Violation;
      t.is(err.invariant, 'xdp-prog-use-after-free', what);
      t.is(err.kernelFn, 'mana_xdp_set', what);
    }
  }
});

test('row 8: after the dangling pre-alloc failure any re-creation of the queues uses the released program (mana_get_rxbuf_cfg, mana_chn_setxdp)', (t) => {
  const m = mk({ kernel: '6.x' });
  m.model.start();
  failNextAllocations(m.port.pa, 1);
  t.is(m.model.xdpSet({ pass: 1 }), -12);
  const mtu = t.throws(() => m.model.setMtu(1400), { instanceOf: Violation }) as Violation;
  t.deepEqual([mtu.invariant, mtu.kernelFn], ['xdp-prog-use-after-free', 'mana_get_rxbuf_cfg']);
  const down = mk({ kernel: '6.x' });
  down.model.start();
  failNextAllocations(down.port.pa, 1);
  t.is(down.model.xdpSet({ pass: 1 }), -12);
  down.model.close();
  const open = t.throws(() => down.model.open(), { instanceOf: Violation }) as Violation;
  t.deepEqual([open.invariant, open.kernelFn], ['xdp-prog-use-after-free', 'mana_chn_setxdp']);
});

test('the device writing into a buffer whose mapping is gone is a DMA-debug violation', (t) => {
  const { port } = mk({ variant: 'pre-730ff06d' });
  manaOpen(port);
  const rxq = port.rxqs[0]!;
  // A driver bug: the posted buffer is unmapped while still in the ring.
  dmaUnmap(port.dev, rxq.slotDma[0], rxq.cfg.datasizeBytes, DMA_FROM_DEVICE, 'test');
  const err = t.throws(() => manaDeviceReceive(port, 0, 1514, 0));
  t.true(err instanceof Violation);
  t.is((err as Violation).invariant, 'dma-write-unmapped');
});

test('730ff06d: two skb failures on pre-allocated buffers in fragment mode overwrite xdp_save_va and leak a page', (t) => {
  const { sim, port, model } = mk({ rxQueueSize: 128 });
  model.start();
  sim.run({ untilNs: 500_000 });
  // Re-create the queues (ring size change): the first ring is pre-allocated full pages.
  t.is(model.setRingEntries(128), 0);
  sim.run({ untilNs: sim.nowNs + 150_000 });
  const rxq = port.rxqs[0]!;
  t.is(rxq.stats.preAllocUsed, 128);
  t.true(rxq.ringNonPoolBuffers > 2);
  failNext(port.skbs, 2);
  sim.run({ untilNs: sim.nowNs + 200_000 });
  t.is(rxq.stats.xdpSaveOverwrites, 1);
  t.true(model.env.log.some((e) => e.fn === 'mana_rx_skb'));
  model.drain();
  sim.run({ untilNs: sim.nowNs + 10_000_000 });
  model.close();
  sim.run({ untilNs: sim.nowNs + 3_000_000_000 });
  t.regex(manaRxLeaks(model) ?? '', /1 pages \(4096 bytes\) still allocated/);
});

test('link down with a slow reader, then up: the old pool waits for the socket, the new one fills from its pool', (t) => {
  const { sim, port, model } = mk({ appRateGbps: 0.5 });
  model.start();
  sim.run({ untilNs: 2_000_000 });
  const oldPool = port.rxqs[0]!.pool;
  model.close();
  t.false(port.portIsUp);
  sim.run({ untilNs: sim.nowNs + 1_000_000 });
  t.true(port.portDrops[DROP_PORT_DOWN] > 0);
  t.is(model.open(), 0);
  t.true(port.portIsUp);
  t.is(port.rxqs[0]!.stats.preAllocUsed, 0, 'mana_open fills from the pool, not from pre-allocated pages');
  sim.run({ untilNs: sim.nowNs + 1_000_000 });
  t.true(port.rxqs[0]!.stats.packets > 0);
  model.drain();
  sim.run({ untilNs: sim.nowNs + 100_000_000 });
  model.close();
  sim.run({ untilNs: sim.nowNs + 3_000_000_000 });
  t.true(oldPool.freed);
  t.is(manaRxLeaks(model), null);
});

test('reconfiguration rules: ring size rounds up to a power of two, XDP refuses a jumbo MTU and vice versa', (t) => {
  const { sim, port, model } = mk({ rxQueueSize: 256 });
  model.start();
  sim.run({ untilNs: 200_000 });
  t.is(model.setRingEntries(100), -22, 'below MIN_RX_BUFFERS_PER_QUEUE');
  t.is(model.setRingEntries(300), 0);
  sim.run({ untilNs: sim.nowNs + 200_000 });
  t.is(port.rxQueueSize, 512);
  t.is(port.rxqs[0]!.numRxBuf, 512);
  t.is(port.rxqs[0]!.cfg.pool.poolSize, 257);
  t.is(model.setMtu(9000), 0);
  sim.run({ untilNs: sim.nowNs + 200_000 });
  t.is(model.xdpSet({ pass: 1 }), -95, 'mtu 9000 > MANA_XDP_MTU_MAX 3506: -EOPNOTSUPP');
  t.is(port.bpfProg, null);
  t.is(model.setMtu(1500), 0);
  sim.run({ untilNs: sim.nowNs + 200_000 });
  t.is(model.xdpSet({ pass: 1 }), 0);
  sim.run({ untilNs: sim.nowNs + 200_000 });
  t.is(model.setMtu(4000), -22, 'above MANA_XDP_MTU_MAX while XDP is attached');
  t.is(port.mtu, 1500);
  t.deepEqual(port.cfgHistory.map((h) => [h.mtu, h.xdp, h.fragCount, h.allocSizeBytes]), [
    [1500, false, 2, 1856],
    [1500, false, 2, 1856],
    [9000, false, 1, 9344],
    [1500, false, 2, 1856],
    [1500, true, 1, 4096],
  ]);
});

test('XDP_REDIRECT right after an attach redirects pre-allocated pages that are not page_pool pages (counted, logged)', (t) => {
  const { sim, port, model } = mk({ xdp: null, rateGbps: 2 });
  model.start();
  sim.run({ untilNs: 200_000 });
  t.is(model.xdpSet({ redirect: 1 }), 0);
  sim.run({ untilNs: sim.nowNs + 500_000 });
  const rxq = port.rxqs[0]!;
  t.true(rxq.stats.redirectNonPoolPages > 0);
  t.true(model.env.log.some((e) => /MEM_TYPE_PAGE_POOL/.test(e.message)));
  model.drain();
  sim.run({ untilNs: sim.nowNs + 10_000_000 });
  model.close();
  sim.run({ untilNs: sim.nowNs + 3_000_000_000 });
  t.is(manaRxLeaks(model), null, 'the model put_page()s them, so nothing leaks here');
});

test('known bad, reached through XDP detach: the pre-allocated first ring works, then every refill fails and every packet drops', (t) => {
  const { sim, port, model } = mk({ kernel: '5.15', variant: 'ubuntu-5.15-no-page-frag', xdp: { pass: 1 } });
  model.start();
  t.true(port.portIsUp, 'with XDP the queues use full pages, which need no PP_FLAG_PAGE_FRAG');
  sim.run({ untilNs: 500_000 });
  t.is(model.xdpSet(null), 0);
  sim.run({ untilNs: sim.nowNs + 2_000_000 });
  const rxq = port.rxqs[0]!;
  t.is(rxq.cfg.fragCount, 2);
  t.true(rxq.stats.refillFailures > 100);
  t.is(rxq.stats.packets, 0, 'no packet reaches the stack');
  t.is(rxq.drops[DROP_REFILL_FAIL], rxq.stats.refillFailures);
  t.is(rxq.ringNonPoolBuffers, rxq.numRxBuf, 'the pre-allocated buffers stay posted forever');
  model.drain();
  sim.run({ untilNs: sim.nowNs + 10_000_000 });
  model.close();
  sim.run({ untilNs: sim.nowNs + 3_000_000_000 });
  t.is(manaRxLeaks(model), null);
});

test('overlapping reconfigurations run one after the other (rtnl): MTU 9000 then XDP attach is refused, not a crash', (t) => {
  const { sim, port, model } = mk();
  model.start();
  sim.run({ untilNs: 100_000 });
  t.is(model.setMtu(9000), 0);
  t.is(model.xdpSet({ pass: 1 }), 0, 'queued behind the MTU change');
  t.is(model.setRingEntries(128), 0, 'queued too');
  t.is(model.queuedRequests, 2);
  sim.run({ untilNs: sim.nowNs + 1_000_000 });
  t.true(port.portIsUp);
  t.is(port.mtu, 9000);
  t.is(port.bpfProg, null);
  t.deepEqual(model.reconfigErrors, [-95], 'the attach ran after the MTU change and got -EOPNOTSUPP');
  t.is(port.counters.ringChanges, 1);
});

test('XDP_TX skbs completing after their queue was re-created go back without direct recycling', (t) => {
  const { sim, port, model } = mk({ variant: 'pre-730ff06d', xdp: { tx: 1 }, rateGbps: 10 });
  model.start();
  sim.run({ untilNs: 9_000 });
  t.is(model.setMtu(68), 0);
  sim.run({ untilNs: sim.nowNs + 1_000_000 });
  t.true(port.portIsUp);
  model.drain();
  sim.run({ untilNs: sim.nowNs + 10_000_000 });
  model.close();
  sim.run({ untilNs: sim.nowNs + 3_000_000_000 });
  t.is(manaRxLeaks(model), null);
});
