/**
 * TX descriptor validation (fact sheet §1.5), every rule switched by the registry entry of the
 * upstream commit that introduced it (models/kernel/features.ts), never by a version.
 *
 * Aligned mode follows the newest of these the kernel carries:
 * - 'pre-5.12.5' (none of them): chunk(addr) ≠ chunk(addr+len) rejects, so a full-chunk
 *   descriptor at the chunk start is rejected (the off-by-one); chunk ≥ UMEM size rejects.
 * - 'straddle-bug' (xsk-aligned-validate-straddle-bug, ac31565c2193): only len > chunk_size and
 *   chunk ≥ size, so descriptors straddling two chunks pass (a real upstream state: 5.13.0,
 *   5.13.1 and 5.12.5 on); the `bugStraddleValidation` switch forces it on any kernel.
 * - 'chunk-end' (xsk-aligned-validate-chunk-end, f654fae47e83): chunk(addr) ≠ chunk(addr+len−1)
 *   rejects when len > 0.
 * - 'offset' (xsk-aligned-validate-offset, 0c5f48599bed): (addr & (chunk−1)) + len > chunk, and
 *   addr ≥ size. On an aligned UMEM (a whole number of chunks) it gives the verdicts of
 *   'chunk-end'; it is kept because it is the code those kernels run.
 * Unaligned mode in copy mode (no DMA page array, so the "skb path" of
 * xp_desc_crosses_non_contig_pg()): len > chunk_size, base ≥ size and base + offset ≥ size reject;
 * then, by entry,
 * - xsk-unaligned-validate-umem-end-skb (2f99619820c2): a descriptor that crosses a page boundary
 *   and ends past the UMEM is rejected;
 * - xsk-unaligned-validate-umem-end (d769ccaf957f): any descriptor ending past the UMEM is
 *   rejected. In copy mode this adds a rejection only when the UMEM size is not a multiple of
 *   the page size (an overrun that stays inside the last page).
 * With neither, a descriptor may run past the last UMEM page; the skb build then asserts
 * `umem-read-in-range` (models/xsk/umem.ts) instead of indexing a page that does not exist.
 * Both modes: len == 0 is invalid with xsk-tx-zero-len-desc-invalid (07428da9e25a); option bits
 * are invalid except XDP_PKT_CONTD with xsk-tx-multi-buffer (cf24f5a5feea).
 * Simplified: v6.8 TX metadata (tx_metadata_len = 0 assumed).
 */
import { has, kernelOf, type KernelRef } from '../kernel/kernel-of.ts';
import { XDP_PKT_CONTD, XSK_UNALIGNED_OFFSET_SCALE } from './constants.ts';
import type { Umem } from './umem.ts';

export type AlignedRule = 'pre-5.12.5' | 'straddle-bug' | 'chunk-end' | 'offset';

/** Which UMEM-end check unaligned descriptors get: none, only when crossing a page, or always. */
export type UmemEndCheck = 'none' | 'page-cross' | 'always';

/** The validation rules of one kernel, resolved once so the hot path asks no registry. */
export interface DescRules {
  readonly aligned: AlignedRule;
  readonly unalignedEnd: UmemEndCheck;
  /** xsk-tx-zero-len-desc-invalid (07428da9e25a). */
  readonly zeroLenInvalid: boolean;
  /** xsk-tx-multi-buffer (cf24f5a5feea): XDP_PKT_CONTD is a valid option bit. */
  readonly contdAllowed: boolean;
}

function alignedRuleOf(version: KernelRef, bugStraddleValidation: boolean): AlignedRule {
  if (bugStraddleValidation) return 'straddle-bug';
  const kernel = kernelOf(version);
  if (has(kernel, 'xsk-aligned-validate-offset')) return 'offset';
  if (has(kernel, 'xsk-aligned-validate-chunk-end')) return 'chunk-end';
  if (has(kernel, 'xsk-aligned-validate-straddle-bug')) return 'straddle-bug';
  return 'pre-5.12.5';
}

function unalignedEndOf(version: KernelRef): UmemEndCheck {
  const kernel = kernelOf(version);
  // d769ccaf957f moved the end check out of xp_desc_crosses_non_contig_pg() into the
  // validation itself, so it covers the page-crossing case of 2f99619820c2 as well.
  if (has(kernel, 'xsk-unaligned-validate-umem-end')) return 'always';
  if (has(kernel, 'xsk-unaligned-validate-umem-end-skb')) return 'page-cross';
  return 'none';
}

/** The descriptor validation rules `version` carries (`bugStraddleValidation` forces the straddle bug). */
export function descRulesFor(version: KernelRef, bugStraddleValidation = false): DescRules {
  const kernel = kernelOf(version);
  return {
    aligned: alignedRuleOf(version, bugStraddleValidation),
    unalignedEnd: unalignedEndOf(version),
    zeroLenInvalid: has(kernel, 'xsk-tx-zero-len-desc-invalid'),
    contdAllowed: has(kernel, 'xsk-tx-multi-buffer'),
  };
}

/** Full 64-bit address as a number: exact whenever the result is below 2^53. */
function fullAddr(addrLo: number, addrHi: number): number {
  return addrHi * XSK_UNALIGNED_OFFSET_SCALE + addrLo;
}

// Mirrors xp_unused_options_set() (v6.6) / the `desc->options` test before it, net/xdp/xsk_queue.h.
function optionsValid(r: DescRules, options: number): boolean {
  return (options & ~(r.contdAllowed ? XDP_PKT_CONTD : 0)) === 0;
}

// Mirrors xp_aligned_validate_desc(), net/xdp/xsk_queue.h (v5.12, v5.12.5, v5.14, v6.4, v6.6 by rules).
export function alignedDescValid(r: DescRules, umem: Umem, addrLo: number, addrHi: number, len: number, options: number): boolean {
  if (r.zeroLenInvalid && len === 0) return false;
  const chunk = umem.chunkSizeBytes;
  const addr = fullAddr(addrLo, addrHi);
  const chunkStart = addr - (addr % chunk);
  switch (r.aligned) {
    case 'pre-5.12.5': {
      const end = addr + len;
      if (chunkStart !== end - (end % chunk)) return false;
      if (chunkStart >= umem.sizeBytes) return false;
      break;
    }
    case 'straddle-bug':
      if (len > chunk) return false;
      if (chunkStart >= umem.sizeBytes) return false;
      break;
    case 'chunk-end': {
      if (len > 0) {
        const last = addr + len - 1;
        if (chunkStart !== last - (last % chunk)) return false;
      }
      if (chunkStart >= umem.sizeBytes) return false;
      break;
    }
    case 'offset':
      if ((addr % chunk) + len > chunk) return false;
      if (addr >= umem.sizeBytes) return false;
      break;
  }
  return optionsValid(r, options);
}

/** True when [addr, addr + len) crosses a page boundary (`cross_pg` of xp_desc_crosses_non_contig_pg). */
function crossesPage(umem: Umem, addr: number, len: number): boolean {
  return (addr % umem.pageSizeBytes) + len > umem.pageSizeBytes;
}

// Mirrors xp_unaligned_validate_desc() and the skb path of xp_desc_crosses_non_contig_pg(), net/xdp/xsk_queue.h and include/net/xsk_buff_pool.h (v5.12, v5.14, v6.4, v6.6 by rules).
export function unalignedDescValid(r: DescRules, umem: Umem, addrLo: number, addrHi: number, len: number, options: number): boolean {
  if (r.zeroLenInvalid && len === 0) return false;
  if (len > umem.chunkSizeBytes) return false;
  const base = addrLo;
  const addr = addrLo + addrHi;
  if (base >= umem.sizeBytes || addr >= umem.sizeBytes) return false;
  const pastEnd = addr + len > umem.sizeBytes;
  if (pastEnd && r.unalignedEnd === 'always') return false;
  if (pastEnd && r.unalignedEnd === 'page-cross' && crossesPage(umem, addr, len)) return false;
  return optionsValid(r, options);
}

// Mirrors xp_validate_desc(), net/xdp/xsk_queue.h (v5.12).
export function xpValidateDesc(r: DescRules, umem: Umem, addrLo: number, addrHi: number, len: number, options: number): boolean {
  return umem.unaligned ? unalignedDescValid(r, umem, addrLo, addrHi, len, options) : alignedDescValid(r, umem, addrLo, addrHi, len, options);
}

/** Byte offset into the UMEM of the descriptor's data (`xsk_buff_raw_get_data` − addrs). */
// Mirrors xp_raw_get_data() address arithmetic, net/xdp/xsk_buff_pool.c (v5.12).
export function descDataOffset(umem: Umem, addrLo: number, addrHi: number): number {
  return umem.unaligned ? addrLo + addrHi : addrLo;
}
