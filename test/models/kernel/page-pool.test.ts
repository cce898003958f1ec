import test from 'ava';
import { Violation } from '../../../engine/index.ts';
import { createDmaDevice, dmaOutstanding, failNextMaps, DMA_FROM_DEVICE, DMA_TO_DEVICE, type DmaDevice } from '../../../models/kernel/dma.ts';
import type { KernelEnv } from '../../../models/kernel/env.ts';
import { E2BIG, EINVAL } from '../../../models/kernel/errno.ts';
import { allocPages, createPageAllocator, failNextAllocations, getPage, putPage, type Page, type PageAllocator } from '../../../models/kernel/page.ts';
import {
  pagePoolAllocFrag, pagePoolAllocPages, pagePoolCreate, pagePoolDestroy, pagePoolInflight, pagePoolPutFullPage, pagePoolPutPage,
  pagePoolRecycleDirect, pagePoolRefPage, pagePoolSetNetdevGone, PP_FLAG_DMA_MAP, PP_FLAG_DMA_SYNC_DEV, PP_FLAG_PAGE_FRAG, type PagePool, type PagePoolParams,
} from '../../../models/kernel/page-pool.ts';
import { has, kernelOf, type KernelRef } from '../../../models/kernel/kernel-of.ts';
import { PHASE_DMA, PHASE_PAGE_POOL } from '../../../models/kernel/cpu.ts';
import { makeEnv } from './helpers.ts';

interface Fixture { env: KernelEnv; pa: PageAllocator; dev: DmaDevice; pool: PagePool }

function fixture(arch: 'x86_64' | 'arm64', pageSize: number, version: KernelRef, params: PagePoolParams = {}, cpuCacheLineBytes = 64): Fixture {
  const env = makeEnv(arch, pageSize, version, 1, cpuCacheLineBytes);
  const pa = createPageAllocator(env);
  const dev = createDmaDevice(env, 'eth0');
  // PP_FLAG_PAGE_FRAG is needed from 5.15 until the flag went away (6.7).
  const frag = has(kernelOf(version), 'page-pool-frag-flag-removed') ? 0 : PP_FLAG_PAGE_FRAG;
  const pool = pagePoolCreate(env, pa, {
    flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | frag, maxLenBytes: pageSize, dmaDir: DMA_FROM_DEVICE, dma: dev, poolSize: 1025, ...params,
  });
  if (typeof pool === 'number') throw new Error(`pagePoolCreate failed ${pool}`);
  return { env, pa, dev, pool };
}

/** Carves n fragments of sizeBytes and returns [distinct pages, offsets on the first page]. */
function carve(pool: PagePool, n: number, sizeBytes: number): { pages: Page[]; firstOffsets: number[]; all: Page[] } {
  const pages: Page[] = [];
  const all: Page[] = [];
  const firstOffsets: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = pagePoolAllocFrag(pool, sizeBytes)!;
    all.push(p);
    if (!pages.includes(p)) pages.push(p);
    if (p === pages[0]) firstOffsets.push(pool.lastFragOffsetBytes);
  }
  return { pages, firstOffsets, all };
}

// Row 2 of the kernel review: page_pool_alloc_frag() rounds each fragment up to
// dma_get_cache_alignment(), which on arm64 is ARCH_DMA_MINALIGN (128) before 6.5 and the CPU's
// cache_line_size() from 6.5. MTU 1500's 1856-byte buffers thus carve 34 per 64K page on 5.15 and
// on a 128-byte-line CPU, 35 on 6.5+ with 64-byte lines (Neoverse), 32 with A64FX's 256.
const CARVES = [
  ['arm64', 4096, '5.15', 64, 2, 1920],
  ['arm64', 16384, '5.15', 64, 8, 1920],
  ['arm64', 65536, '5.15', 64, 34, 1920],
  ['arm64', 65536, '6.4', 64, 34, 1920],
  ['arm64', 4096, '6.x', 64, 2, 1856],
  ['arm64', 16384, '6.x', 64, 8, 1856],
  ['arm64', 65536, '6.x', 64, 35, 1856],
  ['arm64', 65536, '6.5', 64, 35, 1856],
  ['arm64', 65536, '6.x', 128, 34, 1920],
  ['arm64', 65536, '6.x', 256, 32, 2048],
  ['arm64', 65536, { base: '6.x', without: ['arm64-kmalloc-cache-line-align'] }, 64, 34, 1920],
  ['x86_64', 4096, '5.15', 64, 2, 1856],
  ['x86_64', 4096, '6.x', 64, 2, 1856],
] as const;
for (const [arch, pageSize, version, line, perPage, stride] of CARVES) {
  const name = typeof version === 'string' ? version : JSON.stringify(version);
  test(`${arch} ${pageSize / 1024}K ${name} ${line}-byte line: 1856-byte fragments, ${perPage} per page at stride ${stride}`, (t) => {
    const { pool } = fixture(arch, pageSize, version, {}, line);
    const { pages, firstOffsets } = carve(pool, perPage * 3, 1856);
    t.is(pages.length, 3);
    t.deepEqual(firstOffsets, Array.from({ length: perPage }, (_, i) => i * stride));
    // Two pages were left at their end: each wastes the tail the last fragment did not cover.
    t.is(pool.fragTailWastedBytes, 2 * (pageSize - perPage * stride));
    t.is(pool.fragPagesStarted, 3);
  });
}

test('x86_64 4K: 2 fragments of 1856 leave a 384-byte tail', (t) => {
  const { pool } = fixture('x86_64', 4096, '6.x');
  carve(pool, 3, 1856);
  t.is(pool.fragTailWastedBytes, 384);
});

test('5.15: page_pool_alloc_frag without PP_FLAG_PAGE_FRAG returns NULL and WARNs', (t) => {
  const { env, pool } = fixture('x86_64', 4096, '5.15', { flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV });
  t.is(pagePoolAllocFrag(pool, 1856), null);
  t.is(pool.fragWarnings, 1);
  t.is(env.log.length, 1);
  t.regex(env.log[0].message, /WARN_ON\(!\(pool->p.flags & PP_FLAG_PAGE_FRAG\)/);
  // 6.x needs no flag.
  const b = fixture('x86_64', 4096, '6.x', { flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV });
  t.not(pagePoolAllocFrag(b.pool, 1856), null);
  t.is(pagePoolAllocFrag(b.pool, 4097), null);
  t.is(b.pool.fragWarnings, 1);
});

test('creation validation: pool_size, flags, dma_dir, max_len', (t) => {
  const env515 = makeEnv('x86_64', 4096, '5.15');
  const env6 = makeEnv('x86_64', 4096, '6.x');
  const pa = createPageAllocator(env515);
  const dev = createDmaDevice(env515, 'eth0');
  t.is(pagePoolCreate(env515, pa, { poolSize: 32769 }), -E2BIG);
  t.is((pagePoolCreate(env515, pa, { poolSize: 32768 }) as PagePool).ringCapacity, 32768);
  t.is((pagePoolCreate(env515, pa, { poolSize: 0 }) as PagePool).ringCapacity, 1024);
  t.is((pagePoolCreate(env6, createPageAllocator(env6), { poolSize: 40000 }) as PagePool).ringCapacity, 16384);
  t.is(pagePoolCreate(env515, pa, { flags: PP_FLAG_DMA_SYNC_DEV, maxLenBytes: 4096 }), -EINVAL);
  t.is(pagePoolCreate(env515, pa, { flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV, maxLenBytes: 0, dma: dev }), -EINVAL);
  t.is(pagePoolCreate(env515, pa, { flags: PP_FLAG_DMA_MAP, dmaDir: DMA_TO_DEVICE, dma: dev }), -EINVAL);
  t.is(pagePoolCreate(env515, pa, { flags: 8 }), -EINVAL);
  t.is(pagePoolCreate(env6, createPageAllocator(env6), { flags: 16 }), -EINVAL);
  t.is(pagePoolCreate(env515, pa, { order: 11 }), -EINVAL);
});

test('slow path bulk-allocates 64 pages, maps each and syncs max_len; then 63 fast allocations', (t) => {
  const { pa, dev, pool } = fixture('x86_64', 4096, '6.x');
  const first = pagePoolAllocPages(pool)!;
  t.is(pool.stats.allocSlow, 1);
  t.is(pa.pagesInUse, 64);
  t.is(pool.holdCnt, 64);
  t.is(dev.maps, 64);
  t.is(dev.syncsForDevice, 64);
  t.is(pool.cacheCount, 63);
  t.is(first.refcount, 1);
  t.is(first.ppRefCount, 1);
  for (let i = 0; i < 63; i++) pagePoolAllocPages(pool);
  t.is(pool.stats.allocFast, 63);
  pagePoolAllocPages(pool);
  t.is(pool.stats.allocEmpty, 2, "the first allocation also found cache and ring empty");
  t.is(pool.stats.allocSlow, 2);
});

test('order > 0 allocates one compound page per slow allocation', (t) => {
  const { pa, pool } = fixture('x86_64', 4096, '6.x', { order: 2, maxLenBytes: 16384 });
  const p = pagePoolAllocPages(pool)!;
  t.is(p.order, 2);
  t.is(pool.stats.allocSlowHighOrder, 1);
  t.is(pa.pagesInUse, 4);
  t.is(pagePoolInflight(pool), 1);
});

test('non-direct puts go to the ring; an empty cache refills 64 from it', (t) => {
  const { pool } = fixture('x86_64', 4096, '6.x');
  const held: Page[] = [];
  for (let i = 0; i < 100; i++) held.push(pagePoolAllocPages(pool)!);
  for (const p of held) pagePoolPutFullPage(pool, p, false);
  t.is(pool.stats.recycleRing, 100);
  t.is(pool.ringCount, 100);
  // 28 pages were still in the cache from the second bulk; take them, then the refill.
  for (let i = 0; i < 28; i++) pagePoolAllocPages(pool);
  pagePoolAllocPages(pool);
  t.is(pool.stats.allocRefill, 1);
  t.is(pool.cacheCount, 63);
  t.is(pool.ringCount, 36);
});

test('recycle when refcount is 1, release from the pool when someone else holds a reference', (t) => {
  const { pa, dev, pool } = fixture('x86_64', 4096, '6.x');
  const a = pagePoolAllocPages(pool)!;
  const b = pagePoolAllocPages(pool)!;
  pagePoolRecycleDirect(pool, a);
  t.is(pool.stats.recycleCached, 1);
  t.is(a.pp, pool);
  getPage(b); // e.g. a cloned skb still references the page
  const inflight = pagePoolInflight(pool);
  pagePoolPutFullPage(pool, b, false);
  t.is(pool.stats.recycleReleasedRefcnt, 1);
  t.is(b.pp, null);
  t.is(b.dmaAddr, 0);
  t.is(b.refcount, 1);
  t.false(b.freed);
  t.is(pagePoolInflight(pool), inflight - 1);
  const before = pa.pagesInUse;
  putPage(b);
  t.true(b.freed);
  t.is(pa.pagesInUse, before - 1);
  t.is(dev.unmaps, 1);
});

test('ring full: the page is returned to the page allocator', (t) => {
  const { pool } = fixture('x86_64', 4096, '5.15', { poolSize: 4, flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV });
  const held: Page[] = [];
  for (let i = 0; i < 6; i++) held.push(pagePoolAllocPages(pool)!);
  for (const p of held) pagePoolPutFullPage(pool, p, false);
  t.is(pool.stats.recycleRing, 4);
  t.is(pool.stats.recycleRingFull, 2);
  t.true(held[4].freed && held[5].freed);
});

test('a fragment page recycles only after all fragment users put it and it was drained', (t) => {
  for (const version of ['5.15', '6.x'] as const) {
    const { pool } = fixture('x86_64', 4096, version);
    const a = pagePoolAllocFrag(pool, 1856)!;
    const b = pagePoolAllocFrag(pool, 1856)!;
    t.is(a, b);
    pagePoolPutPage(pool, a, -1, true);
    pagePoolPutPage(pool, b, -1, true);
    t.is(pool.stats.recycleCached, 0, 'still the current fragment page');
    // The next fragment drains it: everything came back, so the page is reused at once.
    const c = pagePoolAllocFrag(pool, 1856)!;
    t.is(c, a, version);
    t.is(pool.lastFragOffsetBytes, 0);
    t.is(pool.fragPagesStarted, 2);
  }
});

test('a drained fragment page with users outstanding recycles on the last put', (t) => {
  const { pool } = fixture('arm64', 65536, '6.x');
  const first = carve(pool, 35, 1856).all;
  const other = pagePoolAllocFrag(pool, 1856)!;
  t.not(other, first[0]);
  for (let i = 0; i < 34; i++) pagePoolPutPage(pool, first[i], -1, false);
  t.is(pool.stats.recycleRing, 0);
  pagePoolPutPage(pool, first[34], -1, false);
  t.is(pool.stats.recycleRing, 1);
  t.is(first[0].ppRefCount, 1);
});

test('double put of a page already in the pool is a violation', (t) => {
  const { pool } = fixture('x86_64', 4096, '5.15', { flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV });
  const p = pagePoolAllocPages(pool)!;
  pagePoolPutFullPage(pool, p, false);
  const e = t.throws(() => pagePoolPutFullPage(pool, p, false), { instanceOf: Violation }) as Violation;
  t.is(e.invariant, 'pp-put-owned-page');
});

test('slow-path failures: no pages, or every map fails, returns NULL without leaking', (t) => {
  const { pa, dev, pool } = fixture('x86_64', 4096, '6.x');
  failNextAllocations(pa, 1);
  t.is(pagePoolAllocPages(pool), null);
  failNextMaps(dev, 64);
  t.is(pagePoolAllocPages(pool), null);
  t.is(pa.pagesInUse, 0);
  t.is(pagePoolInflight(pool), 0);
});

test('5.15 destroy with pages in flight: retry every second, warning at 60 s, completes when pages return', (t) => {
  const { env, pa, dev, pool } = fixture('x86_64', 4096, '5.15');
  const frags = carve(pool, 3, 1856).all;
  const whole = allocPages(pa, 0)!;
  pagePoolDestroy(pool);
  t.false(pool.freed);
  t.is(pagePoolInflight(pool), 2);
  env.sim.run({ untilNs: 59_500_000_000 });
  t.is(pool.releaseRetries, 59);
  t.is(env.log.length, 0);
  env.sim.run({ untilNs: 60_500_000_000 });
  t.is(env.log.length, 1);
  t.deepEqual(env.log[0], { timeNs: 60_000_000_000, fn: 'page_pool_release_retry', message: 'page_pool_release_retry() stalled pool shutdown 2 inflight 60 sec' });
  env.sim.run({ untilNs: 120_500_000_000 });
  t.is(env.log.length, 2);
  t.regex(env.log[1].message, /120 sec/);
  for (const f of frags) pagePoolPutPage(pool, f, -1, false);
  env.sim.run({ untilNs: 200_000_000_000 });
  t.true(pool.freed);
  t.is(pool.freedAtNs, 121_000_000_000);
  t.is(dmaOutstanding(dev), 0);
  putPage(whole);
  t.is(pa.pagesInUse, 0);
  t.is(env.sim.pendingEvents, 0);
});

test('6.x destroy: silent while the netdev is registered, names the pool id once it is gone; scrub unmaps in-flight pages', (t) => {
  const { env, pa, dev, pool } = fixture('x86_64', 4096, '6.x', { netdev: true });
  const p = pagePoolAllocPages(pool)!;
  pagePoolDestroy(pool);
  t.is(dmaOutstanding(dev), 0, 'the dma_mapped xarray scrub unmapped the in-flight page');
  env.sim.run({ untilNs: 61_000_000_000 });
  t.is(env.log.length, 0);
  pagePoolSetNetdevGone(pool);
  env.sim.run({ untilNs: 62_500_000_000 });
  t.is(env.log.length, 1);
  t.is(env.log[0].message, `page_pool_release_retry() stalled pool shutdown: id ${pool.id}, 1 inflight 62 sec`);
  pagePoolPutFullPage(pool, p, false);
  env.sim.run();
  t.true(pool.freed);
  t.is(pa.pagesInUse, 0);
  t.is(dev.unmaps, 64);
});

test('destroy with nothing in flight frees the pool at once; direct recycling after destroy is a violation', (t) => {
  const { pa, pool } = fixture('x86_64', 4096, '6.x');
  const p = pagePoolAllocPages(pool)!;
  pagePoolRecycleDirect(pool, p);
  pagePoolDestroy(pool);
  t.true(pool.freed);
  t.is(pa.pagesInUse, 0);
  const b = fixture('x86_64', 4096, '6.x');
  const q = pagePoolAllocPages(b.pool)!;
  pagePoolDestroy(b.pool);
  t.throws(() => pagePoolRecycleDirect(b.pool, q), { instanceOf: Violation, message: /after page_pool_destroy/ });
});

test('BIAS_MAX: LONG_MAX stand-in before 6.8, half of it from 6.8; 6.6 still needs PP_FLAG_PAGE_FRAG', (t) => {
  const a = fixture('x86_64', 4096, '5.15');
  const b = fixture('x86_64', 4096, '6.x');
  t.is(b.pool.biasMax * 2 + 1, a.pool.biasMax);
  const c = fixture('x86_64', 4096, '6.6', { flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV });
  t.is(pagePoolAllocFrag(c.pool, 1856), null);
  t.is(c.pool.fragWarnings, 1);
  const p = pagePoolAllocFrag(a.pool, 1856)!;
  t.is(p.ppRefCount, a.pool.biasMax);
});

test('6.8+ page_pool_ref_page: a fragment with two pp references needs two puts', (t) => {
  const { pool } = fixture('x86_64', 4096, '6.x');
  const whole = pagePoolAllocPages(pool)!;
  pagePoolRefPage(whole);
  t.is(whole.ppRefCount, 2);
  pagePoolPutFullPage(pool, whole, false);
  t.is(pool.stats.recycleRing, 0);
  pagePoolPutFullPage(pool, whole, false);
  t.is(pool.stats.recycleRing, 1);
  t.is(whole.ppRefCount, 1);
});

test('recycling syncs max_len for the device, and the fast path charges the page_pool phase', (t) => {
  const { env, dev, pool } = fixture('x86_64', 4096, '6.x', { maxLenBytes: 2048 });
  const p = pagePoolAllocPages(pool)!;
  const syncs = dev.syncsForDevice;
  pagePoolRecycleDirect(pool, p);
  t.is(dev.syncsForDevice, syncs + 1);
  t.is(pagePoolAllocPages(pool), p);
  t.true(env.cpu.phaseNs[0][PHASE_PAGE_POOL] > 0);
  t.true(env.cpu.phaseNs[0][PHASE_DMA] > 0);
});
