import test from 'ava';
import { Simulator } from '../../../engine/index.ts';
import { archProfile } from '../../../models/kernel/arch.ts';
import { createKernelEnv } from '../../../models/kernel/env.ts';
import { createPageAllocator, failNextAllocations, putPage } from '../../../models/kernel/page.ts';
import { createPageFragCaches, fragOut, pageFragAlloc, pageFragCacheMaxBytes, pageFragCachesDrain } from '../../../models/mana/page-frag.ts';

function mk(pageSizeBytes = 4096) {
  const sim = new Simulator({ seed: 1 });
  const env = createKernelEnv({ sim, arch: archProfile(pageSizeBytes === 4096 ? 'x86_64' : 'arm64', pageSizeBytes, '6.6'), cpus: 2 });
  const pa = createPageAllocator(env);
  return { pa, caches: createPageFragCaches(pa, 2) };
}

test('PAGE_FRAG_CACHE_MAX_SIZE is 32 KiB rounded up to a page: order 3 on 4K, one page on 64K', (t) => {
  t.is(pageFragCacheMaxBytes(4096), 32768);
  t.is(pageFragCacheMaxBytes(16384), 32768);
  t.is(pageFragCacheMaxBytes(65536), 65536);
});

test('MTU 9000 buffers (9344 B): three per 32 KiB page, carved downwards; a fourth starts a new page while the old one is held', (t) => {
  const { pa, caches } = mk();
  const offsets: number[] = [];
  const first = pageFragAlloc(caches, 0, 9344)!;
  offsets.push(fragOut.offsetBytes);
  t.is(first.order, 3);
  for (let i = 0; i < 2; i++) {
    t.is(pageFragAlloc(caches, 0, 9344), first);
    offsets.push(fragOut.offsetBytes);
  }
  t.deepEqual(offsets, [32768 - 9344, 32768 - 2 * 9344, 32768 - 3 * 9344]);
  const second = pageFragAlloc(caches, 0, 9344)!;
  t.not(second, first);
  // The first page now belongs to its three fragments only: three put_page() calls free it.
  t.is(first.refcount, 3);
  for (let i = 0; i < 3; i++) putPage(first);
  t.true(first.freed);
  t.is(caches.perCpu[0].pagesAllocated, 2);
  t.is(caches.perCpu[1].pagesAllocated, 0, 'each CPU has its own cache');
  putPage(second);
  pageFragCachesDrain(caches);
  t.is(pa.live.size, 0);
});

test('an exhausted page whose fragments all came back is carved again, not reallocated', (t) => {
  const { pa, caches } = mk();
  const page = pageFragAlloc(caches, 0, 9344)!;
  pageFragAlloc(caches, 0, 9344);
  pageFragAlloc(caches, 0, 9344);
  for (let i = 0; i < 3; i++) putPage(page);
  t.false(page.freed, 'the cache still holds its bias');
  t.is(pageFragAlloc(caches, 0, 9344), page);
  t.is(fragOut.offsetBytes, 32768 - 9344);
  t.is(pa.allocations, 1);
  putPage(page);
  pageFragCachesDrain(caches);
  t.is(pa.live.size, 0);
});

test('a failed high-order refill falls back to one page, which a jumbo fragment never fits: the cache keeps it and keeps failing', (t) => {
  const { pa, caches } = mk();
  failNextAllocations(pa, 1);
  t.is(pageFragAlloc(caches, 0, 9344), null);
  t.is(caches.perCpu[0].orderFallbacks, 1);
  t.is(caches.perCpu[0].page?.order, 0);
  // Memory is back, but the order-0 page stays in the cache: every jumbo request fails.
  for (let i = 0; i < 5; i++) t.is(pageFragAlloc(caches, 0, 9344), null);
  t.is(pa.allocations, 1);
  // A small fragment still fits the order-0 page.
  t.not(pageFragAlloc(caches, 0, 2048), null);
  pageFragCachesDrain(caches);
  t.is(pa.live.size, 1, 'the small fragment still holds its page');
});
