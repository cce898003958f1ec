/**
 * Rows 9 and 10 of the kernel review (../shared/reference/kernel-review-findings.md), pinned on
 * the kernels that carry and lack the fixing commits; row 8 is pinned in rx-path.test.ts.
 */
import test from 'ava';
import { Simulator } from '../../../engine/index.ts';
import { archProfile, type ArchName } from '../../../models/kernel/arch.ts';
import { failNextAllocations } from '../../../models/kernel/page.ts';
import type { KernelRef } from '../../../models/kernel/kernel-of.ts';
import { createManaRxSim } from '../../../models/mana/rx-sim.ts';
import { manaRxLeaks, manaRxMetrics } from '../../../models/mana/report.ts';
import { manaMaxMtu, manaRxBufCfg, rxGeometryOf } from '../../../models/mana/rxbuf-cfg.ts';
import { manaDriverOf } from '../../../models/mana/driver.ts';

interface Opts {
  kernel: KernelRef;
  arch?: ArchName;
  page?: number;
  mtu?: number;
  xdp?: { pass: number } | null;
}

function mk(o: Opts) {
  const sim = new Simulator({ seed: 5, checkEveryEvent: true });
  const mtu = o.mtu ?? 9000;
  const model = createManaRxSim({
    name: 'mana.rx.rows',
    sim,
    arch: archProfile(o.arch ?? 'x86_64', o.page ?? 4096, o.kernel),
    cpus: 2,
    costProfile: 'default',
    costOverrides: {},
    iommu: false,
    mtu,
    rxQueueSize: 1024,
    numQueues: 1,
    reconfigDownNs: 100_000,
    flow: { kind: 'udp', rcvbufBytes: 212992, arrivals: 'fixed', rateGbps: 5, linkGbps: 100, frameBytes: mtu + 14 },
    appRateGbps: 0,
    xdp: o.xdp ?? null,
    xdpOnAttach: { pass: 1 },
  });
  return { sim, model, port: model.port };
}

/** Runs 2 ms of traffic, then ifdown; returns the metrics of the traffic phase and the leak check. */
function runJumbo(kernel: KernelRef) {
  const { sim, model } = mk({ kernel });
  model.start();
  sim.run({ untilNs: 2_000_000 });
  model.drain();
  const metrics = manaRxMetrics(model);
  model.close();
  sim.run({ untilNs: sim.nowNs + 2_000_000_000 });
  return { metrics, leak: manaRxLeaks(model), live: model.port.pa.live.size };
}

test('row 9: MTU 9000 on 4K pages before fa37a8849634 (6.6) takes page_frag fragments, three per 32 KiB page, and never recycles them', (t) => {
  const before = runJumbo('6.6');
  t.is(before.metrics.pageFragBuffers, true);
  t.is(before.metrics.poolOrder, 0, 'no pprm.order before fa37a8849634');
  t.is(before.metrics.pageFragStrideBytes, 9344);
  t.is(before.metrics.q0RingPages, 342, 'ceil(1024 / 3) pages of 32 KiB');
  t.is(before.metrics.q0RingBytes, 342 * 32768);
  t.is(before.metrics.q0FootprintLiveBytes, 1024 * 9344);
  t.is(before.metrics.q0FootprintFormulaBytes, 1024 * 9344);
  t.is(before.metrics.q0PoolCachePages, 0, 'nothing goes back to the pool');
  t.true((before.metrics.pageFragAllocs as number) > 1024, 'every refill takes a new fragment');
  t.is(before.leak, null);
  t.is(before.live, 0);
});

test('row 9: from fa37a8849634 (6.15, and 6.12.24 by backport) the same ring is 1024 order-2 pool pages, recycled', (t) => {
  for (const kernel of ['6.15', '6.12.24', { base: '6.6', with: ['mana-jumbo-page-pool'] }] as const) {
    const after = runJumbo(kernel);
    const what = JSON.stringify(kernel);
    t.is(after.metrics.pageFragBuffers, false, what);
    t.is(after.metrics.poolOrder, 2, what);
    t.is(after.metrics.q0RingPages, 1024, what);
    t.is(after.metrics.q0RingBytes, 1024 * 16384, what);
    t.is(after.metrics.pageFragAllocs, 0, what);
    t.is(after.leak, null, what);
  }
});

test('row 9: a failed order-3 refill leaves an order-0 page in the cache, and jumbo refills keep failing after memory is back (6.6)', (t) => {
  const { sim, model, port } = mk({ kernel: '6.6' });
  model.start();
  sim.run({ untilNs: 200_000 });
  // The only page allocations in this phase are the cache's order-3 refills: fail the next one;
  // its order-0 fallback succeeds.
  const cache = port.fragCaches.perCpu[port.rxqs[0]!.cpu];
  failNextAllocations(port.pa, 1);
  sim.run({ untilNs: sim.nowNs + 200_000 });
  t.is(cache.orderFallbacks, 1);
  const refillsBefore = port.rxqs[0]!.stats.refillFailures;
  sim.run({ untilNs: sim.nowNs + 1_000_000 });
  t.true(port.rxqs[0]!.stats.refillFailures > refillsBefore + 10, 'every refill after the fallback fails');
  t.is(cache.page?.order, 0);
});

test('row 10: with XDP on 64K pages, 6.x accepts an MTU above the adapter (max_mtu = MANA_XDP_MTU_MAX = 64946); 7.2 stops at adapter_mtu - 14 = 9000', (t) => {
  const geometry = rxGeometryOf(archProfile('arm64', 65536, '6.x'));
  t.is(manaMaxMtu(geometry, 9014, true, false), 64946);
  t.is(manaMaxMtu(geometry, 9014, true, true), 9000);
  t.is(manaMaxMtu(rxGeometryOf(archProfile('x86_64', 4096, '7.2')), 9014, true, true), 3506, 'on 4K pages MANA_XDP_MTU_MAX is the smaller bound');
  const old = mk({ kernel: '6.x', arch: 'arm64', page: 65536, mtu: 1500, xdp: { pass: 1 } });
  old.model.start();
  t.is(old.port.maxMtu, 64946);
  t.is(old.model.setMtu(20000), 0, 'dev_validate_mtu() lets 20000 through');
  old.sim.run({ untilNs: 1_000_000 });
  t.is(old.port.mtu, 20000);
  t.is(old.model.xdpSet(null), 0);
  old.sim.run({ untilNs: 2_000_000 });
  t.true(old.port.portIsUp, 'the detach re-creates the queues at MTU 20000, above the adapter');
  t.is(old.port.mtu, 20000);
  t.is(old.port.maxMtu, 9000, 'max_mtu drops back to adapter_mtu - 14 only when the program goes');
  const fixed = mk({ kernel: '7.2', arch: 'arm64', page: 65536, mtu: 1500, xdp: { pass: 1 } });
  fixed.model.start();
  t.is(fixed.port.maxMtu, 9000);
  t.is(fixed.model.setMtu(9001), -22, 'EINVAL above min(MANA_XDP_MTU_MAX, adapter_mtu - ETH_HLEN)');
  t.is(fixed.model.setMtu(9000), 0);
});

test('row 10: the clamp follows the commit, not the release: 6.x with 6bd81a5b4e0d clamps, 7.3 without it does not', (t) => {
  for (const [kernel, max] of [
    [{ base: '6.x', with: ['mana-xdp-max-mtu-adapter-clamp'] }, 9000],
    [{ base: '7.3', without: ['mana-xdp-max-mtu-adapter-clamp'] }, 64946],
  ] as const) {
    const { model, port } = mk({ kernel, arch: 'arm64', page: 65536, mtu: 1500, xdp: { pass: 1 } });
    model.start();
    t.is(port.maxMtu, max, JSON.stringify(kernel));
    t.is(manaDriverOf(kernel).xdpMaxMtuClamp, max === 9000);
  }
  // The geometry itself has no adapter bound: a queue at MTU 20000 without XDP is what a 6.x kernel runs after the detach above.
  t.is(manaRxBufCfg({ driver: manaDriverOf('6.x'), geometry: rxGeometryOf(archProfile('arm64', 65536, '6.x')), mtu: 20000, xdpAttached: false, rxQueueSize: 1024 }).fragCount, 3);
});
