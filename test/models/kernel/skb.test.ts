import test from 'ava';
import { Violation } from '../../../engine/index.ts';
import { archProfile } from '../../../models/kernel/arch.ts';
import { createDmaDevice, DMA_FROM_DEVICE } from '../../../models/kernel/dma.ts';
import { allocPages, createPageAllocator, getPage, putPage } from '../../../models/kernel/page.ts';
import { pagePoolAllocFrag, pagePoolCreate, pagePoolInflight, PP_FLAG_DMA_MAP, PP_FLAG_DMA_SYNC_DEV, type PagePool } from '../../../models/kernel/page-pool.ts';
import {
  allocSkb, consumeSkb, createSkbContext, failNextSkbAllocs, kfreeSkb, kmallocSizeRoundup, napiBuildSkb, reallocCount, skbAddRxFrag, skbClone,
  skbCowHead, skbFillPageDesc, skbHeadlen, skbHeadObjectBytes, skbHeadroom, skbLeaks, skbLinearize, skbMarkForRecycle, skbPush, skbPut, skbReserve,
  skbTailroom, type Skb,
} from '../../../models/kernel/skb.ts';
import { createSock, skbSetOwnerW } from '../../../models/kernel/sock.ts';
import { makeEnv } from './helpers.ts';

test('kmalloc buckets and the 6.3+ small-head cache', (t) => {
  const x6 = archProfile('x86_64', 4096, '6.x');
  const x5 = archProfile('x86_64', 4096, '5.15');
  t.is(kmallocSizeRoundup(x6, 1920), 2048);
  t.is(kmallocSizeRoundup(x6, 100), 128);
  t.is(kmallocSizeRoundup(x6, 150), 192);
  t.is(kmallocSizeRoundup(x6, 9408), 16384);
  t.is(kmallocSizeRoundup(archProfile('arm64', 4096, '5.15'), 150), 256, 'arm64 5.x: ARCH_KMALLOC_MINALIGN 128, no kmalloc-192');
  t.is(skbHeadObjectBytes(x6, 128), 640);
  t.is(skbHeadObjectBytes(x5, 128), 512);
  t.is(skbHeadObjectBytes(x6, 1578), 2048);
});

test('copy-mode skb for a 1514-byte frame with 64 bytes of headroom: size 1578, truesize 2304', (t) => {
  for (const version of ['5.15', '6.x'] as const) {
    const ctx = createSkbContext(makeEnv('x86_64', 4096, version));
    const skb = allocSkb(ctx, 64 + 1514)!;
    skbReserve(skb, 64);
    skbPut(skb, 1514);
    t.is(skb.truesize, 2304);
    t.is(skb.head.endBytes, 1728);
    t.is(skbHeadroom(skb), 64);
    t.is(skbTailroom(skb), 1728 - 1578);
    t.is(skb.len, 1514);
    t.is(skbHeadlen(skb), 1514);
  }
});

test('small frame: truesize 896 with the 6.3+ small-head cache, 768 with kmalloc-512 on 5.x', (t) => {
  t.is(allocSkb(createSkbContext(makeEnv('x86_64', 4096, '6.x')), 128)!.truesize, 896);
  t.is(allocSkb(createSkbContext(makeEnv('x86_64', 4096, '5.15')), 128)!.truesize, 768);
});

test('skb_put past end and skb_push past head panic; MAX_SKB_FRAGS is enforced (17 on x86_64, 16 on arm64 64K 5.15)', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const skb = allocSkb(ctx, 100)!;
  t.throws(() => skbPut(skb, 5000), { instanceOf: Violation, message: /skb-over-panic/ });
  t.throws(() => skbPush(skb, 1), { instanceOf: Violation, message: /skb-under-panic/ });
  const pa = createPageAllocator(env);
  const page = allocPages(pa, 0)!;
  for (let i = 0; i < 17; i++) skbFillPageDesc(skb, i, page, 0, 64);
  t.throws(() => skbFillPageDesc(skb, 17, page, 0, 64), { instanceOf: Violation, message: /MAX_SKB_FRAGS 17/ });
  const arm = createSkbContext(makeEnv('arm64', 65536, '5.15'));
  const s2 = allocSkb(arm, 64)!;
  const p2 = allocPages(createPageAllocator(arm.env), 0)!;
  for (let i = 0; i < 16; i++) skbFillPageDesc(s2, i, p2, 0, 64);
  t.throws(() => skbFillPageDesc(s2, 16, p2, 0, 64), { instanceOf: Violation });
});

test('zero-copy style skb: page frags with get_page; freeing drops the references and runs the destructor first', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const pa = createPageAllocator(env);
  const umem = [allocPages(pa, 0)!, allocPages(pa, 0)!];
  const skb = allocSkb(ctx, 64)!;
  skbReserve(skb, 64);
  getPage(umem[0]);
  skbFillPageDesc(skb, 0, umem[0], 3072, 1024);
  getPage(umem[1]);
  skbFillPageDesc(skb, 1, umem[1], 0, 476);
  skb.len += 1500;
  skb.dataLen += 1500;
  skb.truesize += 2048;
  t.is(skbHeadlen(skb), 0);
  t.is(skbTailroom(skb), 0);
  const seen: number[] = [];
  skb.destructorArg = 4242;
  skb.destructor = (s: Skb) => {
    seen.push(s.destructorArg, umem[0].refcount);
  };
  consumeSkb(skb);
  t.deepEqual(seen, [4242, 2], 'destructor ran before the frags were released');
  t.is(umem[0].refcount, 1);
  t.is(umem[1].refcount, 1);
  t.is(ctx.consumes, 1);
  t.is(skbLeaks(ctx), null);
  t.throws(() => kfreeSkb(skb), { instanceOf: Violation, message: /skb-use-after-free/ });
});

test('skb_cow_head: headroom deficit 136 grows headroom by ALIGN(136, 64) = 192; truesize kept when socket-owned', (t) => {
  const ctx = createSkbContext(makeEnv());
  const skb = allocSkb(ctx, 64 + 1514)!;
  skbReserve(skb, 64);
  skbPut(skb, 1514);
  t.is(skbCowHead(skb, 64, 'mana0'), 0);
  t.is(reallocCount(ctx, 'mana0').headroom, 0);
  skbSetOwnerW(skb, createSock(ctx.env));
  t.is(skbCowHead(skb, 200, 'mana0'), 0);
  t.is(skbHeadroom(skb), 256);
  t.is(skb.truesize, 2304);
  t.is(skb.head.endBytes, skbHeadObjectBytes(ctx.env.arch, 1728 + 192) - 320);
  t.is(reallocCount(ctx, 'mana0').headroom, 1);
  t.is(reallocCount(ctx, 'mana0').copiedBytes, 64 + 1514);
  t.is(ctx.headBytesInUse, 4096);
  // Not socket-owned: truesize grows by the new end minus the old end.
  const free = allocSkb(ctx, 64 + 1514)!;
  skbReserve(free, 64);
  skbPut(free, 1514);
  skbCowHead(free, 200, 'veth0');
  t.is(free.truesize, 2304 + (4096 - 320 - 1728));
});

test('a cloned header forces a reallocation counted as cloned; the clone keeps the old head', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const skb = allocSkb(ctx, 256)!;
  skbReserve(skb, 128);
  skbPut(skb, 60);
  const clone = skbClone(skb)!;
  t.is(skb.head.dataref, 2);
  t.is(skbCowHead(skb, 64, 'bond0'), 0);
  t.is(reallocCount(ctx, 'bond0').cloned, 1);
  t.not(skb.head, clone.head);
  t.is(clone.head.dataref, 1);
  t.false(skb.cloned);
  t.is(skbCowHead(skb, 64, 'bond0'), 0, 'private now');
  t.is(reallocCount(ctx, 'bond0').cloned, 1);
  kfreeSkb(clone);
  kfreeSkb(skb);
  t.is(skbLeaks(ctx), null);
});

test('skb_linearize pulls the frags into a bigger head (eat + 128) and drops the page references', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const pa = createPageAllocator(env);
  const page = allocPages(pa, 0)!;
  const skb = allocSkb(ctx, 64)!;
  skbReserve(skb, 64);
  getPage(page);
  skbAddRxFrag(skb, 0, page, 0, 1500, 2048);
  t.is(skb.len, 1500);
  t.is(skbLinearize(skb, 'eth0'), 0);
  t.is(skb.dataLen, 0);
  t.is(skb.head.nrFrags, 0);
  t.is(skbHeadlen(skb), 1500);
  t.is(page.refcount, 1);
  t.is(reallocCount(ctx, 'eth0').linearize, 1);
  t.true(skb.head.endBytes >= 64 + 1500);
  failNextSkbAllocs(ctx);
  const s2 = allocSkb(ctx, 64);
  t.is(s2, null);
});

function rxPool(version: '5.15' | '6.x'): { pool: PagePool; ctx: ReturnType<typeof createSkbContext> } {
  const env = makeEnv('arm64', 65536, version);
  const pa = createPageAllocator(env);
  const dev = createDmaDevice(env, 'mana0');
  const pool = pagePoolCreate(env, pa, {
    flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | (version === '5.15' ? 4 : 0), maxLenBytes: 65536, dmaDir: DMA_FROM_DEVICE, dma: dev, poolSize: 31,
  }) as PagePool;
  return { pool, ctx: createSkbContext(env) };
}

test('napi_build_skb on a page_pool fragment: truesize frag_size + 256; marked skbs return the page to the pool', (t) => {
  for (const version of ['5.15', '6.x'] as const) {
    const { pool, ctx } = rxPool(version);
    const a = pagePoolAllocFrag(pool, 1856)!;
    const aOff = pool.lastFragOffsetBytes;
    const b = pagePoolAllocFrag(pool, 1856)!;
    const skb = napiBuildSkb(ctx, a, aOff, 1856)!;
    t.is(skb.truesize, 1856 + 256);
    t.true(skb.head.headFrag);
    skbReserve(skb, 0);
    skbPut(skb, 1514);
    skbMarkForRecycle(skb);
    consumeSkb(skb);
    t.is(pool.stats.recycleRing + pool.stats.recycleCached, 0, 'the other fragment is still out');
    const skb2 = napiBuildSkb(ctx, b, pool.lastFragOffsetBytes, 1856)!;
    skbMarkForRecycle(skb2);
    kfreeSkb(skb2);
    // Still the current fragment page of the pool: no recycling until it is drained.
    t.is(pool.stats.recycleRing, 0);
    t.is(pagePoolInflight(pool), 64);
  }
});

test('an unmarked skb frees a page_pool page with put_page: the pool never sees it again (inflight leak)', (t) => {
  const { pool, ctx } = rxPool('5.15');
  const env = ctx.env;
  const pa = pool.allocator;
  const p = pagePoolAllocFrag(pool, 65536)!;
  const skb = napiBuildSkb(ctx, p, 0, 65536)!;
  const inflight = pagePoolInflight(pool);
  kfreeSkb(skb);
  t.true(p.freed);
  t.is(pa.ppOwnedFrees, 1);
  t.is(pagePoolInflight(pool), inflight);
  t.is(env.log.length, 0);
  // The freed page is still "owned" by the pool's fragment state: releasing the pool finds it gone.
  t.throws(() => putPage(p), { instanceOf: Violation });
});
