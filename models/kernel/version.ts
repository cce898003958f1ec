/**
 * Kernel versions a scenario can choose. Models branch on behaviour, never on strings: each
 * version-dependent rule asks `has(kernelOf(version), name)` (models/kernel/kernel-of.ts) of the
 * change registry; only models/kernel/kernel-spec.ts ranks releases, to resolve a kernel.
 *
 * - '5.11'  XSK generic TX before the seed series (skb of exactly len, no headroom).
 * - '5.12'  the seed series (hr/tr reservation, zerocopy build, TX_BATCH_SIZE 16,
 *           skb built before the CQ slot is reserved).
 * - '5.15'  Ubuntu jammy base: TX_BATCH_SIZE 32, page_pool with PP_FLAG_PAGE_FRAG (5.14–6.6),
 *           CQ reservation still after the build (a6e944f25cdb is assumed not backported).
 * - '5.19'  CQ slot reserved before the skb is built, cancelled on failure.
 * - '6.6'   XSK multi-buffer (XDP_PKT_CONTD), zero-length descriptors invalid.
 * - '6.x'   current upstream (≈6.18): PP_FLAG_PAGE_FRAG gone, page_pool_free_va, MANA 730ff06d.
 */
export const KERNEL_VERSIONS = ['5.11', '5.12', '5.15', '5.19', '6.6', '6.x'] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];

const ORDER: Record<KernelVersion, number> = {
  '5.11': 511,
  '5.12': 512,
  '5.15': 515,
  '5.19': 519,
  '6.6': 606,
  '6.x': 618,
};

/** Numeric rank of a version or of a release number such as '5.13' or '6.7'. */
export function versionRank(version: string): number {
  if (version in ORDER) return ORDER[version as KernelVersion];
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (m === null) throw new RangeError(`versionRank: expected 'major.minor', found '${version}'`);
  return Number(m[1]) * 100 + Number(m[2]);
}
