/**
 * One case of the kernel buffer property (properties/kernel-buffers.test.ts; the kernel-change
 * coverage test runs it too). Properties of the kernel buffer models under random interleavings of page_pool allocation
 * (whole pages and fragments), extra page references, puts (direct and via the ring), skbs
 * built on pool pages and freed with recycling, injected allocation and DMA-map failures,
 * destroy, and the passage of simulated time.
 *
 * After every operation: no count is negative, the alloc cache and ring stay within their
 * capacities and hold only pool-owned pages with refcount 1, and inflight equals the number of
 * live pages the pool owns. After a fault-free drain (every holder puts, the pool is destroyed,
 * simulated time runs until idle): every page is back in the allocator, no DMA mapping is left,
 * no skb is live and the pool struct was freed. Coverage counters prove the interesting states
 * were reached: a fragment page shared by several users, ring-full release, release because
 * refcount > 1, destroy with pages in flight, allocation and map failures.
 */
import fc from 'fast-check';
import { Simulator } from '../engine/index.ts';
import { archProfile, type ArchName } from '../models/kernel/arch.ts';
import { createDmaDevice, dmaOutstanding, setMapFailure, DMA_FROM_DEVICE } from '../models/kernel/dma.ts';
import { createKernelEnv } from '../models/kernel/env.ts';
import { createPageAllocator, getPage, putPage, setAllocFailure, type Page } from '../models/kernel/page.ts';
import {
  pagePoolAllocFrag, pagePoolAllocPages, pagePoolCreate, pagePoolDestroy, pagePoolInflight, pagePoolPutPage, PP_ALLOC_CACHE_SIZE,
  PP_FLAG_DMA_MAP, PP_FLAG_DMA_SYNC_DEV, PP_FLAG_PAGE_FRAG, type PagePool,
} from '../models/kernel/page-pool.ts';
import { consumeSkb, createSkbContext, napiBuildSkb, skbLeaks, skbMarkForRecycle } from '../models/kernel/skb.ts';
import { has, kernelOf, type KernelRef } from '../models/kernel/kernel-of.ts';
import type { KernelChangeName } from '../models/kernel/features.ts';
import { kernelSpecs } from '../campaign/generators/kernel.ts';

/**
 * The registered changes these models switch on: each is drawn in and out around the bases, so
 * the property covers 6.7, 6.8, 6.9, 6.12 and 6.15 page_pool branches and not just '5.15' and '6.x'.
 */
export const PAGE_POOL_TOGGLES: readonly KernelChangeName[] = [
  'page-pool-frag', 'page-pool-frag-flag-removed', 'page-pool-alloc-api', 'page-pool-bias-max-half', 'page-pool-netdev-quiet-warning',
  'page-pool-system-pool-flag', 'page-pool-unreadable-netmem-flag', 'page-pool-dma-mapped-tracking', 'arm64-kmalloc-cache-line-align',
  'skb-small-head-cache', 'max-skb-frags-config',
];

export type Op =
  | { kind: 'alloc' }
  | { kind: 'frag'; sizeBytes: number }
  | { kind: 'get'; pick: number }
  | { kind: 'put'; pick: number; direct: boolean }
  | { kind: 'skb'; pick: number }
  | { kind: 'destroy' }
  | { kind: 'tick'; seconds: number };

interface Holder {
  page: Page;
  /** 'pool': a pool reference (whole page or fragment); 'extra': a get_page reference. */
  kind: 'pool' | 'extra';
  offsetBytes: number;
  sizeBytes: number;
  frag: boolean;
}

export interface Setup {
  arch: ArchName;
  pageSizeBytes: number;
  version: KernelRef;
  cpuCacheLineBytes: number;
  fragMode: boolean;
  order: number;
  poolSize: number;
  allocFailP: number;
  mapFailP: number;
  seed: number;
}

export const setupArb: fc.Arbitrary<Setup> = fc
  .record({
    machine: fc.constantFrom<[ArchName, number]>(['x86_64', 4096], ['arm64', 4096], ['arm64', 16384], ['arm64', 65536]),
    version: kernelSpecs({ bases: ['5.15', '6.1', '6.6', '6.8', '6.12', '6.x'], toggles: PAGE_POOL_TOGGLES }),
    cpuCacheLineBytes: fc.constantFrom(64, 64, 128, 256),
    fragMode: fc.boolean(),
    order: fc.constantFrom(0, 0, 0, 1),
    poolSize: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 48 })),
    allocFailP: fc.constantFrom(0, 0, 0.05, 0.3),
    mapFailP: fc.constantFrom(0, 0, 0.02, 0.2),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  })
  .map(({ machine, ...rest }) => ({ arch: machine[0], pageSizeBytes: machine[1], ...rest }));

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Op>({ kind: 'alloc' }) },
  { weight: 6, arbitrary: fc.constantFrom(512, 1856, 2048, 3000).map((sizeBytes): Op => ({ kind: 'frag', sizeBytes })) },
  { weight: 3, arbitrary: fc.nat(1000).map((pick): Op => ({ kind: 'get', pick })) },
  { weight: 6, arbitrary: fc.record({ pick: fc.nat(1000), direct: fc.boolean() }).map((r): Op => ({ kind: 'put', ...r })) },
  { weight: 2, arbitrary: fc.nat(1000).map((pick): Op => ({ kind: 'skb', pick })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'destroy' }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 90 }).map((seconds): Op => ({ kind: 'tick', seconds })) },
);

export const coverage = {
  runs: 0,
  fragShared: 0,
  ringFullRelease: 0,
  refcountRelease: 0,
  destroyWithInflight: 0,
  stalledWarning: 0,
  allocFailures: 0,
  mapFailures: 0,
  skbRecycled: 0,
};

function checkPool(pool: PagePool): void {
  const pa = pool.allocator;
  if (pa.pagesInUse < 0 || pa.bytesInUse < 0) throw new Error(`allocator counts negative: ${pa.pagesInUse} pages, ${pa.bytesInUse} bytes`);
  if (pool.cacheCount < 0 || pool.cacheCount > PP_ALLOC_CACHE_SIZE) throw new Error(`alloc cache count ${pool.cacheCount}`);
  if (pool.ringCount < 0 || pool.ringCount > pool.ringCapacity) throw new Error(`ring count ${pool.ringCount} of ${pool.ringCapacity}`);
  const inflight = pagePoolInflight(pool);
  if (inflight < 0) throw new Error(`inflight ${inflight}`);
  let owned = 0;
  for (const page of pa.live.values()) if (page.pp === pool) owned++;
  if (owned !== inflight) throw new Error(`inflight ${inflight} but ${owned} live pages are owned by the pool`);
  for (let i = 0; i < pool.cacheCount; i++) {
    const p = pool.cache[i]!;
    if (p.refcount !== 1 || p.pp !== pool || !p.ppCached) throw new Error(`cached page #${p.id} refcount ${p.refcount}`);
  }
  for (let i = 0; i < pool.ringCount; i++) {
    const p = pool.ring[(pool.ringHead + i) % pool.ringCapacity]!;
    if (p.refcount !== 1 || p.pp !== pool || !p.ppCached) throw new Error(`ring page #${p.id} refcount ${p.refcount}`);
  }
}

/** Runs one case; a failure names the kernel it ran and which of the toggled changes were in. */
export function runScenario(setup: Setup, ops: Op[]): void {
  try {
    runCase(setup, ops);
  } catch (error) {
    const kernel = kernelOf(setup.version);
    const carried = PAGE_POOL_TOGGLES.filter((name) => has(kernel, name));
    (error as Error).message = `kernel ${kernel.spec} (of the page_pool changes: ${carried.join(', ') || 'none'} in): ${(error as Error).message}`;
    throw error;
  }
}

function runCase(setup: Setup, ops: Op[]): void {
  const sim = new Simulator({ seed: setup.seed });
  const kernel = kernelOf(setup.version);
  const env = createKernelEnv({ sim, arch: archProfile(setup.arch, setup.pageSizeBytes, setup.version, { cpuCacheLineBytes: setup.cpuCacheLineBytes }), cpus: 1 });
  const pa = createPageAllocator(env);
  const dev = createDmaDevice(env, 'eth0');
  const ctx = createSkbContext(env);
  const pageBytes = setup.pageSizeBytes * 2 ** setup.order;
  // page_pool_alloc_frag() exists from 5.15 (page-pool-frag); until the flag went away (6.7) a pool
  // is either a fragment pool (PP_FLAG_PAGE_FRAG) or a whole-page pool; after it, one pool mixes both.
  const frags = has(kernel, 'page-pool-frag');
  const flagged = frags && !has(kernel, 'page-pool-frag-flag-removed');
  const flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | (flagged && setup.fragMode ? PP_FLAG_PAGE_FRAG : 0);
  const pool = pagePoolCreate(env, pa, { flags, order: setup.order, poolSize: setup.poolSize, maxLenBytes: pageBytes, dmaDir: DMA_FROM_DEVICE, dma: dev });
  if (typeof pool === 'number') throw new Error(`pagePoolCreate returned ${pool}`);
  setAllocFailure(pa, sim.rng.stream('prop.page.fail'), setup.allocFailP);
  setMapFailure(dev, sim.rng.stream('prop.dma.fail'), setup.mapFailP);
  const allowWhole = !flagged || !setup.fragMode;
  const allowFrag = frags && (!flagged || setup.fragMode);
  const held: Holder[] = [];
  let destroyed = false;

  for (const op of ops) {
    switch (op.kind) {
      case 'alloc': {
        if (destroyed || !allowWhole) break;
        const page = pagePoolAllocPages(pool);
        if (page !== null) held.push({ page, kind: 'pool', offsetBytes: 0, sizeBytes: pageBytes, frag: false });
        break;
      }
      case 'frag': {
        if (destroyed || !allowFrag) break;
        const page = pagePoolAllocFrag(pool, op.sizeBytes);
        if (page === null) break;
        if (held.some((h) => h.page === page && h.kind === 'pool' && h.frag)) coverage.fragShared++;
        held.push({ page, kind: 'pool', offsetBytes: pool.lastFragOffsetBytes, sizeBytes: op.sizeBytes, frag: true });
        break;
      }
      case 'get': {
        if (held.length === 0) break;
        const h = held[op.pick % held.length];
        getPage(h.page);
        held.push({ page: h.page, kind: 'extra', offsetBytes: 0, sizeBytes: 0, frag: false });
        break;
      }
      case 'put': {
        if (held.length === 0) break;
        const [h] = held.splice(op.pick % held.length, 1);
        if (h.kind === 'extra') putPage(h.page);
        else pagePoolPutPage(pool, h.page, -1, op.direct && !destroyed);
        break;
      }
      case 'skb': {
        const candidates = held.filter((h) => h.kind === 'pool');
        if (candidates.length === 0) break;
        const h = candidates[op.pick % candidates.length];
        const skb = napiBuildSkb(ctx, h.page, h.offsetBytes, h.sizeBytes);
        if (skb === null) break;
        held.splice(held.indexOf(h), 1);
        skbMarkForRecycle(skb);
        consumeSkb(skb);
        coverage.skbRecycled++;
        break;
      }
      case 'destroy': {
        if (destroyed) break;
        destroyed = true;
        pagePoolDestroy(pool);
        if (!pool.freed) coverage.destroyWithInflight++;
        break;
      }
      case 'tick':
        sim.run({ untilNs: sim.nowNs + op.seconds * 1_000_000_000 });
        break;
    }
    checkPool(pool);
  }

  // Fault-free drain: every holder gives its reference back, the pool is destroyed, time runs out.
  setAllocFailure(pa, null, 0);
  setMapFailure(dev, null, 0);
  while (held.length > 0) {
    const h = held.pop()!;
    if (h.kind === 'extra') putPage(h.page);
    else pagePoolPutPage(pool, h.page, -1, false);
    checkPool(pool);
  }
  if (!destroyed) pagePoolDestroy(pool);
  sim.run({ maxEvents: 1_000_000 });
  checkPool(pool);

  coverage.runs++;
  coverage.ringFullRelease += pool.stats.recycleRingFull;
  coverage.refcountRelease += pool.stats.recycleReleasedRefcnt;
  coverage.allocFailures += pa.failures;
  coverage.mapFailures += dev.mapFailures;
  coverage.stalledWarning += env.log.filter((e) => e.fn === 'page_pool_release_retry').length;

  if (!pool.freed) throw new Error(`pool not freed after the drain: inflight ${pagePoolInflight(pool)}`);
  if (pa.live.size !== 0 || pa.pagesInUse !== 0 || pa.bytesInUse !== 0) throw new Error(`pages not returned: ${pa.live.size} live, ${pa.pagesInUse} in use`);
  if (dmaOutstanding(dev) !== 0) throw new Error(`${dmaOutstanding(dev)} DMA mappings left`);
  if (skbLeaks(ctx) !== null) throw new Error(skbLeaks(ctx)!);
  if (sim.pendingEvents !== 0) throw new Error('release retries still scheduled');
}

