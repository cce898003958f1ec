import test from 'ava';
import { Violation } from '../../../engine/index.ts';
import {
  createDmaDevice, deviceRead, deviceWrite, dmaMap, dmaMappingError, dmaOutstanding, dmaSyncForCpu, dmaSyncForDevice, dmaTeardownCheck, dmaUnmap,
  failNextMaps, setMapFailure, DMA_FROM_DEVICE, DMA_TO_DEVICE, DMA_BIDIRECTIONAL,
} from '../../../models/kernel/dma.ts';
import { allocPages, createPageAllocator, putPage } from '../../../models/kernel/page.ts';
import { PHASE_DMA } from '../../../models/kernel/cpu.ts';
import { makeEnv } from './helpers.ts';

function setup(iommu = false) {
  const env = makeEnv();
  const pa = createPageAllocator(env);
  const dev = createDmaDevice(env, 'mana0', { iommu });
  return { env, pa, dev };
}

function invariantOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof Violation) return e.invariant;
    throw e;
  }
  return 'none';
}

test('map / sync / device write / unmap round trip with counters', (t) => {
  const { pa, dev } = setup();
  const page = allocPages(pa, 0)!;
  const addr = dmaMap(dev, page, 0, 4096, DMA_FROM_DEVICE, 'page_pool_dma_map');
  t.false(dmaMappingError(addr));
  dmaSyncForDevice(dev, addr + 64, 1536, DMA_FROM_DEVICE, 'page_pool_dma_sync_for_device');
  deviceWrite(dev, addr + 1920, 1514, 'mana rx');
  dmaSyncForCpu(dev, addr + 1920, 1514, DMA_FROM_DEVICE, 'mana_rx');
  t.is(dmaOutstanding(dev), 1);
  dmaUnmap(dev, addr, 4096, DMA_FROM_DEVICE, 'page_pool_return_page');
  t.is(dmaOutstanding(dev), 0);
  t.deepEqual([dev.maps, dev.unmaps, dev.syncsForDevice, dev.syncsForCpu, dev.deviceWrites], [1, 1, 1, 1, 1]);
  dmaTeardownCheck(dev, 'mana_remove');
  t.pass();
});

test('IOMMU map costs more than direct map', (t) => {
  const a = setup(false);
  const b = setup(true);
  dmaMap(a.dev, allocPages(a.pa, 0)!, 0, 4096, DMA_TO_DEVICE, 't');
  dmaMap(b.dev, allocPages(b.pa, 0)!, 0, 4096, DMA_TO_DEVICE, 't');
  t.is(a.env.cpu.phaseNs[0][PHASE_DMA], a.env.cpu.costs.dmaMapNs);
  t.is(b.env.cpu.phaseNs[0][PHASE_DMA], b.env.cpu.costs.dmaMapIommuNs);
});

test('map failure injection: fail-next and seeded probability', (t) => {
  const { env, pa, dev } = setup();
  const page = allocPages(pa, 0)!;
  failNextMaps(dev);
  t.true(dmaMappingError(dmaMap(dev, page, 0, 4096, DMA_FROM_DEVICE, 't')));
  setMapFailure(dev, env.sim.rng.stream('test.dma'), 0.25);
  let failed = 0;
  for (let i = 0; i < 400; i++) {
    const a = dmaMap(dev, page, 0, 64, DMA_FROM_DEVICE, 't');
    if (dmaMappingError(a)) failed++;
    else dmaUnmap(dev, a, 64, DMA_FROM_DEVICE, 't');
  }
  t.true(failed > 60 && failed < 140, `failed ${failed}`);
  t.is(dev.mapFailures, failed + 1);
});

test('debug checks: unmap of unmapped, double unmap, size mismatch, bad sync, device write violations', (t) => {
  const { pa, dev } = setup();
  const page = allocPages(pa, 0)!;
  const addr = dmaMap(dev, page, 128, 2048, DMA_FROM_DEVICE, 'mana_get_rxfrag');
  t.is(invariantOf(() => dmaUnmap(dev, 12345, 64, DMA_FROM_DEVICE, 'x')), 'dma-unmap-unmapped');
  t.is(invariantOf(() => dmaUnmap(dev, addr + 4, 2048, DMA_FROM_DEVICE, 'x')), 'dma-unmap-unmapped');
  t.is(invariantOf(() => dmaUnmap(dev, addr, 1024, DMA_FROM_DEVICE, 'x')), 'dma-unmap-mismatch');
  t.is(invariantOf(() => dmaSyncForCpu(dev, addr, 4096, DMA_FROM_DEVICE, 'x')), 'dma-sync-range');
  t.is(invariantOf(() => dmaSyncForCpu(dev, addr, 64, DMA_TO_DEVICE, 'x')), 'dma-sync-direction');
  t.is(invariantOf(() => deviceRead(dev, addr, 64, 'x')), 'dma-access-direction');
  t.is(invariantOf(() => deviceWrite(dev, addr + 2000, 100, 'x')), 'dma-access-range');
  dmaUnmap(dev, addr, 2048, DMA_FROM_DEVICE, 'mana_refill_rx_oob');
  const e = t.throws(() => dmaUnmap(dev, addr, 2048, DMA_FROM_DEVICE, 'mana_destroy_rxq'), { instanceOf: Violation }) as Violation;
  t.is(e.invariant, 'dma-double-unmap');
  t.regex(e.message, /mana_destroy_rxq unmaps page #1\+128.*mana_get_rxfrag.*mana_refill_rx_oob already unmapped/);
  t.is(invariantOf(() => deviceWrite(dev, addr, 64, 'mana rx')), 'dma-write-unmapped');
});

test('device write into a freed buffer and leaked mappings at teardown are violations naming buffer and caller', (t) => {
  const { pa, dev } = setup();
  const page = allocPages(pa, 0)!;
  const addr = dmaMap(dev, page, 0, 4096, DMA_BIDIRECTIONAL, 'mana_get_rxfrag');
  putPage(page);
  const e = t.throws(() => deviceWrite(dev, addr + 10, 100, 'mana rx cqe'), { instanceOf: Violation }) as Violation;
  t.is(e.invariant, 'dma-write-freed');
  t.regex(e.message, /page #1\+0.*mana_get_rxfrag.*mana rx cqe/);
  const l = t.throws(() => dmaTeardownCheck(dev, 'mana_remove'), { instanceOf: Violation }) as Violation;
  t.is(l.invariant, 'dma-mapping-leak');
  t.regex(l.message, /1 DMA mappings outstanding at mana_remove: page #1/);
});

test('a stale address is still a double unmap after its slot was reused; addresses are never 0', (t) => {
  const { pa, dev } = setup();
  const page = allocPages(pa, 0)!;
  const a = dmaMap(dev, page, 0, 4096, DMA_FROM_DEVICE, 'first');
  t.true(a > 0);
  dmaUnmap(dev, a, 4096, DMA_FROM_DEVICE, 'first_done');
  const b = dmaMap(dev, page, 0, 4096, DMA_FROM_DEVICE, 'second');
  t.not(a, b);
  t.is(invariantOf(() => dmaUnmap(dev, a, 4096, DMA_FROM_DEVICE, 'stale')), 'dma-double-unmap');
  t.is(dmaOutstanding(dev), 1);
  dmaUnmap(dev, b, 4096, DMA_FROM_DEVICE, 'second_done');
  t.is(dmaOutstanding(dev), 0);
});
