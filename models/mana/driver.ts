/**
 * Which MANA RX driver a kernel carries: the registered MANA changes (models/kernel/features.ts)
 * a kernel has, turned into the few switches the RX model reads (issue 14).
 *
 * A scenario names a kernel; the driver follows from the commits it carries. The old variant
 * strings are aliases that pin the one or two commits that define them and take every other
 * switch from the kernel:
 * - 'pre-730ff06d'  the kernel's driver without 730ff06d (full pages);
 * - 'upstream-6x'   the kernel's driver with 730ff06d as mainline has it;
 * - 'ubuntu-5.15'   the Ubuntu J:linux-azure SRU of 730ff06d (seed): fragments with
 *                   PP_FLAG_PAGE_FRAG, no pprm.queue_idx, and the jumbo page_pool switch its
 *                   context lines carry;
 * - 'ubuntu-5.15-no-page-frag' the same backport without PP_FLAG_PAGE_FRAG: a known-bad state
 *                   (a verbatim cherry-pick of 730ff06d onto a 5.15-6.6 page_pool), not a
 *                   release any source shows; it stays a variant, not a registry entry.
 *
 * With no alias, a kernel that carries 730ff06d without being a mainline 6.7+ kernel (a distro
 * or a patch under test such as { base: '6.6.30', with: ['mana-rx-page-pool-frags'] }) is
 * modelled as a working backport: it passes PP_FLAG_PAGE_FRAG where the kernel's page_pool
 * still needs it, as the SRU does.
 */
import { has, kernelOf, type KernelRef } from '../kernel/kernel-of.ts';

export const MANA_RX_VARIANTS = ['pre-730ff06d', 'upstream-6x', 'ubuntu-5.15', 'ubuntu-5.15-no-page-frag'] as const;
export type ManaRxVariant = (typeof MANA_RX_VARIANTS)[number];

/** The driver switches the RX model reads; each names the commit behind it. */
export interface ManaDriver {
  /** The alias given, or 'kernel' when the driver follows from the kernel alone. */
  readonly variant: ManaRxVariant | 'kernel';
  /** 730ff06d3f5c: page_pool fragments, XDP attach/detach re-creates the queues. */
  readonly rxFrags: boolean;
  /** fa37a8849634: buffers over a page from the pool (with an order); else napi_alloc_frag(). */
  readonly jumboPagePool: boolean;
  /** 4c46beb807ef: a failed mana_pre_alloc_rxbufs() in mana_xdp_set() restores apc->bpf_prog. */
  readonly xdpRestoresProg: boolean;
  /** 6bd81a5b4e0d: with XDP, max_mtu = min(MANA_XDP_MTU_MAX, adapter_mtu - ETH_HLEN). */
  readonly xdpMaxMtuClamp: boolean;
  /** The fragment-mode pool is created with PP_FLAG_PAGE_FRAG. */
  readonly pageFragFlag: boolean;
  /** pprm.queue_idx is set (mainline 730ff06d; the 5.15 SRU leaves it out). */
  readonly queueIdxSet: boolean;
  /** de97502e16fc: the drop path calls page_pool_free_va(); before it the SRU open-codes page_pool_put_page(-1). */
  readonly freeVa: boolean;
}

/**
 * The MANA driver of a kernel, or of an alias on that kernel. Mirrors which code
 * drivers/net/ethernet/microsoft/mana/mana_en.c and mana_bpf.c contain in that kernel.
 */
export function manaDriverOf(kernelRef: KernelRef, variant?: ManaRxVariant): ManaDriver {
  const k = kernelOf(kernelRef);
  // PP_FLAG_PAGE_FRAG is needed from its introduction until page_pool made fragments always on.
  const poolNeedsFlag = has(k, 'page-pool-frag') && !has(k, 'page-pool-frag-flag-removed');
  const base = {
    freeVa: has(k, 'page-pool-alloc-api'),
    jumboPagePool: has(k, 'mana-jumbo-page-pool'),
    xdpRestoresProg: has(k, 'mana-xdp-set-restore-prog'),
    xdpMaxMtuClamp: has(k, 'mana-xdp-max-mtu-adapter-clamp'),
  };
  // pprm.queue_idx came with the devmem page_pool series (the field exists with PP_FLAG_ALLOW_UNREADABLE_NETMEM) [M].
  const queueIdx = has(k, 'page-pool-unreadable-netmem-flag');
  const kernelFrags = has(k, 'mana-rx-page-pool-frags');
  switch (variant) {
    case undefined:
      return { variant: 'kernel', ...base, rxFrags: kernelFrags, pageFragFlag: kernelFrags && poolNeedsFlag, queueIdxSet: kernelFrags && queueIdx };
    case 'pre-730ff06d':
      return { variant, ...base, rxFrags: false, pageFragFlag: false, queueIdxSet: false };
    case 'upstream-6x':
      return { variant, ...base, rxFrags: true, pageFragFlag: false, queueIdxSet: true };
    case 'ubuntu-5.15':
    case 'ubuntu-5.15-no-page-frag':
      // The SRU's context lines already have the jumbo page_pool switch (pprm.order, no napi_alloc_frag branch).
      return { variant, ...base, jumboPagePool: true, freeVa: false, rxFrags: true, pageFragFlag: variant === 'ubuntu-5.15', queueIdxSet: false };
  }
}
