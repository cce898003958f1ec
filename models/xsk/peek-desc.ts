/**
 * Reading the next valid TX descriptor: the kernel-side consumer of the TX ring.
 *
 * Up to v6.5 an invalid entry is skipped (counted in `invalid_descs`, consumed, never
 * completed) and the read goes on; from v6.6 the read stops at it and the caller releases it,
 * and an empty ring counts `queue_empty_descs` here (before v6.6 xsk_generic_xmit() counts it
 * after its loop; generic-xmit.ts).
 */
import type { Umem } from './umem.ts';
import type { XskRing } from './ring.ts';
import { xskqConsGetEntries } from './ring.ts';
import { xpValidateDesc, type DescRules } from './desc-validate.ts';

/** The descriptor last read (`struct xdp_desc`), reused to keep the hot path allocation-free. */
export interface DescSlot {
  addrLo: number;
  addrHi: number;
  len: number;
  options: number;
}

export function newDescSlot(): DescSlot {
  return { addrLo: 0, addrHi: 0, len: 0, options: 0 };
}

// Mirrors xskq_cons_is_valid_desc(), net/xdp/xsk_queue.h (v5.12).
function readIfValid(q: XskRing, rules: DescRules, umem: Umem, out: DescSlot): boolean {
  const idx = q.kCachedCons & q.mask;
  out.addrLo = q.addrLo[idx];
  out.addrHi = q.addrHi[idx];
  out.len = q.len[idx];
  out.options = q.options[idx];
  if (xpValidateDesc(rules, umem, out.addrLo, out.addrHi, out.len, out.options)) return true;
  q.invalidDescs++;
  return false;
}

/**
 * Returns true with `out` filled when a valid descriptor is at the head. `stopAtInvalid`
 * selects the v6.6+ behaviour (return false, leave the invalid entry for the caller, count an
 * empty ring when `countEmpty`: the tx_ring_empty_descs statistic of 8aa5a33578e9).
 */
// Mirrors xskq_cons_peek_desc() + xskq_cons_read_desc(), net/xdp/xsk_queue.h (v5.12; v6.6 when stopAtInvalid).
export function xskqConsPeekDesc(q: XskRing, rules: DescRules, umem: Umem, out: DescSlot, stopAtInvalid: boolean, countEmpty: boolean): boolean {
  if (q.kCachedProd === q.kCachedCons) xskqConsGetEntries(q);
  if (stopAtInvalid) {
    if (q.kCachedCons !== q.kCachedProd) return readIfValid(q, rules, umem, out);
    if (countEmpty) q.queueEmptyDescs++;
    return false;
  }
  while (q.kCachedCons !== q.kCachedProd) {
    if (readIfValid(q, rules, umem, out)) return true;
    q.kCachedCons++;
  }
  return false;
}
