/**
 * RX skbs as a typed-array table (one row per live skb, rows reused through a free list), so
 * the receive path allocates no object per packet. A row records what freeing the skb needs:
 * the head page and offset of the buffer it was built around, its truesize and pp_recycle.
 *
 * Modelled: napi_build_skb() (truesize = SKB_TRUESIZE(frag_size - SKB_DATA_ALIGN(shinfo)),
 * i.e. frag_size + SKB_DATA_ALIGN(sizeof(struct sk_buff))), skb_mark_for_recycle(), and the
 * head release of skb_free_head(): a page_pool page of a recycle-marked skb goes back to its
 * pool (page_pool_put_full_page via napi_pp_put_page / page_pool_return_skb_page), any other
 * head page is put_page'd (skb_free_frag).
 * Simplified: the sk_buff struct itself is not a page allocation; its allocation can fail by
 * injection (the table is a FaultPoint, models/kernel/fault.ts), which is how napi_build_skb()
 * returns NULL.
 *
 * The names say RX because models/kernel/skb.ts (the sk_buff object model) and the TX skb table
 * define skbRelease() and the like for their own representations; this table holds only what
 * the MANA receive path needs.
 */
import { violate, type SimClock } from '../../engine/index.ts';
import { createFaultPoint, shouldFail, type FaultPoint } from '../kernel/fault.ts';
import type { Page } from '../kernel/page.ts';

/**
 * The table is the fault point of napi_build_skb() itself (FaultPoint's fields are its own):
 * scenario/workloads/mana-rx.ts arms it by setting failProbability and failRng, and accessors
 * forwarding them to a separate point made the RX path a fifth slower (npm run bench, mana-rx).
 */
export interface RxSkbTable extends FaultPoint {
  capacity: number;
  pages: (Page | null)[];
  offsets: Int32Array;
  lens: Int32Array;
  truesizes: Int32Array;
  ppRecycle: Uint8Array;
  /** 1 while the row is a live skb. */
  live: Uint8Array;
  freeRows: Int32Array;
  freeCount: number;
  liveCount: number;
  peakLive: number;
  built: number;
  /** Sum of the truesize of every skb built (for the mean per packet). */
  truesizeSum: number;
  freed: number;
  allocFailures: number;
}

export function createRxSkbTable(clock: SimClock, initialCapacity = 1024): RxSkbTable {
  const t: RxSkbTable = {
    ...createFaultPoint('napi_build_skb', clock),
    capacity: 0,
    pages: [],
    offsets: new Int32Array(0),
    lens: new Int32Array(0),
    truesizes: new Int32Array(0),
    ppRecycle: new Uint8Array(0),
    live: new Uint8Array(0),
    freeRows: new Int32Array(0),
    freeCount: 0,
    liveCount: 0,
    peakLive: 0,
    built: 0,
    truesizeSum: 0,
    freed: 0,
    allocFailures: 0,
  };
  grow(t, initialCapacity);
  return t;
}

function grow(t: RxSkbTable, capacity: number): void {
  const old = t.capacity;
  const copyInt = (a: Int32Array) => { const n = new Int32Array(capacity); n.set(a); return n; };
  const copyU8 = (a: Uint8Array) => { const n = new Uint8Array(capacity); n.set(a); return n; };
  t.offsets = copyInt(t.offsets);
  t.lens = copyInt(t.lens);
  t.truesizes = copyInt(t.truesizes);
  t.ppRecycle = copyU8(t.ppRecycle);
  t.live = copyU8(t.live);
  const free = new Int32Array(capacity);
  free.set(t.freeRows.subarray(0, t.freeCount));
  // New rows are handed out lowest first: push them in reverse.
  let n = t.freeCount;
  for (let r = capacity - 1; r >= old; r--) free[n++] = r;
  t.freeRows = free;
  t.freeCount = n;
  for (let r = old; r < capacity; r++) t.pages.push(null);
  t.capacity = capacity;
}

/** Rows beyond which the table refuses to grow: far above any bounded scenario. */
const MAX_SKBS = 1 << 22;

/**
 * Builds an skb around a buffer. Returns the row, or -1 when the sk_buff allocation fails.
 * Mirrors napi_build_skb() + skb_reserve() + skb_put(), net/core/skbuff.c (v6.x).
 */
export function rxSkbBuild(t: RxSkbTable, page: Page, offsetBytes: number, lenBytes: number, fragSizeBytes: number, skbStructAlignedBytes: number): number {
  if (shouldFail(t)) {
    t.allocFailures++;
    return -1;
  }
  if (t.freeCount === 0) {
    if (t.capacity >= MAX_SKBS) violate(t.clock, 'napi_build_skb', 'skb-table-bounded', `more than ${MAX_SKBS} live RX skbs`);
    grow(t, t.capacity * 2);
  }
  const row = t.freeRows[--t.freeCount];
  t.pages[row] = page;
  t.offsets[row] = offsetBytes;
  t.lens[row] = lenBytes;
  t.truesizes[row] = fragSizeBytes + skbStructAlignedBytes;
  t.ppRecycle[row] = 0;
  t.live[row] = 1;
  t.liveCount++;
  if (t.liveCount > t.peakLive) t.peakLive = t.liveCount;
  t.built++;
  t.truesizeSum += t.truesizes[row];
  return row;
}

/** Mirrors skb_mark_for_recycle(), include/linux/skbuff.h. */
export function rxSkbMarkForRecycle(t: RxSkbTable, row: number): void {
  t.ppRecycle[row] = 1;
}

/**
 * Releases a row and returns its head page; the caller hands the page back (pool or put_page)
 * according to `wasPpRecycle`. Kept separate so this table needs no page_pool import.
 */
export function rxSkbRelease(t: RxSkbTable, row: number, fn: string): Page {
  if (!(row >= 0 && row < t.capacity && t.live[row] === 1)) violate(t.clock, fn, 'skb-live', `skb row ${row} freed twice or never built`);
  const page = t.pages[row]!;
  t.pages[row] = null;
  t.live[row] = 0;
  t.freeRows[t.freeCount++] = row;
  t.liveCount--;
  t.freed++;
  return page;
}
