import test from 'ava';
import { readFileSync } from 'node:fs';
import { loadScenarioFile, resolveScenario } from '../../../scenario/load.ts';
import { runScenario, type RunResult } from '../../../scenario/run.ts';

const cache = new Map<string, RunResult>();
function run(name: string): RunResult {
  let r = cache.get(name);
  if (r === undefined) {
    r = runScenario(loadScenarioFile(new URL(`../../../scenarios/${name}.json`, import.meta.url).pathname));
    cache.set(name, r);
  }
  return r;
}
const metric = (r: RunResult, key: string) => r.metrics[`mana-rx.${key}`] as number;

test('claim (a): MTU 1500 on arm64 64K pages, the driver computes 35 buffers per page; page_pool carves 34 on the 5.15 SRU kernel (ARCH_DMA_MINALIGN 128), 35 on 6.x with a 64-byte line', (t) => {
  const sru = run('mana-64k-5.15-frag-tcp');
  t.is(sru.status, 'ok');
  t.is(metric(sru, 'buffersPerPageDriver'), 35);
  t.is(metric(sru, 'buffersPerPageCarved'), 34);
  t.is(metric(sru, 'carveStrideBytes'), 1920);
  t.is(metric(sru, 'poolSize'), 30);
  t.true(Math.abs(metric(sru, 'buffersPerPageMeasured') - 34) < 0.05, 'the pool really handed out 34 fragments per page');
  t.regex(sru.reports[0], /page_pool_alloc_frag first rounds each request up to 128 B, so only 34 fit/);
  // Since 6.5 arm64's dma_get_cache_alignment() is the CPU's line (64 by default): 1856-byte strides, 35 per page.
  const up = run('mana-64k-frag-tcp');
  t.deepEqual([metric(up, 'buffersPerPageDriver'), metric(up, 'buffersPerPageCarved'), metric(up, 'carveStrideBytes')], [35, 35, 1856]);
  t.true(Math.abs(metric(up, 'buffersPerPageMeasured') - 35) < 0.05);
});

test('claim (c): on 64K pages the patch gives 2.5x-3.5x TCP throughput, from the window, on 4K pages little', (t) => {
  const after64 = run('mana-64k-frag-tcp');
  const before64 = run('mana-64k-fullpage-tcp');
  const ratio64 = metric(after64, 'throughputGbps') / metric(before64, 'throughputGbps');
  t.true(ratio64 >= 2.5 && ratio64 <= 3.5, `64K ratio ${ratio64}`);
  t.is(metric(before64, 'truesizePerPacketBytes'), 65792);
  t.is(metric(after64, 'truesizePerPacketBytes'), 2112);
  t.regex(before64.reports[0], /bound by the receive window/);
  t.regex(after64.reports[0], /bound by the link/);
  const after4 = run('mana-4k-frag-tcp');
  const before4 = run('mana-4k-fullpage-tcp');
  const ratio4 = metric(after4, 'throughputGbps') / metric(before4, 'throughputGbps');
  t.true(ratio4 >= 0.95 && ratio4 < 1.2, `4K ratio ${ratio4}`);
  t.true(metric(before4, 'dmaMapsPerPacket') > 0.99 && metric(after4, 'dmaMapsPerPacket') < 0.01, 'a dma_map per packet before, none after');
});

test('claim (b): memory per RX queue before vs after, 4K and 64K pages', (t) => {
  const ring = (name: string) => metric(run(name), 'q0RingBytes');
  t.is(ring('mana-64k-fullpage-tcp'), 1024 * 65536, '64 MiB of ring on 64K pages before');
  t.is(ring('mana-64k-frag-tcp'), 30 * 65536, '30 pages after on 6.x (1024 fragments, 35 per page)');
  t.is(ring('mana-64k-5.15-frag-tcp'), 31 * 65536, '31 pages after on the 5.15 SRU kernel (1024 fragments, 34 per page)');
  t.is(ring('mana-4k-fullpage-tcp'), 1024 * 4096);
  t.is(ring('mana-4k-frag-tcp'), 512 * 4096);
  for (const name of ['mana-64k-frag-tcp', 'mana-64k-fullpage-tcp', 'mana-4k-frag-tcp', 'mana-4k-fullpage-tcp']) {
    t.is(metric(run(name), 'q0FootprintLiveBytes'), metric(run(name), 'q0FootprintFormulaBytes'), name);
  }
});

test('claim (d): MTU 9000 on 4K falls back to one order-2 buffer; XDP gives full pages with 256 B headroom; detach returns to fragments', (t) => {
  const jumbo = run('mana-mtu9000-4k');
  t.is(jumbo.status, 'ok');
  t.deepEqual([metric(jumbo, 'buffersPerPageDriver'), metric(jumbo, 'allocSizeBytes'), metric(jumbo, 'poolOrder'), metric(jumbo, 'poolSize')], [1, 9344, 2, 1025]);
  const re = run('mana-xdp-reconfig-4k');
  t.is(re.status, 'ok');
  t.regex(re.reports[0], /t=20\.100 ms: MTU 1500, XDP on: one buffer per 4K page \(alloc 4096 B, headroom 256 B\), pool_size 1025/);
  t.regex(re.reports[0], /t=60\.100 ms: MTU 1500, XDP off: 2 fragments per page of 1856 B, pool_size 513/);
  t.regex(re.reports[0], /t=100\.100 ms: MTU 9000, XDP off: one buffer per 16K page \(alloc 9344 B/);
  t.true(metric(re, 'preAllocBuffersUsed') >= 4 * 1024, 'every re-creation filled its first ring from pre-allocated pages');
  t.true(metric(re, 'destroyWithPagesHeld') >= 1);
});

test('claim (c) on the 5.15 kernel of the SRU: rcv_ssthresh growth stops for full-page skbs, not for fragments', (t) => {
  const after = run('mana-64k-5.15-frag-tcp');
  const before = run('mana-64k-5.15-fullpage-tcp');
  const ratio = metric(after, 'throughputGbps') / metric(before, 'throughputGbps');
  t.true(ratio > 2.5 && ratio < 4.5, `5.15 ratio ${ratio}`);
  t.regex(before.reports[0], /rcv_ssthresh 9\d{4} B/);
  t.regex(before.reports[0], /bound by the receive window/);
  t.is(metric(after, 'poolFlags'), 7, 'PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | PP_FLAG_PAGE_FRAG');
});

test('reconfiguration and fault scenarios hold every invariant after every event and leave nothing behind', (t) => {
  for (const name of ['mana-xdp-reconfig-4k', 'mana-dma-map-fail-4k']) {
    const r = runScenario(loadScenarioFile(new URL(`../../../scenarios/${name}.json`, import.meta.url).pathname), { checkEveryEvent: true });
    t.is(r.status, 'ok', `${name}: ${r.violation?.message ?? r.liveness ?? ''}`);
  }
  const faults = run('mana-dma-map-fail-4k');
  t.true(metric(faults, 'refillFailures') > 0);
  t.is((faults.metrics['mana-rx.drops'] as Record<string, number>)['refill-fail'], metric(faults, 'refillFailures'));
});

test('the workload check ties each driver alias to the page_pool it needs, by the kernel\'s changes', (t) => {
  const base = JSON.parse(readFileSync(new URL('../../../scenarios/mana-64k-5.15-frag-tcp.json', import.meta.url), 'utf8')) as { machine: { kernel: unknown }; workloads: Record<string, unknown>[] };
  base.machine.kernel = '6.x';
  t.throws(() => resolveScenario(base, 'x.json'), { message: /variant ubuntu-5\.15 is the Ubuntu 5\.15 backport .* needs a kernel whose page_pool still has PP_FLAG_PAGE_FRAG .*found machine\.kernel 6\.x/ });
  // Any kernel whose page_pool still has the flag takes the backport: a 5.15 stable release, the distro, 6.6.
  for (const kernel of ['5.15.60', 'ubuntu-jammy-azure-5.15', '6.6']) {
    base.machine.kernel = kernel;
    t.notThrows(() => resolveScenario(base, 'x.json'), kernel);
  }
  base.workloads[0].variant = 'upstream-6x';
  base.machine.kernel = '6.6';
  t.throws(() => resolveScenario(base, 'x.json'), { message: /variant upstream-6x needs page_pool_free_va\(\) \(de97502e16fc, 6\.7\), which machine\.kernel 6\.6 does not carry/ });
  // Without an alias the driver follows the kernel; only page_pool fragments are required.
  delete base.workloads[0].variant;
  for (const kernel of ['5.15', '6.6', { base: '6.6.30', with: ['mana-rx-page-pool-frags'] }, '6.x', '7.3']) {
    base.machine.kernel = kernel;
    t.notThrows(() => resolveScenario(base, 'x.json'), JSON.stringify(kernel));
  }
  base.machine.kernel = '5.12';
  t.throws(() => resolveScenario(base, 'x.json'), { message: /machine\.kernel.*page_pool fragments \(53e0961da1c7, 5\.15\), which machine\.kernel 5\.12 does not carry/ });
});

test('an XDP program at start needs an MTU within MANA_XDP_MTU_MAX', (t) => {
  const s = JSON.parse(readFileSync(new URL('../../../scenarios/mana-mtu9000-4k.json', import.meta.url), 'utf8')) as { workloads: Record<string, unknown>[] };
  s.workloads[0].xdp = { pass: 1 };
  t.throws(() => resolveScenario(s, 'x.json'), { message: /MANA_XDP_MTU_MAX = 3506/ });
});

test('row 10 in the workload check: from 6bd81a5b4e0d an XDP program at start is bounded by min(MANA_XDP_MTU_MAX, adapterMtuBytes - 14), named as one rule', (t) => {
  const s = JSON.parse(readFileSync(new URL('../../../scenarios/mana-64k-frag-tcp.json', import.meta.url), 'utf8')) as { machine: { kernel: unknown }; workloads: Record<string, unknown>[] };
  s.workloads[0].xdp = { pass: 1 };
  s.workloads[0].adapterMtuBytes = 5014;
  s.workloads[0].mtu = 6000;
  s.machine.kernel = '7.3';
  t.throws(() => resolveScenario(s, 'x.json'), { message: /max_mtu = min\(MANA_XDP_MTU_MAX = 64946 on 65536-byte pages, adapterMtuBytes - 14 = 5000\) = 5000 \(6bd81a5b4e0d\), found 6000/ });
  // Before the commit the same start fails on the probe's adapter bound alone.
  s.machine.kernel = '6.x';
  t.throws(() => resolveScenario(s, 'x.json'), { message: /must be at most adapterMtuBytes - 14 = 5000, found 6000/ });
  s.workloads[0].mtu = 5000;
  for (const kernel of ['6.x', '7.3']) {
    s.machine.kernel = kernel;
    t.notThrows(() => resolveScenario(s, 'x.json'), kernel);
  }
});
