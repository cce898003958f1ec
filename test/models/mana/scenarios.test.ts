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

test('claim (a): MTU 1500 on arm64 64K pages, the driver computes 35 buffers per page, page_pool carves 34', (t) => {
  const r = run('mana-64k-frag-tcp');
  t.is(r.status, 'ok');
  t.is(metric(r, 'buffersPerPageDriver'), 35);
  t.is(metric(r, 'buffersPerPageCarved'), 34);
  t.is(metric(r, 'carveStrideBytes'), 1920);
  t.is(metric(r, 'poolSize'), 30);
  t.true(Math.abs(metric(r, 'buffersPerPageMeasured') - 34) < 0.05, 'the pool really handed out 34 fragments per page');
  t.regex(r.reports[0], /page_pool_alloc_frag first rounds each request up to 128 B, so only 34 fit/);
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
  t.is(ring('mana-64k-frag-tcp'), 31 * 65536, '31 pages after (1024 fragments, 34 per page)');
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

test('the workload check ties each driver variant to its kernel', (t) => {
  const base = JSON.parse(readFileSync(new URL('../../../scenarios/mana-64k-5.15-frag-tcp.json', import.meta.url), 'utf8')) as { machine: { kernel: string } };
  base.machine.kernel = '6.x';
  t.throws(() => resolveScenario(base, 'x.json'), { message: /variant ubuntu-5\.15 is the Ubuntu 5\.15 backport, found machine\.kernel 6\.x/ });
});

test('an XDP program at start needs an MTU within MANA_XDP_MTU_MAX', (t) => {
  const s = JSON.parse(readFileSync(new URL('../../../scenarios/mana-mtu9000-4k.json', import.meta.url), 'utf8')) as { workloads: Record<string, unknown>[] };
  s.workloads[0].xdp = { pass: 1 };
  t.throws(() => resolveScenario(s, 'x.json'), { message: /MANA_XDP_MTU_MAX = 3506/ });
});
