/**
 * The registry of modelled kernel changes: one entry per upstream commit that switches a
 * behaviour nicsim models, with the mainline release it entered, the stable point releases that
 * carry it, and where each of those facts was established (issue 14).
 *
 * Why it exists: users run 5.15.0-1089-azure or 6.6.30, not "5.15" or "6.6", and a stable or
 * distro kernel carries some later fixes and not others. A version comparison cannot say that;
 * a set of commits can. models/kernel/kernel-spec.ts resolves a kernel spec to a set of these
 * entries and models ask `has(kernelOf(version), 'xsk-cq-reserve-first')` (models/kernel/kernel-of.ts)
 * instead of comparing versions; test/models/kernel/no-version-compare.test.ts keeps it so.
 *
 * Each entry's `replaces` names the comparison or hand list it replaced, so the switch-over can be
 * checked line by line. Where the model still ties a behaviour to another entry's release (rows 6
 * and 7, the len 0 rule, the 6.15 ring size), the `replaces` text says so.
 *
 * Rules for an entry:
 * - `stable` maps a stable branch to the first point release that carries the commit, only where
 *   a stable review mail (or the kernel tree) shows it; otherwise it is the string 'unknown'.
 *   Unknown is said, not guessed. `unknown` lists what else is not established.
 * - `sources` name where each fact came from: `kernel:` a commit in torvalds/linux or a commit
 *   list quoting it, `stable:` a stable review mail found with find_string, `mail:` a list
 *   mail, `seed:` a file under ../shared/seeds/, `reference:` a file under ../shared/reference/
 *   and its row. Where the reference files and the kernel disagree, the kernel is right and the
 *   source says so.
 */

/** One modelled upstream commit. */
export interface KernelChangeEntry {
  /** Key models will use, e.g. 'xsk-cq-reserve-first'. */
  readonly name: string;
  /** 12-character short hash in torvalds/linux. */
  readonly id: string;
  /** The commit subject. */
  readonly title: string;
  /** The mainline release the commit entered, 'major.minor'. */
  readonly mainline: string;
  /** Stable branch -> first point release carrying the commit, or 'unknown'. */
  readonly stable: Readonly<Record<string, string>> | 'unknown';
  /** One line: the modelled behaviour the commit switches. */
  readonly switches: string;
  /** Where each fact was established. */
  readonly sources: readonly string[];
  /** What is not established about this entry (empty when nothing is open). */
  readonly unknown: readonly string[];
  /** Today's `atLeast(` calls and hand lists this entry will replace (file: expression). */
  readonly replaces: readonly string[];
}

export const KERNEL_CHANGES = [
  // --- The XSK seed series (../shared/seeds/xsk-generic-zerocopy-xmit.patch.txt), v5.12 ---
  {
    name: 'netdev-tx-skb-no-linear',
    id: 'c2ff53d8049f',
    title: 'net: Add priv_flags for allow tx skb without linear',
    mainline: '5.12',
    stable: 'unknown',
    switches: 'IFF_TX_SKB_NO_LINEAR exists, so a driver can declare it accepts skbs with skb_headlen() == 0.',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 2 "net: add priv_flags for allow tx skb without linear"',
      'kernel: c2ff53d8049f30098153cd2d1299a44d7b124c57 in a torvalds/linux commit list next to 3914d88f7608 and 9c8f21e6f885',
      'reference: linux-kernel-facts.md timeline row v5.12 (seed series)',
    ],
    unknown: ['stable: a feature, no backport expected; not checked'],
    replaces: [],
  },
  {
    name: 'virtio-net-tx-skb-no-linear',
    id: 'ab5bd583b928',
    title: 'virtio-net: Support IFF_TX_SKB_NO_LINEAR flag',
    mainline: '5.12',
    stable: 'unknown',
    switches: 'virtio_net sets IFF_TX_SKB_NO_LINEAR, so XSK generic TX builds zero-copy skbs for it.',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 3 "virtio-net: support IFF_TX_SKB_NO_LINEAR"',
      'kernel: ab5bd583b9289666e918f9e5f672d33ccdfd49b2 in the same torvalds/linux commit list',
    ],
    unknown: ['stable: a feature, no backport expected; not checked'],
    replaces: ["models/nic/netdev.ts: virtioNetProfile txSkbNoLinear = atLeast(version, '5.12')"],
  },
  {
    name: 'xsk-generic-xmit-headroom',
    id: '3914d88f7608',
    title: "xsk: Respect device's headroom and tailroom on generic xmit path",
    mainline: '5.12',
    stable: 'unknown',
    switches: 'XSK generic TX reserves hr = max(NET_SKB_PAD, L1_CACHE_ALIGN(needed_headroom)) and tailroom (0 before).',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 4 (Fixes: 35fcde7f8deb "xsk: support for Tx")',
      'kernel: 3914d88f7608e6c2e80e344474fa289370c32451 in a torvalds/linux commit list',
      'reference: linux-kernel-facts.md "Headroom and tailroom reservation (the seed\'s 4th patch, v5.12)"',
    ],
    unknown: ['stable: carries a Fixes: tag, so stable backports may exist; none checked'],
    replaces: [
      "models/xsk/constants.ts: xskTxHeadroomBytes !atLeast(arch.version, '5.12')",
      "models/xsk/xsk-socket.ts: v512 = atLeast(version, '5.12') (headroom part)",
    ],
  },
  {
    name: 'xsk-generic-zerocopy-build',
    id: '9c8f21e6f885',
    title: 'xsk: Build skb by page (aka generic zerocopy xmit)',
    mainline: '5.12',
    stable: 'unknown',
    switches: 'On IFF_TX_SKB_NO_LINEAR devices XSK generic TX adds UMEM pages as frags (no copy); truesize per chunk.',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 5 "xsk: build skb by page (aka generic zerocopy xmit)"',
      'kernel: 9c8f21e6f8856a96634e542a58ef3abf27486801 in a torvalds/linux commit list',
      'reference: linux-kernel-facts.md timeline row v5.12',
    ],
    unknown: ['stable: a feature, no backport expected; not checked'],
    replaces: ["models/xsk/xsk-socket.ts: v512 = atLeast(version, '5.12') (zero-copy build and build-before-reserve order)"],
  },
  // --- XSK TX after the seed ---
  {
    name: 'xsk-tx-empty-descs-stat',
    id: '8aa5a33578e9',
    title: 'xsk: Add new statistics',
    mainline: '5.9',
    stable: 'unknown',
    switches: 'tx_ring_empty_descs is counted (queue_empty_descs++ when the TX ring is empty).',
    sources: [
      'mail: Fixes: 8aa5a33578e9 ("xsk: Add new statistics") in Peilin Ye\'s xsk_getsockopt fix, Jul 2020',
      'mail: "[PATCH bpf-next 0/3] xsk: add new statistics", 8 Jul 2020 (bpf-next, so v5.9)',
      'reference: kernel-review-findings.md row 6 (model counts it from 5.19 only)',
    ],
    unknown: ['release inferred from the bpf-next date (Jul 2020), not read from a tag'],
    replaces: ['models/xsk/: tx_ring_empty_descs counted from 5.19 only (row 6; through reserveFirst, no own atLeast)'],
  },
  {
    name: 'xsk-tx-batch-32',
    id: 'e7a1c1300891',
    title: 'xsk: Align XDP socket batch size with DPDK',
    mainline: '5.13',
    stable: 'unknown',
    switches: 'TX_BATCH_SIZE 16 -> 32 in the generic xmit loop.',
    sources: [
      'kernel: e7a1c1300891d8f11d05b42665e299cc22a4b383 in torvalds/linux commit lists',
      'mail: Magnus Karlsson\'s ack of "[PATCH] xsk: align xdp socket batch size with dpdk" (23 Apr 2021), diff -16 +32',
      'reference: linux-kernel-facts.md "TX_BATCH_SIZE ... 32 from v5.13 onward"',
    ],
    unknown: ['release inferred from the bpf-next date (Apr 2021, after v5.12), not read from a tag'],
    replaces: ["models/xsk/constants.ts: txBatchSize atLeast(version, '5.13')"],
  },
  {
    name: 'xsk-aligned-validate-straddle-bug',
    id: 'ac31565c2193',
    title: 'xsk: Fix for xp_aligned_validate_desc() when len == chunk_size',
    mainline: '5.13',
    stable: { '5.12': '5.12.5' },
    switches: 'Known-bad upstream state: aligned validation checks only len > chunk_size, so straddling descriptors pass.',
    sources: [
      'kernel: ac31565c21937eee9117e43c9cd34f557f6f1cb8 in the bpf pull of 4 May 2021 and torvalds/linux commit lists',
      'stable: "[PATCH 5.12 210/363] xsk: Fix for xp_aligned_validate_desc() when len == chunk_size", 17 May 2021, review of 5.12.5 (363 patches)',
      'kernel: f654fae47e83 carries Fixes: ac31565c2193',
      'reference: linux-kernel-facts.md validation table row "v5.12.5/5.13-rc1 (ac31565c2193)"',
    ],
    unknown: ['mainline inferred from the bpf fixes pull date (May 2021, 5.13-rc)'],
    replaces: ['scenario/xdpsock bugStraddleValidation (hand switch) -> validationRuleFor straddle-bug'],
  },
  {
    name: 'xsk-aligned-validate-chunk-end',
    id: 'f654fae47e83',
    title: 'xsk: Fix broken Tx ring validation',
    mainline: '5.14',
    stable: { '5.13': '5.13.2' },
    switches: 'Aligned validation: chunk(addr) != chunk(addr + len - 1) is invalid (len 0 allowed); ends the straddle bug.',
    sources: [
      'kernel: f654fae47e83e56b454fbbfd0af0a4f232e356d6 in torvalds/linux commit lists',
      'stable: "[PATCH 5.13 481/800] xsk: Fix broken Tx ring validation", 12 Jul 2021, review of 5.13.2 (800 patches)',
      'reference: linux-kernel-facts.md validation table says "v5.13-rc7+"; the kernel disagrees: a 5.13 stable backport means v5.13.0 lacks it, so mainline is 5.14 and 5.13.0-5.13.1 still have the straddle bug',
    ],
    unknown: ['5.12.y backport not checked'],
    replaces: ["models/xsk/desc-validate.ts: validationRuleFor atLeast(version, '5.13') -> 'chunk-end'"],
  },
  {
    name: 'xsk-unaligned-validate-umem-end-skb',
    id: '2f99619820c2',
    title: 'xsk: Fix missing validation for skb and unaligned mode',
    mainline: '5.14',
    stable: 'unknown',
    switches: 'Copy/skb mode with unaligned UMEM rejects a descriptor whose buffer straddles the end of the UMEM.',
    sources: [
      'kernel: 2f99619820c2269534eb2c0cde44870313c6d353 next to f654fae47e83 in the same torvalds/linux revlist',
      'mail: patchwork-bot "[bpf] xsk: fix missing validation for skb and unaligned mode" -> bpf/bpf 2f99619820c2',
      'stable: a "[ Upstream commit 2f99619820c2 ]" backport mail exists; its branch was not read',
      'reference: kernel-review-findings.md row 7 calls it v5.13; it sits in one revlist with f654fae47e83, which 5.13.2 backported, so 5.14 is the likelier mainline',
    ],
    unknown: ['mainline: inferred (5.14) from the shared revlist, not read from a tag', 'stable branches and point releases'],
    replaces: ["models/xsk/desc-validate.ts: unaligned crossing the UMEM end accepted before atLeast(version, '6.4') (row 7)"],
  },
  {
    name: 'xsk-aligned-validate-offset',
    id: '0c5f48599bed',
    title: 'xsk: Simplify xp_aligned_validate_desc implementation',
    mainline: '6.4',
    stable: 'unknown',
    switches: "Aligned validation becomes (addr & (chunk_size - 1)) + len > chunk_size ('offset' rule).",
    sources: [
      'kernel: 0c5f48599bed55c13d6f979ea824554bdebdf2ad in torvalds/linux commit lists (next to for-6.4 merges)',
      'mail: "[PATCH bpf-next] xsk: Simplify xp_aligned_validate_desc implementation" (Kal Conley, Apr 2023, bpf-next)',
      'reference: linux-kernel-facts.md validation table row "~v6.4 (Kal Conley simplification ...; version [U])"',
    ],
    unknown: ['a simplification, no backport expected; not checked'],
    replaces: ["models/xsk/desc-validate.ts: validationRuleFor atLeast(version, '6.4') -> 'offset'"],
  },
  {
    name: 'xsk-unaligned-validate-umem-end',
    id: 'd769ccaf957f',
    title: 'xsk: Fix unaligned descriptor validation',
    mainline: '6.4',
    stable: { '5.10': '5.10.180', '6.2': '6.2.15', '6.3': '6.3.2' },
    switches: 'Unaligned descriptors that run past the end of the UMEM are rejected.',
    sources: [
      'kernel: d769ccaf957fe7391f357c0a923de71f594b8a2b in torvalds/linux commit lists',
      'mail: "[PATCH bpf-next v2 0/2] xsk: Fix unaligned descriptor validation", 6 Apr 2023 (bpf-next)',
      'stable: "[PATCH 5.10 164/381]" 15 May 2023 (5.10.180 review, 381 patches); "[PATCH 6.2 346/663]" 8 May 2023 (6.2.15 review, 663 patches); "[PATCH 6.3 392/694]" 8 May 2023 (6.3.2 review, 694 patches)',
      'reference: kernel-review-findings.md row 7 says 6.3-rc6; the kernel disagrees: it went through bpf-next and 6.3.2 backports it, so v6.3.0 lacks it and mainline is 6.4',
    ],
    unknown: ['5.15.y and 6.1.y backports not found (the search returned 5.10, 6.2 and 6.3 mails only)'],
    replaces: ["models/xsk/desc-validate.ts: UMEM-end check only from atLeast(version, '6.4') (row 7)"],
  },
  {
    name: 'xsk-cq-reserve-first',
    id: 'a6e944f25cdb',
    title: 'xsk: Fix generic transmit when completion queue reservation fails',
    mainline: '5.19',
    stable: { '5.15': '5.15.51', '5.18': '5.18.8' },
    switches: 'Generic TX reserves the CQ slot before building the skb and cancels it (xskq_prod_cancel) on failure.',
    sources: [
      'kernel: a6e944f25cdbe6b82275402b8bc9a55ad7aac10b in torvalds/linux commit lists; patchwork-bot applied "[PATCH bpf]" on 14 Jun 2022 (5.19-rc)',
      'stable: "[PATCH 5.15 039/135] xsk: Fix generic transmit when completion queue reservation fails", 27 Jun 2022; "This is the start of the stable review cycle for the 5.15.51 release. There are 135 patches"',
      'stable: "[PATCH 5.18 048/181] ...", 27 Jun 2022; the 5.18.8 review has 181 patches',
      'reference: kernel-review-findings.md row 1 (about 5.15.51); linux-kernel-facts.md calls the 5.15.y backport [U]: the stable mail settles it',
    ],
    unknown: ['5.10.y and older: not checked (they predate the build-before-reserve order of 9c8f21e6f885)'],
    replaces: [
      "models/xsk/xsk-socket.ts: reserveFirst = atLeast(version, '5.19')",
      "campaign/suites/xsk.ts: BUILD_BEFORE_RESERVE = ['5.12', '5.15']",
      "campaign/commands/xsk-socket.ts: BUILD_BEFORE_RESERVE = ['5.12', '5.15']",
    ],
  },
  {
    name: 'xsk-tx-multi-buffer',
    id: 'cf24f5a5feea',
    title: 'xsk: add support for AF_XDP multi-buffer on Tx path',
    mainline: '6.6',
    stable: 'unknown',
    switches: 'XSK TX multi-buffer (XDP_PKT_CONTD, XDP_USE_SG): packets of several descriptors, -EOVERFLOW past MAX_SKB_FRAGS.',
    sources: [
      'kernel: cf24f5a5feeaae34c1a34d1e04f8ac697290427a in a torvalds/linux commit list of the multi-buffer series',
      'mail: "[PATCH v2 bpf-next 08/22] xsk: add support for AF_XDP multi-buffer on Tx path", 29 May 2023',
      'reference: linux-kernel-facts.md §1.9 "Multi-buffer XSK TX (v6.6)"',
    ],
    unknown: ['a feature, no backport expected; not checked'],
    replaces: [
      "models/xsk/xsk-socket.ts: v66 = atLeast(version, '6.6')",
      "models/xsk/xdpsock.ts: descsPerPacket > 1 && !atLeast(cfg.kernel, '6.6')",
      "scenario/workloads/xdpsock-check.ts: !atLeast(v, '6.6') for descsPerPacket",
    ],
  },
  {
    name: 'xsk-tx-zero-len-desc-invalid',
    id: '07428da9e25a',
    title: 'xsk: discard zero length descriptors in Tx path',
    mainline: '6.6',
    stable: 'unknown',
    switches: 'A TX descriptor with len 0 is invalid.',
    sources: [
      'kernel: 07428da9e25a5dfae7252cd554c90557f9086a73 in the same multi-buffer series list as cf24f5a5feea',
      'reference: linux-kernel-facts.md validation table row "v6.6 ... adds len == 0 -> invalid"',
    ],
    unknown: ['a series patch, no backport expected; not checked'],
    replaces: ["models/xsk/xsk-socket.ts: v66 = atLeast(version, '6.6') (len 0 rule)"],
  },
  {
    name: 'xsk-copy-mb-frag-truesize',
    id: '2127c6043836',
    title: 'xsk: Add truesize to skb_add_rx_frag().',
    mainline: '6.8',
    stable: { '6.6': '6.6.19', '6.7': '6.7.7' },
    switches: 'Copy-mode multi-buffer charges PAGE_SIZE per extra page to truesize and sk_wmem_alloc.',
    sources: [
      'kernel: 2127c604383666675789fd4a5fc2aead46c73aad in torvalds/linux commit lists; "[PATCH bpf]" of 2 Feb 2024, applied 13 Feb 2024 (6.8-rc)',
      'stable: "[PATCH 6.6 229/299]" 27 Feb 2024 (6.6.19 review, 299 patches); "[PATCH 6.7 251/334]" 27 Feb 2024 (6.7.7 review, 334 patches)',
      'reference: kernel-review-findings.md row 3 ("6.7.y, 6.6.y likely"): the stable mails confirm both',
    ],
    unknown: [],
    replaces: ['models/xsk/multibuffer-xmit.ts: appendToSkb charges 0 (row 3; no atLeast today)'],
  },
  {
    name: 'xsk-cq-full-eagain',
    id: '5d0b204654de',
    title: 'xsk: Fix __xsk_generic_xmit() error code when cq is full',
    mainline: '6.15',
    stable: { '6.14': '6.14.2' },
    switches: 'A full CQ makes sendto() return -EAGAIN instead of 0.',
    sources: [
      'kernel: 5d0b204654de25615cf712be86c3192eca68ed80 in torvalds/linux commit lists next to for-6.15 merges',
      'stable: "[PATCH 6.14 631/731]" 8 Apr 2025 (6.14.2 review, 731 patches)',
      'reference: kernel-review-findings.md row 4',
    ],
    unknown: ['6.12.y/6.13.y: stable commit lists carry other hashes with this subject (4fcc40534a0d, 76281a6a8245, e04ff5697b83); their branches were not read'],
    replaces: ['models/xsk/: sendto returns 0 on a full CQ (row 4; no atLeast today)'],
  },
  // --- skb, slab and arch ---
  {
    name: 'skb-small-head-cache',
    id: 'bf9f1baa279f',
    title: 'net: add dedicated kmem_cache for typical/small skb->head',
    mainline: '6.3',
    stable: 'unknown',
    switches: 'Small skb heads come from skbuff_small_head instead of kmalloc-512/1k (truesize).',
    sources: [
      'kernel: bf9f1baa279f0758dc2297080360c5a616843927 in torvalds/linux commit lists',
      'mail: Fixes tags of later fixes quote bf9f1baa279f; a CVE write-up states "introduced in 6.3"',
      'reference: linux-kernel-facts.md "truesize of a copy-mode skb (x86_64, 6.3+ allocator)"',
    ],
    unknown: ['a feature, no backport expected; not checked'],
    replaces: ["models/kernel/arch.ts: skbSmallHeadCacheBytes atLeast(version, '6.3')"],
  },
  {
    name: 'max-skb-frags-config',
    id: '3948b05950fd',
    title: 'net: introduce a config option to tweak MAX_SKB_FRAGS',
    mainline: '6.4',
    stable: 'unknown',
    switches: 'MAX_SKB_FRAGS becomes CONFIG_MAX_SKB_FRAGS (17..45, default 17) independent of the page size.',
    sources: [
      'reference: linux-kernel-facts.md sizes table "MAX_SKB_FRAGS ... commit 3948b05950fd, merged for v6.4" [V skbuff.h copies + mails]',
    ],
    unknown: ['title quoted from memory and not re-read in the kernel this session', 'no backport expected; not checked'],
    replaces: [
      "models/kernel/arch.ts: maxSkbFragsFor atLeast(version, '6.4')",
      "models/kernel/arch.ts: options.maxSkbFrags && !atLeast(version, '6.4')",
    ],
  },
  {
    name: 'arm64-kmalloc-cache-line-align',
    id: '9382bc44b5f5',
    title: 'arm64: allow kmalloc() caches aligned to the smaller cache_line_size()',
    mainline: '6.5',
    stable: 'unknown',
    switches: 'arm64 ARCH_KMALLOC_MINALIGN 128 -> 8 and dma_get_cache_alignment() = cache_line_size() (CPU line, e.g. 64).',
    sources: [
      'kernel: 9382bc44b5f58ccee375f08f518e53c0280051dc quoted as the arm64 commit by later fixes ("kmalloc returns 8-byte aligned address after 9382bc44b5f5") and a 6.5.x stable Cc',
      'list: Catalin Marinas\'s 18-patch series in the 6.5 mm pull, with "dma: allow dma_get_cache_alignment() to be overridden by the arch code"',
      'reference: kernel-review-findings.md row 2 (corrects linux-kernel-facts.md, which has 128 for every version)',
    ],
    unknown: [
      'the mainline hash of the companion "dma: allow dma_get_cache_alignment() to be overridden by the arch code" (several tree copies listed)',
      'that dma_get_cache_alignment() moved in this commit rather than its companion: [M]',
    ],
    replaces: [
      "models/kernel/arch.ts: kmallocMinAlignBytes arm64 && !atLeast(version, '6.5')",
      'models/kernel/arch.ts: dmaAlignBytes arm64 = 128 for every version (row 2)',
    ],
  },
  {
    name: 'tcp-scaling-ratio',
    id: 'dfa2f0483360',
    title: 'tcp: get rid of sysctl_tcp_adv_win_scale',
    mainline: '6.6',
    stable: 'unknown',
    switches: 'tcp_win_from_space() uses the measured scaling_ratio instead of tcp_adv_win_scale.',
    sources: [
      'kernel: dfa2f0483360d4d6f2324405464c9f281156bd87 in torvalds/linux commit lists (net-next, Jul 2023)',
      'mail: "[PATCH net-next] tcp: get rid of sysctl_tcp_adv_win_scale", 17 Jul 2023',
    ],
    unknown: ['release inferred from the net-next date (after v6.5-rc), not read from a tag'],
    replaces: ["models/rx/tcp-window.ts: usesScalingRatio atLeast(version, '6.6')"],
  },
  // --- page_pool ---
  {
    name: 'page-pool-frag',
    id: '53e0961da1c7',
    title: 'page_pool: add frag page recycling support in page pool',
    mainline: '5.15',
    stable: 'unknown',
    switches: 'PP_FLAG_PAGE_FRAG and page_pool_alloc_frag(): pages split into fragments with pp_frag_count (BIAS_MAX).',
    sources: [
      'kernel: 53e0961da1c7bbdabd1abebb20de403ec237ec09 in a torvalds/linux commit list ("Merge branch add-frag-page-support-in-page-pool")',
      'mail: "[PATCH rfc v6 3/4] page_pool: add frag page recycling support in page pool", 20 Jul 2021',
      'reference: linux-kernel-facts.md timeline says v5.14; the kernel disagrees: the series was still an RFC on 20 Jul 2021, after the 5.14 merge window, so it entered 5.15',
    ],
    unknown: ['mainline 5.15 inferred from the RFC date, not read from a tag (no modelled kernel lies between 5.14 and 5.15, so behaviour does not depend on it)'],
    replaces: [
      "models/kernel/page-pool.ts: fragSupported atLeast(v, '5.14')",
      "models/kernel/page-pool.ts: allFlags atLeast(v, '5.14') ? 7",
      "scenario/workloads/mana-rx-check.ts: !atLeast(k, '5.15') (MANA RX page_pool needs fragments)",
    ],
  },
  {
    name: 'page-pool-frag-flag-removed',
    id: '09d96ee5674a',
    title: 'page_pool: remove PP_FLAG_PAGE_FRAG',
    mainline: '6.7',
    stable: 'unknown',
    switches: 'PP_FLAG_PAGE_FRAG is gone (BIT(2) rejected) and fragment support is always on.',
    sources: [
      'kernel: 09d96ee5674a0eaa800c664353756ecc45c4a87f in torvalds/linux commit lists; patchwork "[net-next,v12,2/5]" -> net-next 09d96ee5674a',
      'reference: linux-kernel-facts.md "PP_FLAG_PAGE_FRAG removed: commit 09d96ee5674a ... v6.7"',
    ],
    unknown: ['no backport expected; not checked'],
    replaces: [
      "models/kernel/page-pool.ts: allFlags atLeast(v, '6.7') ? 3",
      "models/kernel/page-pool.ts: unified = atLeast(v, '6.7')",
    ],
  },
  {
    name: 'page-pool-alloc-api',
    id: 'de97502e16fc',
    title: 'page_pool: introduce page_pool_alloc() API',
    mainline: '6.7',
    stable: 'unknown',
    switches: 'page_pool_alloc()/page_pool_dev_alloc() and page_pool_free_va() exist (tail added to the last fragment).',
    sources: [
      'kernel: de97502e16fc406a74edee8359612e518986cf59 in torvalds/linux commit lists; patchwork "[net-next,v12,3/5]"',
      'seed: mana-rx-page-pool-frags.patch.txt backport note "page_pool_free_va() was introduced in the 6.7 kernel"',
    ],
    unknown: ['that page_pool_free_va() came in this patch and not in its series neighbour: [M]'],
    replaces: ["scenario/workloads/mana-rx-check.ts: variant upstream-6x && !atLeast(k, '6.7')"],
  },
  {
    name: 'page-pool-bias-max-half',
    id: 'aaf153aecef1',
    title: 'page_pool: halve BIAS_MAX for multiple user references of a fragment',
    mainline: '6.8',
    stable: 'unknown',
    switches: 'A new fragment page starts at BIAS_MAX = LONG_MAX >> 1 instead of LONG_MAX.',
    sources: [
      'kernel: aaf153aecef1d1831d0d6d371d5c11cf02f0337e in torvalds/linux commit lists',
      'mail: "[PATCH net-next v10 2/4] page_pool: halve BIAS_MAX ...", 14 Dec 2023 (net-next, so 6.8)',
      'reference: linux-kernel-facts.md "6.8+: LONG_MAX >> 1"',
    ],
    unknown: ['release inferred from the net-next date, not read from a tag'],
    replaces: ["models/kernel/page-pool.ts: biasMax atLeast(v, '6.8')"],
  },
  {
    name: 'page-pool-netdev-quiet-warning',
    id: 'be0096676e23',
    title: 'net: page_pool: mute the periodic warning for visible page pools',
    mainline: '6.8',
    stable: 'unknown',
    switches: 'A pool registered to a netdev (netlink-visible) no longer prints the periodic stalled-shutdown warning.',
    sources: [
      'kernel: be0096676e230b43730b8936ac393d155b4e3262 in torvalds/linux commit lists; patchwork "[net-next,v4,12/13]"',
      'mail: "[PATCH net-next v2 14/15] net: page_pool: mute the periodic warning for visible page pools", 20 Nov 2023',
    ],
    unknown: [
      'the commits of the same series that add page_pool_params.netdev and the "id %u" message format were not identified',
    ],
    replaces: [
      "models/kernel/page-pool.ts: quiet = atLeast(env.version, '6.8') && pool.netdevRegistered",
      "models/kernel/page-pool.ts: release-retry message format atLeast(env.version, '6.8')",
      "models/mana/pool-ops.ts: netdev: atLeast(port.env.version, '6.8')",
    ],
  },
  {
    name: 'page-pool-system-pool-flag',
    id: '2b0cfa6e4956',
    title: 'net: add generic percpu page_pool allocator',
    mainline: '6.9',
    stable: 'unknown',
    switches: 'PP_FLAG_SYSTEM_POOL (BIT(2)) becomes a valid page_pool flag.',
    sources: [
      'kernel: 2b0cfa6e49566c8fa6759734cf821aa6e8271a9e (Lorenzo Bianconi, dated 12 Feb 2024) in torvalds/linux commit lists; patchwork "[v9,net-next,1/4]"',
      'reference: linux-kernel-facts.md says "6.8+: PP_FLAG_SYSTEM_POOL BIT(2)"; the kernel disagrees: the commit is net-next of Feb 2024, after v6.8-rc1, so 6.9',
    ],
    unknown: ['that PP_FLAG_SYSTEM_POOL is defined in this commit: [M]', 'release inferred from the net-next date'],
    replaces: ["models/kernel/page-pool.ts: allFlags atLeast(v, '6.8') ? 7"],
  },
  {
    name: 'page-pool-unreadable-netmem-flag',
    id: '8ab79ed50cf1',
    title: 'page_pool: devmem support',
    mainline: '6.12',
    stable: 'unknown',
    switches: 'PP_FLAG_ALLOW_UNREADABLE_NETMEM (BIT(3)) becomes a valid page_pool flag.',
    sources: [
      'kernel: 8ab79ed50cf10f338465c296012500de1081646f (Mina Almasry, 10 Sep 2024) in torvalds/linux commit lists; patchwork "[net-next,v26,05/13]"',
      'mail: devmem series review "v19: - Add PP_FLAG_ALLOW_UNREADABLE_NETMEM flag"',
      'reference: linux-kernel-facts.md "6.12+: PP_FLAG_ALLOW_UNREADABLE_NETMEM BIT(3)"',
    ],
    unknown: ['that the flag is in this patch of the series (the v19 note is quoted under a devmem patch): [M]'],
    replaces: ["models/kernel/page-pool.ts: allFlags atLeast(v, '6.12') ? 15"],
  },
  {
    name: 'page-pool-dma-mapped-tracking',
    id: 'ee62ce7a1d90',
    title: 'page_pool: Track DMA-mapped pages and unmap them when destroying the pool',
    mainline: '6.15',
    stable: 'unknown',
    switches: 'The pool tracks DMA-mapped pages in an xarray and unmaps still-mapped pages when it is released.',
    sources: [
      'kernel: ee62ce7a1d909ccba0399680a03c2dee83bcae95 in a torvalds/linux commit list ("Merge branch fix-late-dma-unmap-crash-for-page-pool")',
      'mail: "[RFC PATCH net-next] page_pool: Track DMA-mapped pages ...", 8 Mar 2025',
      'reference: linux-kernel-facts.md S-ppnew (~v6.15+ dma_mapped xarray)',
    ],
    unknown: ['stable: commit lists of stable trees carry it (8f58f3ed7953, 877ab4f2c663, ...); branches not read', 'the commit behind the 6.15 ring-size rule min(pool_size, 16384)'],
    replaces: [
      "models/kernel/page-pool.ts: dmaMapped atLeast(v, '6.15')",
      "models/kernel/page-pool.ts: ringCapacity atLeast(v, '6.15') (commit not identified, see unknown)",
    ],
  },
  // --- MANA ---
  {
    name: 'mana-gso-sge0-headroom',
    id: 'a43e8e9ffa0d',
    title: 'net: mana: Fix oversized sge0 for GSO packets',
    mainline: '6.6',
    stable: 'unknown',
    switches: 'MANA_HEADROOM grows to MAX_SKB_FRAGS + 2 SGEs (216 -> 232 bytes).',
    sources: [
      'kernel: a43e8e9ffa0d1de058964edf1a0622cbb7e27cfe in torvalds/linux commit lists; "[PATCH net,v2, 3/3]" Sep 2023 (net, so 6.6-rc)',
      'reference: kernel-review-findings.md "Smaller TX differences": came with this commit (6.6), not 6.1; linux-kernel-facts.md §4.1 "By v6.8" agrees',
    ],
    unknown: ['stable: a stable commit list carries 9c03d8c50447 with this subject; its branch was not read'],
    replaces: ["models/nic/netdev.ts: manaHeadroomBytes atLeast(version, '6.1')"],
  },
  {
    name: 'mana-jumbo-page-pool',
    id: 'fa37a8849634',
    title: 'net: mana: Switch to page pool for jumbo frames',
    mainline: '6.15',
    stable: 'unknown',
    switches: 'MANA jumbo RX buffers come from the page_pool with an order instead of napi_alloc_frag/netdev_alloc_frag.',
    sources: [
      'kernel: fa37a8849634db2dd3545116873da8cf4b1e67c6 in torvalds/linux commit lists; patchwork applied "[PATCH net,v2]" 28 Mar 2025 (6.15-rc)',
      'mail: a backport list says "Already applied via stable: 34baf1cfd679"',
      'reference: kernel-review-findings.md row 9 (Cc stable)',
    ],
    unknown: ['stable branches and point releases (34baf1cfd679 is a stable copy; its branch was not read)'],
    replaces: ["models/mana/: order-2 pool pages for variant 'pre-730ff06d' on 6.6 and 5.15 (row 9)"],
  },
  {
    name: 'mana-rx-page-pool-frags',
    id: '730ff06d3f5c',
    title: 'net: mana: Use page pool fragments for RX buffers instead of full pages to improve memory efficiency.',
    mainline: '6.18',
    stable: 'unknown',
    switches: 'MANA RX slices page_pool pages into MTU-sized fragments (full pages for jumbo or XDP).',
    sources: [
      'seed: mana-rx-page-pool-frags.patch.txt "(backported from commit 730ff06d3f5cc2ce0348414b78c10528b767d4a3 linux-next)", Ubuntu SRU to J:linux-azure 5.15, 5 Dec 2025',
      'reference: linux-kernel-facts.md S-mana-v5 ("[PATCH net-next v5]" 14 Aug 2025 = 730ff06d3f5c) and timeline "net-next Aug 2025 (~v6.18)"',
      'reference: kernel-review-findings.md row 8: as posted it leaves apc->bpf_prog set when mana_pre_alloc_rxbufs fails',
    ],
    unknown: [
      'mainline release inferred from net-next Aug 2025, not read from a tag',
      'stable branches; the Ubuntu backport is a distro kernel, not a stable branch',
      'the later mainline commit that restores the old XDP program (row 8)',
    ],
    replaces: ["models/mana/: variant strings 'pre-730ff06d' / 'upstream-6x' (hand list)"],
  },
] as const satisfies readonly KernelChangeEntry[];

/** The name of a registered kernel change. */
export type KernelChangeName = (typeof KERNEL_CHANGES)[number]['name'];

const BY_NAME: ReadonlyMap<string, KernelChangeEntry> = new Map(KERNEL_CHANGES.map((c) => [c.name, c]));

/** The registry entry for `name`; throws on a name that is not registered. */
export function kernelChange(name: KernelChangeName): KernelChangeEntry {
  const entry = BY_NAME.get(name);
  if (entry === undefined) throw new RangeError(`kernelChange: expected a registered kernel change name, found '${String(name)}'`);
  return entry;
}
