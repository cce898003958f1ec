/**
 * A table of transmit sk_buffs in typed arrays, indexed by an integer id and recycled
 * through a free list, so the XSK transmit hot path allocates no objects per packet.
 *
 * Modelled: the fields the XSK generic transmit path and the TX drivers read or change:
 * len, data_len (headlen = len − data_len), headroom, tailroom, truesize, the kmalloc'ed head
 * size, page frags (UMEM page indices, or private pages for the v6.6 copy multi-buffer
 * path), the destructor kind, destructor_arg (the UMEM address(es) of the descriptor(s)),
 * and head reallocations (pskb_expand_head).
 * Simplified: the skb is not cloned (XSK skbs never are), so skb_header_cloned() is false;
 * frags hold whole-page references; the head is one kmalloc bucket as in __alloc_skb().
 *
 * It keeps the XSK transmit hot path free of per-packet objects (models/kernel/skb.ts models
 * one object per skb, which the RX models use); head sizes and truesize come from
 * models/kernel (skbHeadObjectBytes, SKB_TRUESIZE), so both models size skbs identically.
 */
import { violate, type SimClock } from '../../engine/index.ts';
import { alignUp, skbTruesize, type ArchProfile } from '../kernel/arch.ts';
import { skbHeadObjectBytes } from '../kernel/skb.ts';

export const DESTRUCTOR_NONE = 0;
/** sock_wfree: returns truesize to sk_wmem_alloc. */
export const DESTRUCTOR_SOCK_WFREE = 1;
/** xsk_destruct_skb: submits the completion, then sock_wfree. */
export const DESTRUCTOR_XSK = 2;

/** Most descriptors one skb can carry (v6.6 multi-buffer: linear part + MAX_SKB_FRAGS). */
export const SKB_MAX_DESCS = 46;
/** Most frags per skb stored (CONFIG_MAX_SKB_FRAGS upper bound). */
export const SKB_MAX_FRAGS = 45;

/** Whoever owns the skbs' destructors (the XSK socket): called once per freed skb with a destructor. */
export interface SkbOwner {
  destruct(id: number, kind: number): void;
}

export interface SkbTable {
  /** Runs destructors (set by the socket that allocates the skbs). */
  owner: SkbOwner | null;
  /** page_ref_count() array the frags' page indices refer to (the UMEM's pages). */
  fragPageRefs: Int32Array;
  capacity: number;
  live: number;
  /** Peak number of skbs alive at once. */
  peakLive: number;
  freeIds: Int32Array;
  freeCount: number;
  state: Uint8Array;
  len: Int32Array;
  dataLen: Int32Array;
  headroom: Int32Array;
  tailroom: Int32Array;
  truesize: Int32Array;
  headBytes: Int32Array;
  nrFrags: Int32Array;
  /** frag i of skb s at s * SKB_MAX_FRAGS + i: a UMEM page index, or −1 for a private page. */
  fragPage: Int32Array;
  destructor: Uint8Array;
  descCount: Int32Array;
  descAddrLo: Float64Array;
  descAddrHi: Uint16Array;
  /** Completion-queue reservations this skb holds (ghost state used to check the kernel's order). */
  cqReserved: Int32Array;
  /** DMA mappings the driver holds for this skb. */
  dmaMaps: Int32Array;
  /** Per-skb scratch for the driver: the time the device is done with it. */
  doneNs: Float64Array;
  /** Head reallocations (pskb_expand_head) and linearizations over the table's life. */
  headReallocs: number;
  linearizations: number;
  /** Private pages allocated for frags and freed (multi-buffer copy path). */
  privatePagesAllocated: number;
  privatePagesFreed: number;
}

export function createSkbTable(initialCapacity = 256): SkbTable {
  const t = {} as SkbTable;
  t.owner = null;
  t.fragPageRefs = new Int32Array(0);
  t.capacity = 0;
  t.live = 0;
  t.peakLive = 0;
  t.freeCount = 0;
  t.headReallocs = 0;
  t.linearizations = 0;
  t.privatePagesAllocated = 0;
  t.privatePagesFreed = 0;
  allocateArrays(t, initialCapacity);
  return t;
}

function grow<T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(old: T | undefined, n: number, make: (n: number) => T): T {
  const next = make(n);
  if (old !== undefined) next.set(old);
  return next;
}

function allocateArrays(t: SkbTable, capacity: number): void {
  const old = t.capacity;
  t.state = grow(t.state, capacity, (n) => new Uint8Array(n));
  t.len = grow(t.len, capacity, (n) => new Int32Array(n));
  t.dataLen = grow(t.dataLen, capacity, (n) => new Int32Array(n));
  t.headroom = grow(t.headroom, capacity, (n) => new Int32Array(n));
  t.tailroom = grow(t.tailroom, capacity, (n) => new Int32Array(n));
  t.truesize = grow(t.truesize, capacity, (n) => new Int32Array(n));
  t.headBytes = grow(t.headBytes, capacity, (n) => new Int32Array(n));
  t.nrFrags = grow(t.nrFrags, capacity, (n) => new Int32Array(n));
  t.fragPage = grow(t.fragPage, capacity * SKB_MAX_FRAGS, (n) => new Int32Array(n));
  t.destructor = grow(t.destructor, capacity, (n) => new Uint8Array(n));
  t.descCount = grow(t.descCount, capacity, (n) => new Int32Array(n));
  t.descAddrLo = grow(t.descAddrLo, capacity * SKB_MAX_DESCS, (n) => new Float64Array(n));
  t.descAddrHi = grow(t.descAddrHi, capacity * SKB_MAX_DESCS, (n) => new Uint16Array(n));
  t.cqReserved = grow(t.cqReserved, capacity, (n) => new Int32Array(n));
  t.dmaMaps = grow(t.dmaMaps, capacity, (n) => new Int32Array(n));
  t.doneNs = grow(t.doneNs, capacity, (n) => new Float64Array(n));
  const free = new Int32Array(capacity);
  if (t.freeIds !== undefined) free.set(t.freeIds.subarray(0, t.freeCount));
  // New ids are pushed highest first so the lowest is handed out first.
  let k = t.freeCount;
  for (let id = capacity - 1; id >= old; id--) free[k++] = id;
  t.freeIds = free;
  t.freeCount = k;
  t.capacity = capacity;
}

/** Size of the buffer __alloc_skb() gets for `sizeBytes` of data (head + shinfo), from models/kernel/skb. */
export function skbHeadAllocBytes(arch: ArchProfile, sizeBytes: number): number {
  return skbHeadObjectBytes(arch, sizeBytes);
}

/**
 * Allocates an skb with `sizeBytes` of linear space: headroom 0, len 0, tailroom = the usable
 * head (ksize − shinfo), truesize = SKB_TRUESIZE(usable head).
 */
// Mirrors __alloc_skb(), net/core/skbuff.c (v5.12).
export function skbAlloc(t: SkbTable, arch: ArchProfile, sizeBytes: number): number {
  if (t.freeCount === 0) allocateArrays(t, t.capacity * 2);
  const id = t.freeIds[--t.freeCount];
  const head = skbHeadAllocBytes(arch, sizeBytes);
  const usable = head - arch.shinfoAlignedBytes;
  t.state[id] = 1;
  t.len[id] = 0;
  t.dataLen[id] = 0;
  t.headroom[id] = 0;
  t.tailroom[id] = usable;
  t.truesize[id] = skbTruesize(arch, usable);
  t.headBytes[id] = head;
  t.nrFrags[id] = 0;
  t.destructor[id] = DESTRUCTOR_NONE;
  t.descCount[id] = 0;
  t.cqReserved[id] = 0;
  t.dmaMaps[id] = 0;
  t.doneNs[id] = 0;
  if (++t.live > t.peakLive) t.peakLive = t.live;
  return id;
}

/** Returns the id to the free list (the caller has run the destructor and dropped the frags). */
export function skbRelease(clock: SimClock, t: SkbTable, id: number): void {
  if (t.state[id] !== 1) violate(clock, 'kfree_skbmem', 'skb-double-free', `skb ${id} freed twice`);
  if (t.dmaMaps[id] !== 0) violate(clock, 'kfree_skbmem', 'skb-freed-mapped', `skb ${id} freed with ${t.dmaMaps[id]} DMA mappings still held`);
  t.state[id] = 0;
  t.freeIds[t.freeCount++] = id;
  t.live--;
}

// Mirrors skb_reserve(), include/linux/skbuff.h (v5.12).
export function txSkbReserve(t: SkbTable, id: number, bytes: number): void {
  t.headroom[id] += bytes;
  t.tailroom[id] -= bytes;
}

// Mirrors skb_put(), include/linux/skbuff.h (v5.12).
export function txSkbPut(clock: SimClock, t: SkbTable, id: number, bytes: number): void {
  if (t.tailroom[id] < bytes) violate(clock, 'skb_put', 'skb-over-panic', `skb ${id}: put ${bytes} with tailroom ${t.tailroom[id]}`);
  t.tailroom[id] -= bytes;
  t.len[id] += bytes;
}

/** skb_headlen(). */
export function txSkbHeadlen(t: SkbTable, id: number): number {
  return t.len[id] - t.dataLen[id];
}

/**
 * Reallocates the head with `nheadBytes` more headroom and `ntailBytes` more tailroom. Socket-
 * owned skbs keep their truesize (XSK skbs always are socket-owned).
 */
// Mirrors pskb_expand_head(), net/core/skbuff.c (v5.12).
export function txSkbExpandHead(arch: ArchProfile, t: SkbTable, id: number, nheadBytes: number, ntailBytes: number): void {
  const oldUsable = t.headBytes[id] - arch.shinfoAlignedBytes;
  const head = skbHeadObjectBytes(arch, oldUsable + nheadBytes + ntailBytes);
  const usable = head - arch.shinfoAlignedBytes;
  const used = t.headroom[id] + (t.len[id] - t.dataLen[id]);
  t.headroom[id] += nheadBytes;
  t.tailroom[id] = usable - used - nheadBytes;
  t.headBytes[id] = head;
  t.headReallocs++;
}

/**
 * Reallocates when the headroom is short of `headroomBytes`: delta rounded up to NET_SKB_PAD.
 * Returns true when a reallocation happened.
 */
// Mirrors skb_cow_head() / __skb_cow(), include/linux/skbuff.h (v5.12).
export function txSkbCowHead(arch: ArchProfile, t: SkbTable, id: number, headroomBytes: number): boolean {
  const delta = headroomBytes - t.headroom[id];
  if (delta <= 0) return false;
  txSkbExpandHead(arch, t, id, alignUp(delta, arch.netSkbPadBytes), 0);
  return true;
}

/** Number of frags per skb stride. */
export function fragIndex(id: number, i: number): number {
  return id * SKB_MAX_FRAGS + i;
}

/** Drops the frags' page references (UMEM pages back toward their pin; private pages freed). */
// Mirrors skb_release_data() frag loop, net/core/skbuff.c (v5.12).
export function skbDropFrags(clock: SimClock, t: SkbTable, id: number): void {
  const n = t.nrFrags[id];
  const base = id * SKB_MAX_FRAGS;
  const refs = t.fragPageRefs;
  for (let i = 0; i < n; i++) {
    const page = t.fragPage[base + i];
    if (page < 0) {
      t.privatePagesFreed++;
      continue;
    }
    if (refs[page] <= 1) violate(clock, 'put_page', 'umem-page-pinned', `UMEM page ${page} would drop below its pin (refcount ${refs[page]}) freeing skb ${id}`);
    refs[page]--;
  }
  t.nrFrags[id] = 0;
  t.dataLen[id] = 0;
}

/** Frees an skb: destructor first (completion, socket memory), then frags and head. */
// Mirrors kfree_skb() / consume_skb() -> skb_release_all(), net/core/skbuff.c (v5.12).
export function txSkbFree(clock: SimClock, t: SkbTable, id: number): void {
  const kind = t.destructor[id];
  if (kind !== DESTRUCTOR_NONE) {
    t.destructor[id] = DESTRUCTOR_NONE;
    if (t.owner === null) violate(clock, 'skb_release_head_state', 'skb-owner', `skb ${id} has destructor ${kind} but no owner`);
    t.owner.destruct(id, kind);
  }
  skbDropFrags(clock, t, id);
  skbRelease(clock, t, id);
}
