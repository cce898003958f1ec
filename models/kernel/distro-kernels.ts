/**
 * Named distro kernels a kernel spec may give (issue 14): what each is built on and which
 * registered commits it carries beyond that base.
 *
 * Why it exists: a distro kernel is neither a mainline release nor a stable point release. It
 * follows a stable branch to some point release and adds backports of its own (the seed's MANA
 * patch reached Ubuntu's jammy linux-azure 5.15 as an SRU, not through 5.15.y). Each entry says
 * what is established and where from; what is not established is listed, not guessed.
 *
 * Rules for an entry:
 * - `mainline` is the mainline release the kernel is built on; `stable` is the stable point
 *   release it includes, or 'unknown'. `stableAtLeast`, when a source shows one, is a point
 *   release the kernel is known to include at least: a backport that reached the branch at or
 *   before it is carried. Any later backport, with 'unknown', is treated as absent and said so.
 * - `carries` lists registered changes the distro applied itself, each backed by a source.
 * - `sources` use the prefixes of models/kernel/features.ts (`seed:`, `reference:`, `kernel:`).
 */
import type { KernelChangeName } from './features.ts';

/** One named distro kernel. */
export interface DistroKernel {
  /** The name a spec gives, e.g. 'ubuntu-jammy-azure-5.15'. */
  readonly name: string;
  /** One line: which kernel package this is. */
  readonly description: string;
  /** The mainline release it is built on, 'major.minor'. */
  readonly mainline: string;
  /** The stable point release it includes, or 'unknown'. */
  readonly stable: string | 'unknown';
  /** With stable 'unknown': a point release it is known to include at least, when a source shows one. */
  readonly stableAtLeast?: string;
  /** Registered changes it carries beyond its base (distro backports). */
  readonly carries: readonly KernelChangeName[];
  /** Where each fact was established. */
  readonly sources: readonly string[];
  /** What is not established about this kernel. */
  readonly unknown: readonly string[];
}

export const DISTRO_KERNELS = [
  {
    name: 'ubuntu-jammy-azure-5.15',
    description: 'Ubuntu 22.04 (jammy) linux-azure 5.15.0-* with the Dec 2025 MANA RX page_pool fragments SRU',
    mainline: '5.15',
    stable: 'unknown',
    stableAtLeast: '5.15.132',
    carries: ['mana-rx-page-pool-frags', 'mana-jumbo-page-pool'],
    sources: [
      'seed: mana-rx-page-pool-frags.patch.txt "[SRU][J:linux-azure][PATCH 2/2]" (John Cabaj, 5 Dec 2025, BugLink launchpad 2133750): "(backported from commit 730ff06d3f5cc2ce0348414b78c10528b767d4a3 linux-next)", so the kernel carries mana-rx-page-pool-frags',
      'seed: the same backport note adds PP_FLAG_PAGE_FRAG to the pool flags (page-pool-frag, mainline 5.15) and open-codes page_pool_free_va() "introduced in the 6.7 kernel", so page-pool-alloc-api is absent',
      'seed: the context lines of the same patch show mana_create_page_pool() already setting pprm.order = get_order(rxq->alloc_size) and mana_get_rxfrag() taking every non-XDP buffer from page_pool_dev_alloc_pages() with no napi_alloc_frag() branch: the jumbo-frame page_pool switch (fa37a8849634) is in the tree; inferred from the diff context, not from a changelog',
      'reference: linux-kernel-facts.md timeline "v5.15 (Ubuntu jammy base)" and "Dec 2025 Ubuntu SRU backport to J:linux-azure (5.15)"',
      'banner: a public test fixture quotes the kernel banner "Linux version 5.15.0-1053-azure ... #59 SMP (Ubuntu 5.15.0-1053.59~20.04.1-azure 5.15.132)": the focal HWE build of jammy linux-azure ABI 1053 follows 5.15.y to 5.15.132, and the Dec 2025 SRU kernel comes from a later ABI, so stableAtLeast is 5.15.132 (Ubuntu applies 5.15.y stable updates each SRU cycle [M]); the fixture is a parser test, not a build log',
      'reference: kernel-review-findings.md row 1 says every current 5.15 kernel, jammy/linux-azure included, reserves the CQ slot first; with stableAtLeast 5.15.132 the registry agrees (xsk-cq-reserve-first is in 5.15.51)',
    ],
    unknown: [
      'the exact 5.15.y point release the SRU kernel includes (Ubuntu prints it last in /proc/version_signature; the SRU kernel\'s was not read): backports that reached 5.15.y after 5.15.132 resolve as assumed absent; give { "base": "5.15.N", "with": [...] } to say the exact kernel',
      'the ABI numbers (5.15.0-NNNN-azure) before which the MANA SRU is absent',
      'patch 1/2 of the SRU series: not in the seed, so whatever it carries is not listed',
      'other distro backports of registered changes (mana-gso-sge0-headroom, xsk-cq-full-eagain, ...): not checked',
    ],
  },
] as const satisfies readonly DistroKernel[];

/** The name of a registered distro kernel. */
export type DistroKernelName = (typeof DISTRO_KERNELS)[number]['name'];
