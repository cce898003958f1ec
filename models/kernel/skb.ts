/**
 * sk_buff: the head buffer (headroom, data, tail, end), linear length, page frags, len /
 * data_len / truesize, users and clones, the destructor, pp_recycle, and the reallocations
 * pskb_expand_head makes (counted per device and cause).
 *
 * API:
 *   createSkbContext(env) -> SkbContext                         counters, ids, realloc counts
 *   allocSkb(ctx, sizeBytes) -> Skb | null                      Mirrors __alloc_skb() (kmalloc'd head)
 *   napiBuildSkb(ctx, page, offsetBytes, fragSizeBytes) -> Skb | null   Mirrors napi_build_skb() (head in a page)
 *   skbReserve / skbPut / skbPush(skb, lenBytes)                Mirror skb_reserve() / skb_put() / skb_push()
 *   skbFillPageDesc(skb, i, page, offsetBytes, sizeBytes)       Mirrors skb_fill_page_desc()
 *   skbAddRxFrag(skb, i, page, offsetBytes, sizeBytes, truesizeBytes)   Mirrors skb_add_rx_frag()
 *   skbClone(skb) -> Skb | null, skbGet(skb)                    Mirror skb_clone() / skb_get()
 *   skbCowHead(skb, headroomBytes, dev) -> 0 | -ENOMEM          Mirrors skb_cow_head()
 *   pskbExpandHead(skb, nheadBytes, ntailBytes, dev, cause) -> 0 | -ENOMEM
 *   skbLinearize(skb, dev) -> 0 | -ENOMEM                       Mirrors skb_linearize()
 *   kfreeSkb(skb), consumeSkb(skb)                              destructor, then data (page_pool aware)
 *   skbMarkForRecycle(skb); skbHeadroom / skbTailroom / skbHeadlen / skbCloned / skbHeaderCloned
 *   kmallocSizeRoundup(arch, size), skbHeadObjectBytes(arch, size)    the bucket rounding
 *   reallocCount(ctx, dev, cause), skbLeaks(ctx)
 *   setSkbAllocFailure(ctx, rng, p), failNextSkbAllocs(ctx, n)  failure injection (ctx.fault, fault.ts)
 *
 * Head sizing (derived from __alloc_skb / kmalloc_reserve): the object is
 * SKB_DATA_ALIGN(size) + SKB_DATA_ALIGN(sizeof(skb_shared_info)); before v6.3 it is rounded
 * to a kmalloc bucket (powers of two, plus 96 and 192 where the minimum alignment allows,
 * page-order sizes above KMALLOC_MAX_CACHE_SIZE); from v6.3 objects up to
 * SKB_SMALL_HEAD_CACHE_SIZE (640 on a distro config) come from skb_small_head_cache and
 * report exactly that size. skb_shared_info sits at the end of the object, so end = object -
 * aligned shinfo and truesize = SKB_TRUESIZE(end) = object + aligned sizeof(sk_buff).
 * Example: 1514-byte frame with 64 bytes of headroom: size 1578 -> 1600 + 320 = 1920 ->
 * kmalloc-2048 -> end 1728, truesize 2304.
 *
 * Simplified: no fclone caches, frag_list, zerocopy uarg, nohdr, or drop reasons; the
 * shared info of clones is one shared SkbHead record; skb_frag_ref takes a page reference
 * (get_page) on every version; kmalloc'd heads are counted as slab bytes, not pages.
 */
import { violate, type RandomStream } from '../../engine/index.ts';
import { alignUp, getOrder, skbDataAlign, skbTruesize, type ArchProfile } from './arch.ts';
import { chargeHere, copyCostNs, PHASE_COPY, PHASE_SKB } from './cpu.ts';
import type { KernelEnv } from './env.ts';
import { ENOMEM } from './errno.ts';
import { armFault, createFaultPoint, failNext, shouldFail, type FaultPoint } from './fault.ts';
import { getPage, putPage, type Page } from './page.ts';
import { pagePoolPutFullPage } from './page-pool.ts';
import type { Sock } from './sock.ts';

export interface SkbFrag {
  page: Page;
  offsetBytes: number;
  sizeBytes: number;
}

/** The head buffer with its skb_shared_info, shared by clones. A DmaBuffer (kind, id, freed). */
export interface SkbHead {
  readonly kind: 'skb-head';
  readonly id: number;
  freed: boolean;
  /** skb->head_frag: the head lives in a page (napi_build_skb), not in a kmalloc object. */
  readonly headFrag: boolean;
  readonly page: Page | null;
  readonly pageOffsetBytes: number;
  /** The kmalloc object / small-head object / fragment size that holds head + shinfo. */
  readonly objectBytes: number;
  /** skb_end_offset(): bytes usable for headroom + data + tailroom. */
  readonly endBytes: number;
  /** shinfo->dataref. */
  dataref: number;
  nrFrags: number;
  readonly frags: SkbFrag[];
}

export type SkbDestructor = (skb: Skb) => void;

export interface Skb {
  readonly id: number;
  readonly ctx: SkbContext;
  head: SkbHead;
  /** skb->data - skb->head (the headroom). */
  dataOffBytes: number;
  /** skb->tail - skb->head. */
  tailOffBytes: number;
  len: number;
  dataLen: number;
  truesize: number;
  users: number;
  cloned: boolean;
  ppRecycle: boolean;
  sk: Sock | null;
  destructor: SkbDestructor | null;
  /** shinfo->destructor_arg (kept on the skb: clones never carry a destructor here). */
  destructorArg: number;
  freed: boolean;
}

export type ReallocCause = 'headroom' | 'cloned' | 'linearize';

export interface ReallocCounts {
  headroom: number;
  cloned: number;
  linearize: number;
  /** Bytes pskb_expand_head copied for this device. */
  copiedBytes: number;
}

export interface SkbContext {
  readonly env: KernelEnv;
  nextSkbId: number;
  nextHeadId: number;
  skbAllocs: number;
  skbFrees: number;
  skbsLive: number;
  /** Frees by kfree_skb (drops) vs consume_skb (normal completion). */
  drops: number;
  consumes: number;
  headAllocs: number;
  headFrees: number;
  /** kmalloc / small-head bytes held by skb heads. */
  headBytesInUse: number;
  peakHeadBytesInUse: number;
  allocFailures: number;
  /** Injected failures of sk_buff and head allocations. */
  readonly fault: FaultPoint;
  /** pskb_expand_head calls per device name. */
  readonly reallocs: Map<string, ReallocCounts>;
}

export function createSkbContext(env: KernelEnv): SkbContext {
  return {
    env,
    nextSkbId: 1,
    nextHeadId: 1,
    skbAllocs: 0,
    skbFrees: 0,
    skbsLive: 0,
    drops: 0,
    consumes: 0,
    headAllocs: 0,
    headFrees: 0,
    headBytesInUse: 0,
    peakHeadBytesInUse: 0,
    allocFailures: 0,
    fault: createFaultPoint('skb alloc', env.sim),
    reallocs: new Map(),
  };
}

/** skb allocations (sk_buff or head) fail with `probability`, drawn from `rng`. */
export function setSkbAllocFailure(ctx: SkbContext, rng: RandomStream | null, probability: number): void {
  armFault(ctx.fault, rng, probability);
}

/** The next n skb allocation attempts fail (tests). */
export function failNextSkbAllocs(ctx: SkbContext, n = 1): void {
  failNext(ctx.fault, n);
}

function allocFails(ctx: SkbContext): boolean {
  if (!shouldFail(ctx.fault)) return false;
  ctx.allocFailures++;
  return true;
}

/** Mirrors kmalloc_size_roundup(), mm/slab_common.c (v5.15, v6.x): the size of the kmalloc object serving `size`. */
export function kmallocSizeRoundup(arch: ArchProfile, sizeBytes: number): number {
  if (sizeBytes > arch.kmallocMaxCacheBytes) return arch.pageSizeBytes * 2 ** getOrder(arch, sizeBytes);
  const minAlign = arch.kmallocMinAlignBytes;
  if (sizeBytes <= 96 && minAlign <= 32 && sizeBytes > 64) return 96;
  if (sizeBytes <= 192 && minAlign <= 64 && sizeBytes > 128) return 192;
  // Below KMALLOC_MAX_CACHE_SIZE (at most 128 KiB) the shift cannot overflow int32.
  const pow2 = sizeBytes <= 8 ? 8 : 1 << (32 - Math.clz32(sizeBytes - 1));
  return pow2 > minAlign ? pow2 : minAlign;
}

/** Mirrors kmalloc_reserve() sizing, net/core/skbuff.c (v5.15, v6.x): the object that holds a head of `sizeBytes` plus shinfo. */
export function skbHeadObjectBytes(arch: ArchProfile, sizeBytes: number): number {
  const obj = skbDataAlign(arch, sizeBytes) + arch.shinfoAlignedBytes;
  if (arch.skbSmallHeadCacheBytes > 0 && obj <= arch.skbSmallHeadCacheBytes) return arch.skbSmallHeadCacheBytes;
  return kmallocSizeRoundup(arch, obj);
}

function newHead(ctx: SkbContext, objectBytes: number, page: Page | null, pageOffsetBytes: number): SkbHead {
  const head: SkbHead = {
    kind: 'skb-head',
    id: ctx.nextHeadId++,
    freed: false,
    headFrag: page !== null,
    page,
    pageOffsetBytes,
    objectBytes,
    endBytes: objectBytes - ctx.env.arch.shinfoAlignedBytes,
    dataref: 1,
    nrFrags: 0,
    frags: [],
  };
  ctx.headAllocs++;
  if (page === null) {
    ctx.headBytesInUse += objectBytes;
    if (ctx.headBytesInUse > ctx.peakHeadBytesInUse) ctx.peakHeadBytesInUse = ctx.headBytesInUse;
  }
  return head;
}

function newSkb(ctx: SkbContext, head: SkbHead): Skb {
  ctx.skbAllocs++;
  ctx.skbsLive++;
  return {
    id: ctx.nextSkbId++,
    ctx,
    head,
    dataOffBytes: 0,
    tailOffBytes: 0,
    len: 0,
    dataLen: 0,
    truesize: skbTruesize(ctx.env.arch, head.endBytes),
    users: 1,
    cloned: false,
    ppRecycle: false,
    sk: null,
    destructor: null,
    destructorArg: 0,
    freed: false,
  };
}

/** Mirrors __alloc_skb() / alloc_skb(), net/core/skbuff.c (v5.15 / v6.3+ small-head cache). */
export function allocSkb(ctx: SkbContext, sizeBytes: number): Skb | null {
  const costs = ctx.env.cpu.costs;
  chargeHere(ctx.env.cpu, costs.skbAllocNs + costs.kmallocNs, PHASE_SKB);
  if (!(Number.isSafeInteger(sizeBytes) && sizeBytes >= 0)) {
    violate(ctx.env.sim, '__alloc_skb', 'skb-size-valid', `size ${sizeBytes} is not a byte count`);
  }
  if (allocFails(ctx)) return null;
  return newSkb(ctx, newHead(ctx, skbHeadObjectBytes(ctx.env.arch, sizeBytes), null, 0));
}

/**
 * Mirrors napi_build_skb(data, frag_size), net/core/skbuff.c (v5.15 / v6.x): the head is the
 * fragment [offset, offset + fragSize) of `page` and the skb takes over the caller's page
 * reference; truesize = SKB_TRUESIZE(frag_size - aligned shinfo) = frag_size + aligned sk_buff.
 */
export function napiBuildSkb(ctx: SkbContext, page: Page, offsetBytes: number, fragSizeBytes: number): Skb | null {
  chargeHere(ctx.env.cpu, ctx.env.cpu.costs.skbAllocNs, PHASE_SKB);
  if (page.freed || offsetBytes + fragSizeBytes > page.sizeBytes || fragSizeBytes <= ctx.env.arch.shinfoAlignedBytes) {
    violate(ctx.env.sim, 'napi_build_skb', 'skb-build-valid', `napi_build_skb on page #${page.id}${page.freed ? ' (freed)' : ''} offset ${offsetBytes} frag_size ${fragSizeBytes} (page ${page.sizeBytes} bytes)`);
  }
  if (allocFails(ctx)) return null;
  return newSkb(ctx, newHead(ctx, fragSizeBytes, page, offsetBytes));
}

export function skbHeadroom(skb: Skb): number {
  return skb.dataOffBytes;
}

export function skbHeadlen(skb: Skb): number {
  return skb.len - skb.dataLen;
}

/** Mirrors skb_tailroom(), include/linux/skbuff.h (v5.15, v6.x): 0 for a non-linear skb. */
export function skbTailroom(skb: Skb): number {
  return skb.dataLen > 0 ? 0 : skb.head.endBytes - skb.tailOffBytes;
}

/** Mirrors skb_cloned(), include/linux/skbuff.h (v5.15, v6.x). */
export function skbCloned(skb: Skb): boolean {
  return skb.cloned && skb.head.dataref !== 1;
}

/** Mirrors skb_header_cloned(), include/linux/skbuff.h (v5.15, v6.x); no nohdr users are modelled, so it equals skb_cloned(). */
export function skbHeaderCloned(skb: Skb): boolean {
  return skb.cloned && skb.head.dataref !== 1;
}

/** Mirrors skb_mark_for_recycle(), include/linux/skbuff.h (v5.15, v6.x). */
export function skbMarkForRecycle(skb: Skb): void {
  skb.ppRecycle = true;
}

function checkLive(skb: Skb, fn: string): void {
  if (skb.freed) violate(skb.ctx.env.sim, fn, 'skb-use-after-free', `skb #${skb.id} used after it was freed`);
}

/** Mirrors skb_reserve(), include/linux/skbuff.h (v5.15, v6.x): moves data and tail down an empty skb. */
export function skbReserve(skb: Skb, lenBytes: number): void {
  if (skb.freed || skb.len !== 0 || skb.tailOffBytes + lenBytes > skb.head.endBytes) {
    violate(skb.ctx.env.sim, 'skb_reserve', 'skb-reserve-empty', `skb #${skb.id}: reserve ${lenBytes} with len ${skb.len}, tail ${skb.tailOffBytes}, end ${skb.head.endBytes}`);
  }
  skb.dataOffBytes += lenBytes;
  skb.tailOffBytes += lenBytes;
}

/** Mirrors skb_put(), net/core/skbuff.c (v5.15, v6.x): extends the linear data; skb_over_panic past end. */
export function skbPut(skb: Skb, lenBytes: number): void {
  if (skb.freed || skb.dataLen > 0 || skb.tailOffBytes + lenBytes > skb.head.endBytes) {
    violate(skb.ctx.env.sim, 'skb_put', 'skb-over-panic', `skb #${skb.id}: put ${lenBytes} at tail ${skb.tailOffBytes}, end ${skb.head.endBytes}, data_len ${skb.dataLen}`);
  }
  skb.tailOffBytes += lenBytes;
  skb.len += lenBytes;
}

/** Mirrors skb_push(), net/core/skbuff.c (v5.15, v6.x): prepends into the headroom; skb_under_panic below head. */
export function skbPush(skb: Skb, lenBytes: number): void {
  if (skb.freed || lenBytes > skb.dataOffBytes) {
    violate(skb.ctx.env.sim, 'skb_push', 'skb-under-panic', `skb #${skb.id}: push ${lenBytes} with headroom ${skb.dataOffBytes}`);
  }
  skb.dataOffBytes -= lenBytes;
  skb.len += lenBytes;
}

/** Mirrors skb_fill_page_desc(), include/linux/skbuff.h (v5.15, v6.x): sets frag i and nr_frags = i + 1 (no len/truesize change). */
export function skbFillPageDesc(skb: Skb, i: number, page: Page, offsetBytes: number, sizeBytes: number): void {
  const maxFrags = skb.ctx.env.arch.maxSkbFrags;
  if (skb.freed || i < 0 || i >= maxFrags || i > skb.head.nrFrags || page.freed) {
    violate(skb.ctx.env.sim, 'skb_fill_page_desc', 'skb-frag-index', `skb #${skb.id}: frag ${i} (nr_frags ${skb.head.nrFrags}, MAX_SKB_FRAGS ${maxFrags}) page #${page.id}${page.freed ? ' freed' : ''}`);
  }
  const frags = skb.head.frags;
  if (i < frags.length) {
    const f = frags[i];
    f.page = page;
    f.offsetBytes = offsetBytes;
    f.sizeBytes = sizeBytes;
  } else {
    frags.push({ page, offsetBytes, sizeBytes });
  }
  skb.head.nrFrags = i + 1;
}

/** Mirrors skb_add_rx_frag(), net/core/skbuff.c (v5.15, v6.x): fill frag i and account len, data_len, truesize. */
export function skbAddRxFrag(skb: Skb, i: number, page: Page, offsetBytes: number, sizeBytes: number, truesizeBytes: number): void {
  skbFillPageDesc(skb, i, page, offsetBytes, sizeBytes);
  skb.len += sizeBytes;
  skb.dataLen += sizeBytes;
  skb.truesize += truesizeBytes;
}

/** Mirrors skb_get(), include/linux/skbuff.h (v5.15, v6.x). */
export function skbGet(skb: Skb): Skb {
  checkLive(skb, 'skb_get');
  skb.users++;
  return skb;
}

/** Mirrors skb_clone(), net/core/skbuff.c (v5.15, v6.x): a new sk_buff sharing the head (dataref + 1), no owner, no destructor. */
export function skbClone(skb: Skb): Skb | null {
  const ctx = skb.ctx;
  checkLive(skb, 'skb_clone');
  chargeHere(ctx.env.cpu, ctx.env.cpu.costs.skbAllocNs, PHASE_SKB);
  if (allocFails(ctx)) return null;
  const n = newSkb(ctx, skb.head);
  n.dataOffBytes = skb.dataOffBytes;
  n.tailOffBytes = skb.tailOffBytes;
  n.len = skb.len;
  n.dataLen = skb.dataLen;
  n.truesize = skb.truesize;
  n.ppRecycle = skb.ppRecycle;
  n.cloned = true;
  skb.cloned = true;
  skb.head.dataref++;
  return n;
}

/** Mirrors __skb_frag_unref(frag, recycle), include/linux/skbuff.h (v5.15, v6.x): page_pool pages go home when recycling. */
function fragUnref(page: Page, recycle: boolean): void {
  if (recycle && page.pp !== null) pagePoolPutFullPage(page.pp, page, false);
  else putPage(page);
}

/** Mirrors skb_free_head(), net/core/skbuff.c (v5.15, v6.x). */
function freeHead(ctx: SkbContext, head: SkbHead, recycle: boolean): void {
  head.freed = true;
  ctx.headFrees++;
  if (head.page !== null) {
    fragUnref(head.page, recycle);
  } else {
    ctx.headBytesInUse -= head.objectBytes;
    chargeHere(ctx.env.cpu, ctx.env.cpu.costs.kfreeNs, PHASE_SKB);
  }
}

/** Mirrors skb_release_data(), net/core/skbuff.c (v5.15, v6.x): the last dataref releases frags and head. */
function releaseData(skb: Skb): void {
  const head = skb.head;
  if (skb.cloned && --head.dataref > 0) return;
  if (!skb.cloned) head.dataref--;
  for (let i = 0; i < head.nrFrags; i++) fragUnref(head.frags[i].page, skb.ppRecycle);
  head.nrFrags = 0;
  freeHead(skb.ctx, head, skb.ppRecycle);
}

function freeSkb(skb: Skb, fn: string): boolean {
  if (skb.freed || skb.users <= 0) {
    violate(skb.ctx.env.sim, fn, 'skb-use-after-free', `${fn} on skb #${skb.id}, which was already freed`);
  }
  if (--skb.users > 0) return false;
  const ctx = skb.ctx;
  // skb_release_head_state(): the destructor runs before the data is released.
  if (skb.destructor !== null) skb.destructor(skb);
  releaseData(skb);
  skb.freed = true;
  ctx.skbFrees++;
  ctx.skbsLive--;
  chargeHere(ctx.env.cpu, ctx.env.cpu.costs.skbFreeNs, PHASE_SKB);
  return true;
}

/** Mirrors kfree_skb(), net/core/skbuff.c (v5.15, v6.x) (a drop). */
export function kfreeSkb(skb: Skb): void {
  if (freeSkb(skb, 'kfree_skb')) skb.ctx.drops++;
}

/** Mirrors consume_skb() / napi_consume_skb(), net/core/skbuff.c (v5.15, v6.x) (normal completion). */
export function consumeSkb(skb: Skb): void {
  if (freeSkb(skb, 'consume_skb')) skb.ctx.consumes++;
}

/** The realloc counters of one device (created on first use). */
export function reallocCount(ctx: SkbContext, dev: string): ReallocCounts {
  let c = ctx.reallocs.get(dev);
  if (c === undefined) {
    c = { headroom: 0, cloned: 0, linearize: 0, copiedBytes: 0 };
    ctx.reallocs.set(dev, c);
  }
  return c;
}

/**
 * Mirrors pskb_expand_head(), net/core/skbuff.c: a new head of (end + nhead + ntail) rounded to
 * its kmalloc object, data and shinfo copied, frags referenced again if the old head stays with a
 * clone; truesize grows only when no socket owns the skb.
 */
export function pskbExpandHead(skb: Skb, nheadBytes: number, ntailBytes: number, dev: string, cause: ReallocCause): number {
  const ctx = skb.ctx;
  const env = ctx.env;
  if (skb.freed || nheadBytes < 0 || skb.users > 1) {
    violate(env.sim, 'pskb_expand_head', 'skb-expand-private', `skb #${skb.id}: nhead ${nheadBytes}, users ${skb.users}${skb.freed ? ', freed' : ''} (BUG_ON(nhead < 0 || skb_shared(skb)))`);
  }
  const old = skb.head;
  const oldEnd = old.endBytes;
  chargeHere(env.cpu, env.cpu.costs.kmallocNs, PHASE_SKB);
  if (allocFails(ctx)) return -ENOMEM;
  const head = newHead(ctx, skbHeadObjectBytes(env.arch, oldEnd + nheadBytes + ntailBytes), null, 0);
  const copied = skb.tailOffBytes;
  chargeHere(env.cpu, copyCostNs(env.cpu.costs, copied), PHASE_COPY);
  for (let i = 0; i < old.nrFrags; i++) {
    const f = old.frags[i];
    head.frags.push({ page: f.page, offsetBytes: f.offsetBytes, sizeBytes: f.sizeBytes });
  }
  head.nrFrags = old.nrFrags;
  if (skbCloned(skb)) {
    for (let i = 0; i < head.nrFrags; i++) getPage(head.frags[i].page);
    releaseData(skb);
  } else {
    old.dataref = 0;
    old.nrFrags = 0;
    freeHead(ctx, old, skb.ppRecycle);
  }
  skb.head = head;
  skb.dataOffBytes += nheadBytes;
  skb.tailOffBytes += nheadBytes;
  skb.cloned = false;
  if (skb.sk === null) skb.truesize += head.endBytes - oldEnd;
  const counts = reallocCount(ctx, dev);
  counts[cause]++;
  counts.copiedBytes += copied;
  return 0;
}

/**
 * Mirrors skb_cow_head() / __skb_cow(), include/linux/skbuff.h: reallocate iff the headroom is
 * short or the header is shared with a clone; the headroom grows by ALIGN(delta, NET_SKB_PAD).
 * A call that is short of headroom counts as 'headroom' even if the header is also cloned.
 */
export function skbCowHead(skb: Skb, headroomBytes: number, dev: string): number {
  checkLive(skb, 'skb_cow_head');
  const delta = headroomBytes > skb.dataOffBytes ? headroomBytes - skb.dataOffBytes : 0;
  const cloned = skbHeaderCloned(skb);
  if (delta === 0 && !cloned) return 0;
  return pskbExpandHead(skb, alignUp(delta, skb.ctx.env.arch.netSkbPadBytes), 0, dev, delta > 0 ? 'headroom' : 'cloned');
}

/**
 * Mirrors skb_linearize() -> __pskb_pull_tail(skb, data_len), net/core/skbuff.c: expands the
 * tail by eat + 128 when the frags do not fit, copies them into the linear area and drops them.
 */
export function skbLinearize(skb: Skb, dev: string): number {
  checkLive(skb, 'skb_linearize');
  const delta = skb.dataLen;
  if (delta === 0) return 0;
  const eat = skb.tailOffBytes + delta - skb.head.endBytes;
  if (eat > 0 || skbCloned(skb)) {
    const err = pskbExpandHead(skb, 0, eat > 0 ? eat + 128 : 0, dev, 'linearize');
    if (err !== 0) return err;
  }
  const env = skb.ctx.env;
  chargeHere(env.cpu, copyCostNs(env.cpu.costs, delta), PHASE_COPY);
  reallocCount(skb.ctx, dev).copiedBytes += delta;
  const head = skb.head;
  for (let i = 0; i < head.nrFrags; i++) fragUnref(head.frags[i].page, skb.ppRecycle);
  head.nrFrags = 0;
  head.frags.length = 0;
  skb.tailOffBytes += delta;
  skb.dataLen = 0;
  return 0;
}

/** Null when every skb and head was freed, else a description. */
export function skbLeaks(ctx: SkbContext): string | null {
  if (ctx.skbsLive === 0 && ctx.headBytesInUse === 0) return null;
  return `${ctx.skbsLive} skbs live, ${ctx.headBytesInUse} head bytes still allocated`;
}

