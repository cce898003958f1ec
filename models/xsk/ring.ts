/**
 * AF_XDP rings: fill, completion (addresses) and TX, RX (descriptors). Single producer, single
 * consumer; each side keeps cached copies of the shared indices and re-reads the other side's
 * index only when its cached view says the ring is empty (consumer) or full (producer).
 *
 * Modelled: `struct xdp_ring` (shared producer/consumer/flags), the kernel's `struct xsk_queue`
 * view (cached_prod, cached_cons) and libbpf's `xsk_ring_prod`/`xsk_ring_cons` view (its own
 * cached pair); lazy consumer release (the kernel publishes `consumer` on the next refill of
 * its cached view, and from v6.17 also at the end of a send that sent a frame);
 * reserve/submit/cancel on the producer side; counters of reservations,
 * cancellations and submissions so properties can check them.
 * Simplified: indices are exact integers that never wrap (a u32 wraps after 2^32 entries, which
 * a simulated run never reaches); memory ordering is implicit (one thread of execution).
 *
 * Descriptor addresses are split the way unaligned mode packs them: `addrLo` holds bits 0..47
 * (the base), `addrHi` bits 48..63 (the offset in unaligned mode). Doubles hold the low half
 * exactly, and the full 64-bit value is never needed as one number.
 */
import { violate, type SimClock } from '../../engine/index.ts';
import { EINVAL, ENOSPC } from '../kernel/errno.ts';
import { XDP_RING_NEED_WAKEUP } from './constants.ts';

export interface XskRing {
  readonly name: string;
  readonly entries: number;
  readonly mask: number;
  /** True for TX and RX rings (struct xdp_desc), false for fill and completion rings (u64). */
  readonly isDescRing: boolean;
  /** Shared `ring->producer` and `ring->consumer`. */
  producer: number;
  consumer: number;
  /** Shared `ring->flags` (XDP_RING_NEED_WAKEUP). */
  flags: number;
  /** Kernel view (`struct xsk_queue`). */
  kCachedProd: number;
  kCachedCons: number;
  /** User view (libbpf `struct xsk_ring_prod` / `xsk_ring_cons`). */
  uCachedProd: number;
  uCachedCons: number;
  readonly addrLo: Float64Array;
  readonly addrHi: Uint16Array;
  readonly len: Uint32Array;
  readonly options: Uint32Array;
  /** `q->invalid_descs` and `q->queue_empty_descs` (tx_ring_empty_descs, with 8aa5a33578e9). */
  invalidDescs: number;
  queueEmptyDescs: number;
  /** Kernel producer accounting: slots reserved, cancelled and published (CQ, RX). */
  reservedTotal: number;
  cancelledTotal: number;
  submittedTotal: number;
}

export type RingResult = { ok: true; ring: XskRing } | { ok: false; errno: number; reason: string };

// Mirrors xsk_init_queue() and xskq_create(), net/xdp/xsk.c and xsk_queue.c (v5.12).
export function xskInitQueue(name: string, entries: number, isDescRing: boolean): RingResult {
  if (!(Number.isSafeInteger(entries) && entries > 0 && (entries & (entries - 1)) === 0)) {
    return { ok: false, errno: -EINVAL, reason: `${name} ring entries ${entries} must be a non-zero power of two` };
  }
  const d = isDescRing ? entries : 0;
  return {
    ok: true,
    ring: {
      name,
      entries,
      mask: entries - 1,
      isDescRing,
      producer: 0,
      consumer: 0,
      flags: 0,
      kCachedProd: 0,
      kCachedCons: 0,
      uCachedProd: 0,
      uCachedCons: 0,
      addrLo: new Float64Array(entries),
      addrHi: new Uint16Array(entries),
      len: new Uint32Array(d),
      options: new Uint32Array(d),
      invalidDescs: 0,
      queueEmptyDescs: 0,
      reservedTotal: 0,
      cancelledTotal: 0,
      submittedTotal: 0,
    },
  };
}

export function createRingOrThrow(name: string, entries: number, isDescRing: boolean): XskRing {
  const r = xskInitQueue(name, entries, isDescRing);
  if (!r.ok) throw new RangeError(`setsockopt: ${r.reason} (errno ${r.errno})`);
  return r.ring;
}

/** Asserts the shared-index invariant after a publish: 0 ≤ prod − cons ≤ entries. */
function checkShared(clock: SimClock, q: XskRing, fn: string): void {
  const used = q.producer - q.consumer;
  if (used > q.entries || used < 0) {
    violate(clock, fn, 'ring-occupancy', `${q.name} ring producer ${q.producer} - consumer ${q.consumer} = ${used} outside [0, ${q.entries}]`);
  }
}

// ---- kernel, consumer side (TX ring, fill ring) ----

// Mirrors __xskq_cons_release() + __xskq_cons_peek() (xskq_cons_get_entries), net/xdp/xsk_queue.h (v5.12).
export function xskqConsGetEntries(q: XskRing): void {
  q.consumer = q.kCachedCons;
  q.kCachedProd = q.producer;
}

/** Entries the kernel sees without re-reading the producer. */
export function xskqConsCachedAvail(q: XskRing): number {
  return q.kCachedProd - q.kCachedCons;
}

// Mirrors xskq_cons_release(), net/xdp/xsk_queue.h (v5.12): lazy, published on the next refill.
export function xskqConsRelease(q: XskRing): void {
  q.kCachedCons++;
}

/**
 * Publishes the kernel's consumed position to user space without re-reading the producer: the
 * end-of-send release of 1eb8b0dac189 (v6.17). Before it, copy mode published only on the next
 * refill of the cached view (xskqConsGetEntries), one sendto later.
 */
// Mirrors __xskq_cons_release(), net/xdp/xsk_queue.h (v6.17 __xsk_tx_release()).
export function xskqConsPublish(clock: SimClock, q: XskRing): void {
  q.consumer = q.kCachedCons;
  checkShared(clock, q, '__xskq_cons_release');
}

// Mirrors xskq_cons_cancel_n(), net/xdp/xsk_queue.h (v6.6).
export function xskqConsCancelN(q: XskRing, n: number): void {
  q.kCachedCons -= n;
}

// Mirrors xskq_has_descs(), net/xdp/xsk_queue.h (v6.6).
export function xskqHasDescs(q: XskRing): boolean {
  return q.kCachedCons !== q.kCachedProd;
}

/** Whether user space has published entries the kernel has not released yet (including unread). */
export function xskqPresentEntries(q: XskRing): number {
  return q.producer - q.kCachedCons;
}

// ---- kernel, producer side (completion ring, RX ring) ----

// Mirrors xskq_prod_is_full(), net/xdp/xsk_queue.h (v5.12): re-reads the consumer only when full.
export function xskqProdIsFull(q: XskRing): boolean {
  if (q.entries - (q.kCachedProd - q.kCachedCons) > 0) return false;
  q.kCachedCons = q.consumer;
  return q.entries - (q.kCachedProd - q.kCachedCons) === 0;
}

// Mirrors xskq_prod_reserve(), net/xdp/xsk_queue.h (v5.12).
export function xskqProdReserve(q: XskRing): number {
  if (xskqProdIsFull(q)) return -ENOSPC;
  q.kCachedProd++;
  q.reservedTotal++;
  return 0;
}

// Mirrors xskq_prod_reserve_addr(), net/xdp/xsk_queue.h (v6.6): the address is written at reserve time.
export function xskqProdReserveAddr(q: XskRing, addrLo: number, addrHi: number): number {
  if (xskqProdIsFull(q)) return -ENOSPC;
  const idx = q.kCachedProd & q.mask;
  q.addrLo[idx] = addrLo;
  q.addrHi[idx] = addrHi;
  q.kCachedProd++;
  q.reservedTotal++;
  return 0;
}

// Mirrors xskq_prod_cancel() / xskq_prod_cancel_n(), net/xdp/xsk_queue.h (v5.11 / v6.6).
export function xskqProdCancel(clock: SimClock, q: XskRing, n: number): void {
  if (q.kCachedProd - n < q.producer) {
    violate(clock, 'xskq_prod_cancel', 'cq-cancel-unreserved', `${q.name}: cancelling ${n} would move cached_prod ${q.kCachedProd} below producer ${q.producer}`);
  }
  q.kCachedProd -= n;
  q.cancelledTotal += n;
}

/**
 * Writes `addr` at the shared producer index and advances it (v5.11–6.5 completion path).
 * The slot must have been reserved: a producer beyond `cached_prod` overwrites an entry user
 * space has not consumed (the v5.12 build-before-reserve bug), which is reported, not absorbed.
 */
// Mirrors xskq_prod_submit_addr(), net/xdp/xsk_queue.h (v5.12).
export function xskqProdSubmitAddr(clock: SimClock, q: XskRing, addrLo: number, addrHi: number): void {
  const idx = q.producer & q.mask;
  q.addrLo[idx] = addrLo;
  q.addrHi[idx] = addrHi;
  q.producer++;
  q.submittedTotal++;
  if (q.producer > q.kCachedProd) {
    violate(clock, 'xskq_prod_submit_addr', 'cq-submit-unreserved',
      `${q.name}: producer ${q.producer} advanced beyond the reserved cached_prod ${q.kCachedProd} (consumer ${q.consumer}, ${q.entries} entries): a completion was written into a slot never reserved`,
      { producer: q.producer, cachedProd: q.kCachedProd, consumer: q.consumer, entries: q.entries });
  }
  checkShared(clock, q, 'xskq_prod_submit_addr');
}

// Mirrors xskq_prod_submit_n(), net/xdp/xsk_queue.h (v6.6): addresses were written at reserve time.
export function xskqProdSubmitN(clock: SimClock, q: XskRing, n: number): void {
  q.producer += n;
  q.submittedTotal += n;
  if (q.producer > q.kCachedProd) {
    violate(clock, 'xskq_prod_submit_n', 'cq-submit-unreserved', `${q.name}: producer ${q.producer} beyond reserved cached_prod ${q.kCachedProd}`);
  }
  checkShared(clock, q, 'xskq_prod_submit_n');
}

// ---- user space (libbpf xsk.h) ----

// Mirrors xsk_prod_nb_free(), tools/lib/bpf/xsk.h (libbpf 0.3).
export function userProdNbFree(q: XskRing, nb: number): number {
  const free = q.entries - (q.uCachedProd - q.uCachedCons);
  if (free >= nb) return free;
  q.uCachedCons = q.consumer;
  return q.entries - (q.uCachedProd - q.uCachedCons);
}

/** Returns the first reserved index, or -1 when fewer than nb slots are free. */
// Mirrors xsk_ring_prod__reserve(), tools/lib/bpf/xsk.h (libbpf 0.3).
export function userProdReserve(q: XskRing, nb: number): number {
  if (userProdNbFree(q, nb) < nb) return -1;
  const idx = q.uCachedProd;
  q.uCachedProd += nb;
  return idx;
}

// Mirrors xsk_ring_prod__submit(), tools/lib/bpf/xsk.h (libbpf 0.3).
export function userProdSubmit(clock: SimClock, q: XskRing, nb: number): void {
  q.producer += nb;
  if (q.producer > q.uCachedProd) violate(clock, 'xsk_ring_prod__submit', 'ring-submit-unreserved', `${q.name}: user submitted beyond its reservation`);
  checkShared(clock, q, 'xsk_ring_prod__submit');
}

// Mirrors xsk_cons_nb_avail(), tools/lib/bpf/xsk.h (libbpf 0.3).
export function userConsNbAvail(q: XskRing, nb: number): number {
  let entries = q.uCachedProd - q.uCachedCons;
  if (entries === 0) {
    q.uCachedProd = q.producer;
    entries = q.uCachedProd - q.uCachedCons;
  }
  return entries > nb ? nb : entries;
}

/** Returns the number of entries peeked; they start at index `q.uCachedCons - n`. */
// Mirrors xsk_ring_cons__peek(), tools/lib/bpf/xsk.h (libbpf 0.3).
export function userConsPeek(q: XskRing, nb: number): number {
  const n = userConsNbAvail(q, nb);
  q.uCachedCons += n;
  return n;
}

// Mirrors xsk_ring_cons__release(), tools/lib/bpf/xsk.h (libbpf 0.3).
export function userConsRelease(clock: SimClock, q: XskRing, nb: number): void {
  q.consumer += nb;
  if (q.consumer > q.producer) violate(clock, 'xsk_ring_cons__release', 'ring-release-unpeeked', `${q.name}: consumer ${q.consumer} passed producer ${q.producer}`);
}

// Mirrors xsk_ring_prod__needs_wakeup(), tools/lib/bpf/xsk.h (libbpf 0.3).
export function userProdNeedsWakeup(q: XskRing): boolean {
  return (q.flags & XDP_RING_NEED_WAKEUP) !== 0;
}

/** Entries produced but not yet consumed plus kernel reservations in flight (CQ occupancy). */
export function ringOccupancy(q: XskRing): number {
  return q.kCachedProd - q.consumer;
}
