/**
 * TX descriptor validation per kernel version (fact sheet §1.5).
 *
 * Rules, by kernel (aligned mode / unaligned mode):
 * - 'pre-5.12.5' (5.11, 5.12): chunk(addr) ≠ chunk(addr+len) rejects (so a full-chunk
 *   descriptor at the chunk start is rejected: the off-by-one); chunk ≥ UMEM size; options ≠ 0.
 * - 'straddle-bug' (5.12.5 / 5.13-rc1, ac31565c2193): only len > chunk_size and chunk ≥ size;
 *   available only through the `bugStraddleValidation` switch.
 * - 'chunk-end' (5.13-rc7 .. 6.3; our 5.15, 5.19): chunk(addr) ≠ chunk(addr+len−1) when
 *   len > 0; len 0 allowed.
 * - 'offset' (6.4+, with 6.6's len == 0 and XDP_PKT_CONTD; our 6.6, 6.x):
 *   (addr & (chunk−1)) + len > chunk; addr ≥ size; len == 0; options other than XDP_PKT_CONTD.
 * Unaligned: len > chunk_size; base or base+offset ≥ size; (6.6+) len == 0 or addr+len > size;
 * crossing into a non-contiguous page is impossible in copy mode (the UMEM is vmap'ed and
 * `pool->dma_pages` is unset), so it never rejects here.
 * Simplified: v6.8 TX metadata (tx_metadata_len = 0 assumed).
 */
import { has, kernelOf } from '../kernel/kernel-of.ts';
import type { KernelVersion } from '../kernel/version.ts';
import { XDP_PKT_CONTD, XSK_UNALIGNED_OFFSET_SCALE } from './constants.ts';
import type { Umem } from './umem.ts';

export type ValidationRule = 'pre-5.12.5' | 'straddle-bug' | 'chunk-end' | 'offset';

export function validationRuleFor(version: KernelVersion, bugStraddleValidation = false): ValidationRule {
  if (bugStraddleValidation) return 'straddle-bug';
  const kernel = kernelOf(version);
  if (has(kernel, 'xsk-aligned-validate-offset')) return 'offset';
  if (has(kernel, 'xsk-aligned-validate-chunk-end')) return 'chunk-end';
  return 'pre-5.12.5';
}

/** Full 64-bit address as a number: exact whenever the result is below 2^53. */
function fullAddr(addrLo: number, addrHi: number): number {
  return addrHi * XSK_UNALIGNED_OFFSET_SCALE + addrLo;
}

// Mirrors xp_aligned_validate_desc(), net/xdp/xsk_queue.h (v5.12 / v5.13 / v6.6 by rule).
export function alignedDescValid(rule: ValidationRule, umem: Umem, addrLo: number, addrHi: number, len: number, options: number): boolean {
  const chunk = umem.chunkSizeBytes;
  const addr = fullAddr(addrLo, addrHi);
  const chunkStart = addr - (addr % chunk);
  switch (rule) {
    case 'pre-5.12.5': {
      const end = addr + len;
      if (chunkStart !== end - (end % chunk)) return false;
      if (chunkStart >= umem.sizeBytes) return false;
      return options === 0;
    }
    case 'straddle-bug':
      if (len > chunk) return false;
      if (chunkStart >= umem.sizeBytes) return false;
      return options === 0;
    case 'chunk-end': {
      if (len > 0) {
        const last = addr + len - 1;
        if (chunkStart !== last - (last % chunk)) return false;
      }
      if (chunkStart >= umem.sizeBytes) return false;
      return options === 0;
    }
    case 'offset':
      if (len === 0) return false;
      if ((addr % chunk) + len > chunk) return false;
      if (addr >= umem.sizeBytes) return false;
      return (options & ~XDP_PKT_CONTD) === 0;
  }
}

// Mirrors xp_unaligned_validate_desc(), net/xdp/xsk_queue.h (v5.12 / v6.6 by rule).
export function unalignedDescValid(rule: ValidationRule, umem: Umem, addrLo: number, addrHi: number, len: number, options: number): boolean {
  const base = addrLo;
  const addr = addrLo + addrHi;
  const v66 = rule === 'offset';
  if (v66 && len === 0) return false;
  if (len > umem.chunkSizeBytes) return false;
  if (base >= umem.sizeBytes || addr >= umem.sizeBytes) return false;
  if (v66 && addr + len > umem.sizeBytes) return false;
  return v66 ? (options & ~XDP_PKT_CONTD) === 0 : options === 0;
}

// Mirrors xp_validate_desc(), net/xdp/xsk_queue.h (v5.12).
export function xpValidateDesc(rule: ValidationRule, umem: Umem, addrLo: number, addrHi: number, len: number, options: number): boolean {
  return umem.unaligned
    ? unalignedDescValid(rule, umem, addrLo, addrHi, len, options)
    : alignedDescValid(rule, umem, addrLo, addrHi, len, options);
}

/** Byte offset into the UMEM of the descriptor's data (`xsk_buff_raw_get_data` − addrs). */
// Mirrors xp_raw_get_data() address arithmetic, net/xdp/xsk_buff_pool.c (v5.12).
export function descDataOffset(umem: Umem, addrLo: number, addrHi: number): number {
  return umem.unaligned ? addrLo + addrHi : addrLo;
}
