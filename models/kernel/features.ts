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
  // --- The XSK seed series (../shared/seeds/xsk-generic-zerocopy-xmit.patch.txt): mainline 5.13; the '5.12' class is 5.12 with it applied ---
  {
    name: 'netdev-tx-skb-no-linear',
    id: 'c2ff53d8049f',
    title: 'net: Add priv_flags for allow tx skb without linear',
    mainline: '5.13',
    stable: 'unknown',
    switches: 'IFF_TX_SKB_NO_LINEAR exists, so a driver can declare it accepts skbs with skb_headlen() == 0.',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 2 "net: add priv_flags for allow tx skb without linear"',
      'kernel: c2ff53d8049f30098153cd2d1299a44d7b124c57 in a torvalds/linux commit list next to 3914d88f7608 and 9c8f21e6f885',
      'reference: linux-kernel-facts.md timeline row v5.12 (seed series)',
      'kernel: "[GIT PULL] Networking for 5.13" (Jakub Kicinski, 28 Apr 2021, tag net-next-5.13, based on net-5.12-rc8) lists the seed series ("xsk: build skb by page (aka generic zerocopy xmit)", Alexander Lobakin\'s "xsk: Respect device\'s headroom and tailroom on generic xmit path"); v8 of the series was posted to bpf-next on 18 Feb 2021, inside the 5.12 merge window: the kernel says mainline 5.13, not 5.12 (the seed and linux-kernel-facts.md say 5.12). The \'5.12\' version class keeps meaning "5.12 with the seed series applied" (models/kernel/kernel-spec.ts SEED_SERIES_CLASS), so every 5.12 scenario keeps its behaviour, while \'5.12.5\' is a real 5.12.y without it',
    ],
    unknown: ['stable: a feature, no backport expected; not checked'],
    replaces: ["models/xsk/xsk-socket.ts: a device's txSkbNoLinear was honoured on every kernel (now only with this entry)"],
  },
  {
    name: 'virtio-net-tx-skb-no-linear',
    id: 'ab5bd583b928',
    title: 'virtio-net: Support IFF_TX_SKB_NO_LINEAR flag',
    mainline: '5.13',
    stable: 'unknown',
    switches: 'virtio_net sets IFF_TX_SKB_NO_LINEAR, so XSK generic TX builds zero-copy skbs for it.',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 3 "virtio-net: support IFF_TX_SKB_NO_LINEAR"',
      'kernel: ab5bd583b9289666e918f9e5f672d33ccdfd49b2 in the same torvalds/linux commit list',
      'kernel: "[GIT PULL] Networking for 5.13" (Jakub Kicinski, 28 Apr 2021, tag net-next-5.13, based on net-5.12-rc8) lists the seed series ("xsk: build skb by page (aka generic zerocopy xmit)", Alexander Lobakin\'s "xsk: Respect device\'s headroom and tailroom on generic xmit path"); v8 of the series was posted to bpf-next on 18 Feb 2021, inside the 5.12 merge window: the kernel says mainline 5.13, not 5.12 (the seed and linux-kernel-facts.md say 5.12). The \'5.12\' version class keeps meaning "5.12 with the seed series applied" (models/kernel/kernel-spec.ts SEED_SERIES_CLASS), so every 5.12 scenario keeps its behaviour, while \'5.12.5\' is a real 5.12.y without it',
    ],
    unknown: ['stable: a feature, no backport expected; not checked'],
    replaces: ["models/nic/netdev.ts: virtioNetProfile txSkbNoLinear = atLeast(version, '5.12')"],
  },
  {
    name: 'xsk-generic-xmit-headroom',
    id: '3914d88f7608',
    title: "xsk: Respect device's headroom and tailroom on generic xmit path",
    mainline: '5.13',
    stable: 'unknown',
    switches: 'XSK generic TX reserves hr = max(NET_SKB_PAD, L1_CACHE_ALIGN(needed_headroom)) and tailroom (0 before).',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 4 (Fixes: 35fcde7f8deb "xsk: support for Tx")',
      'kernel: 3914d88f7608e6c2e80e344474fa289370c32451 in a torvalds/linux commit list',
      'reference: linux-kernel-facts.md "Headroom and tailroom reservation (the seed\'s 4th patch, v5.12)"',
      'kernel: "[GIT PULL] Networking for 5.13" (Jakub Kicinski, 28 Apr 2021, tag net-next-5.13, based on net-5.12-rc8) lists the seed series ("xsk: build skb by page (aka generic zerocopy xmit)", Alexander Lobakin\'s "xsk: Respect device\'s headroom and tailroom on generic xmit path"); v8 of the series was posted to bpf-next on 18 Feb 2021, inside the 5.12 merge window: the kernel says mainline 5.13, not 5.12 (the seed and linux-kernel-facts.md say 5.12). The \'5.12\' version class keeps meaning "5.12 with the seed series applied" (models/kernel/kernel-spec.ts SEED_SERIES_CLASS), so every 5.12 scenario keeps its behaviour, while \'5.12.5\' is a real 5.12.y without it',
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
    mainline: '5.13',
    stable: 'unknown',
    switches: 'On IFF_TX_SKB_NO_LINEAR devices XSK generic TX adds UMEM pages as frags (no copy); truesize per chunk.',
    sources: [
      'seed: xsk-generic-zerocopy-xmit.patch.txt, patch 5 "xsk: build skb by page (aka generic zerocopy xmit)"',
      'kernel: 9c8f21e6f8856a96634e542a58ef3abf27486801 in a torvalds/linux commit list',
      'reference: linux-kernel-facts.md timeline row v5.12',
      'kernel: "[GIT PULL] Networking for 5.13" (Jakub Kicinski, 28 Apr 2021, tag net-next-5.13, based on net-5.12-rc8) lists the seed series ("xsk: build skb by page (aka generic zerocopy xmit)", Alexander Lobakin\'s "xsk: Respect device\'s headroom and tailroom on generic xmit path"); v8 of the series was posted to bpf-next on 18 Feb 2021, inside the 5.12 merge window: the kernel says mainline 5.13, not 5.12 (the seed and linux-kernel-facts.md say 5.12). The \'5.12\' version class keeps meaning "5.12 with the seed series applied" (models/kernel/kernel-spec.ts SEED_SERIES_CLASS), so every 5.12 scenario keeps its behaviour, while \'5.12.5\' is a real 5.12.y without it',
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
    switches: 'tx_ring_empty_descs is counted: queue_empty_descs++ after a copy-mode send loop that ran out of descriptors (in xskq_cons_read_desc() from 6.6).',
    sources: [
      'mail: "[PATCH bpf-next 1/3] xsk: add new statistics" (Ciara Loftus, 8 Jul 2020): adds u64 queue_empty_descs to struct xsk_queue and `xs->tx->queue_empty_descs++;` after the while loop of xsk_generic_xmit() (reached only when the loop runs out of descriptors; every other exit is a goto out)',
      'mail: "pull-request: bpf-next 2020-07-13" (Alexei Starovoitov, for net-next) lists "Ciara Loftus (3): xsk: Add new statistics": net-next after v5.8-rc, so mainline 5.9',
      'mail: Fixes: 8aa5a33578e9 ("xsk: Add new statistics") in Peilin Ye\'s xsk_getsockopt fix, Jul 2020; the reply "8aa5a33578e9 is not in stable branches yet"',
      'mail: "[PATCH v2 bpf-next 08/22] xsk: add support for AF_XDP multi-buffer on Tx path" (29 May 2023, cf24f5a5feea, 6.6) moves the count into xskq_cons_read_desc() (an empty ring on any read) and drops it after the loop',
      'reference: kernel-review-findings.md row 6 (model counted it from 5.19 only): the patch text agrees with the review',
    ],
    unknown: ['mainline 5.9 read from the bpf-next pull date (13 Jul 2020, net-next for 5.9), not from a tag'],
    replaces: ['models/xsk/generic-xmit.ts: tx_ring_empty_descs counted only with reserveFirst (from 5.19; row 6)'],
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
      'kernel: "[GIT PULL] Networking for 5.13" (Jakub Kicinski, 28 Apr 2021, tag net-next-5.13) lists "Li RongQing (1): xsk: Align XDP socket batch size with DPDK": mainline 5.13',
    ],
    unknown: ['stable: a tuning change, no backport expected; not checked'],
    replaces: ["models/xsk/constants.ts: txBatchSize atLeast(version, '5.13')"],
  },
  {
    name: 'xsk-aligned-validate-straddle-bug',
    id: 'ac31565c2193',
    title: 'xsk: Fix for xp_aligned_validate_desc() when len == chunk_size',
    mainline: '5.13',
    stable: { '5.12': '5.12.5' },
    switches: 'Known-bad upstream state: aligned validation checks only len > chunk_size (not the chunk of the last byte), so descriptors straddling two chunks pass.',
    sources: [
      'kernel: ac31565c21937eee9117e43c9cd34f557f6f1cb8 in the bpf pull of 4 May 2021 and torvalds/linux commit lists',
      'stable: "[PATCH 5.12 210/363] xsk: Fix for xp_aligned_validate_desc() when len == chunk_size", 17 May 2021, review of 5.12.5 (363 patches)',
      'kernel: f654fae47e83 carries Fixes: ac31565c2193',
      'reference: linux-kernel-facts.md validation table row "v5.12.5/5.13-rc1 (ac31565c2193)"',
    ],
    unknown: ['mainline inferred from the bpf fixes pull date (May 2021, 5.13-rc); consistent with f654fae47e83 (its fix) reaching 5.13 only in 5.13.2'],
    replaces: ['models/xsk/desc-validate.ts: the straddle rule only through the bugStraddleValidation switch (now also on kernels carrying this entry without f654fae47e83: 5.12.5+, 5.13.0, 5.13.1)'],
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
    replaces: ["models/xsk/desc-validate.ts: validationRuleFor atLeast(version, '5.13') -> 'chunk-end' (now descRulesFor)"],
  },
  {
    name: 'xsk-unaligned-validate-umem-end-skb',
    id: '2f99619820c2',
    title: 'xsk: Fix missing validation for skb and unaligned mode',
    mainline: '5.14',
    stable: { '5.13': '5.13.2' },
    switches: 'Copy mode, unaligned UMEM: a descriptor that crosses a page boundary and ends past the UMEM is invalid (skb path of xp_desc_crosses_non_contig_pg()).',
    sources: [
      'kernel: 2f99619820c2269534eb2c0cde44870313c6d353 next to f654fae47e83 in the same torvalds/linux revlist',
      'mail: patchwork-bot "[bpf] xsk: fix missing validation for skb and unaligned mode" -> bpf/bpf 2f99619820c2; "pull-request: bpf 2021-06-23" (Daniel Borkmann, for net) lists "Magnus Karlsson (2): xsk: Fix missing validation for skb and unaligned mode, xsk: Fix broken Tx ring validation"',
      'stable: "[PATCH 5.13 480/800] xsk: Fix missing validation for skb and unaligned mode", 12 Jul 2021, in the 5.13.2-rc1 review ("[PATCH 5.13 000/800] 5.13.2-rc1 review"), so v5.13.0 lacks it and mainline is 5.14',
      'stable: the patch text: xp_desc_crosses_non_contig_pg() returns false unless cross_pg, and for the skb path (no dma_pages) returns addr + len > pool->addrs_cnt; before it the skb path always returned false, so descriptors crossing the end of the UMEM were sent ("tricking the kernel to read outside the allowed umem region")',
      'reference: kernel-review-findings.md row 7 calls it v5.13; the kernel disagrees: 5.13 has it only from 5.13.2',
    ],
    unknown: ['stable: other branches (5.10.y, 5.12.y): many stable-rc commit lists carry copies of this subject next to f654fae47e83 copies; their branches were not read'],
    replaces: ["models/xsk/desc-validate.ts: unaligned crossing the UMEM end accepted before atLeast(version, '6.4') (row 7)", 'models/xsk/build-skb.ts: a frag on a page past the last UMEM page was an out-of-range typed-array write, now the umem-read-in-range violation'],
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
    switches: 'Unaligned descriptors ending past the UMEM are invalid whether or not they cross a page (in copy mode new only for a UMEM whose size is not a multiple of the page size).',
    sources: [
      'kernel: d769ccaf957fe7391f357c0a923de71f594b8a2b in torvalds/linux commit lists',
      'mail: "[PATCH bpf-next v2 0/2] xsk: Fix unaligned descriptor validation", 6 Apr 2023; patchwork-bot: "This series was applied to bpf/bpf-next.git (master)", [bpf-next,v2,1/2] -> d769ccaf957f (6 Apr 2023)',
      'stable: the patch text (6.3 backport): adds addr + desc->len > pool->addrs_cnt to xp_unaligned_validate_desc() and removes the skb-path end check of 2f99619820c2 from xp_desc_crosses_non_contig_pg(); its commit message: "descriptors in zero-copy mode that overrun the end of the UMEM but not a page boundary are (incorrectly) considered valid"',
      'stable: the 000 mails name the releases: "[PATCH 5.10 000/381] 5.10.180-rc1 review", "[PATCH 6.2 000/663] 6.2.15-rc1 review", "[PATCH 6.3 000/694] 6.3.2-rc1 review"',
      'stable: "[PATCH 5.10 164/381]" 15 May 2023 (5.10.180 review, 381 patches); "[PATCH 6.2 346/663]" 8 May 2023 (6.2.15 review, 663 patches); "[PATCH 6.3 392/694]" 8 May 2023 (6.3.2 review, 694 patches)',
      'reference: kernel-review-findings.md row 7 says 6.3-rc6; the kernel disagrees: it went through bpf-next and 6.3.2 backports it, so v6.3.0 lacks it and mainline is 6.4',
    ],
    unknown: ['5.15.y and 6.1.y: six stable-rc commit lists carry copies of this subject (two read: both linux-5.10.y); no 5.15 or 6.1 review mail was found, so those branches are not established'],
    replaces: ["models/xsk/desc-validate.ts: UMEM-end check only from atLeast(version, '6.4') (row 7; it was tied to the 6.4 'offset' rule)"],
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
      'stable: "[PATCH 6.6 229/299]" 27 Feb 2024 (6.6.19 review, 299 patches); "[PATCH 6.7 251/334]" 27 Feb 2024 (6.7.7 review, 334 patches); the 000 mails read "[PATCH 6.6 000/299] 6.6.19-rc1 review" and "[PATCH 6.7 000/334] 6.7.7-rc1 review"',
      'mail: the "[PATCH bpf]" text: skb_add_rx_frag(skb, nr_frags, page, 0, len, PAGE_SIZE) and refcount_add(PAGE_SIZE, &xs->sk.sk_wmem_alloc) in the copy branch of xsk_build_skb(); Fixes: cf24f5a5feea, so branches before 6.6 lack the code',
      'mail: "pull-request: bpf 2024-02-22" (Daniel Borkmann, for net) lists "Sebastian Andrzej Siewior (1): xsk: Add truesize to skb_add_rx_frag()." (6.8-rc)',
      'reference: kernel-review-findings.md row 3 ("6.7.y, 6.6.y likely"): the stable mails confirm both',
    ],
    unknown: [],
    replaces: ['models/xsk/multibuffer-xmit.ts: appendToSkb charged 0 (row 3)'],
  },
  {
    name: 'xsk-cq-full-eagain',
    id: '5d0b204654de',
    title: 'xsk: Fix __xsk_generic_xmit() error code when cq is full',
    mainline: '6.15',
    stable: { '6.13': '6.13.11', '6.14': '6.14.2' },
    switches: 'A full CQ makes sendto() return -EAGAIN instead of the last result (0).',
    sources: [
      'kernel: 5d0b204654de25615cf712be86c3192eca68ed80 in torvalds/linux commit lists next to for-6.15 merges',
      'stable: "[PATCH 6.14 631/731]" 8 Apr 2025 (6.14.2 review, 731 patches); "[PATCH 6.13 396/499]" 8 Apr 2025, and "[PATCH 6.13 000/499] 6.13.11-rc1 review"',
      'stable: the patch text: err = xsk_cq_reserve_addr_locked(xs->pool, desc.addr); if (err) { err = -EAGAIN; goto out; }, with Fixes: e6c4047f5122 ("xsk: Use xsk_buff_pool directly for cq functions", bpf-next Oct 2024, so 6.13): the fixed code exists from 6.13 on; older kernels also return 0 on a full CQ',
      'mail: "[PATCH net v2] xsk: fix __xsk_generic_xmit() error code when cq is full" (Wang Liang, 27 Feb 2025)',
      'reference: kernel-review-findings.md row 4',
    ],
    unknown: ['6.12.y and older: the Fixes: tag points at a 6.13 commit; whether an adapted backport reached them is not established (e04ff5697b83, a stable-rc copy next to "xsk: remove @first_frag from xsk_build_skb()", was not traced to a branch)'],
    replaces: ['models/xsk/generic-xmit.ts, multibuffer-xmit.ts: sendto returned 0 on a full CQ (row 4)'],
  },
  {
    name: 'xsk-tx-consumer-release-after-send',
    id: '1eb8b0dac189',
    title: 'net: xsk: update tx queue consumer immediately after transmission',
    mainline: '6.17',
    stable: 'unknown',
    switches: 'Copy mode publishes the TX ring consumer (__xsk_tx_release) at the end of every sendto() that sent a frame, not only on the next refill of its cached view.',
    sources: [
      'mail: "[PATCH net-next v6 1/2] net: xsk: update tx queue consumer immediately after transmission" (Jason Xing, 3 Jul 2025): adds __xsk_tx_release() (__xskq_cons_release(xs->tx) + sk_write_space) and calls it under `if (sent_frame)` at the out: label of __xsk_generic_xmit()',
      'mail: patchwork-bot: [net-next,v6,1/2] applied to netdev/net-next.git as 1eb8b0dac189; kernel: 1eb8b0dac1899c4f806b00253ac03b1a039663c0 in torvalds/linux commit lists',
      'kernel: "[GIT PULL] Networking for v6.17" (Jakub Kicinski, tag net-next-6.17, based on net-6.16-rc8) lists "Jason Xing (7): ... net: xsk: update tx queue consumer immediately after transmission": mainline 6.17',
      'reference: kernel-review-findings.md row 5 ("6.18 publishes the TX consumer ..., first release U"): the kernel says it is 6.17',
    ],
    unknown: ['stable: a net-next change without a Fixes: tag, no backport expected; none found'],
    replaces: ['models/xsk/ring.ts: the TX consumer published only on the next refill of the cached view, on every kernel (row 5)'],
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
      'mail: Catalin Marinas on a swiotlb-xen fix, "All the above patches went in at the same time in 6.5 ... commit 9382bc44b5f5 ... makes ARCH_KMALLOC_MINALIGN equal 8 on arm64": the series, the dma override included, entered together in 6.5',
      'kernel: arch/arm64/include/asm/cache.h after 6.5 reads "int cache_line_size(void);" and "#define dma_get_cache_alignment cache_line_size" (context lines of a later arm64 cache.h patch mail)',
    ],
    unknown: [
      'the mainline hash of the companion "dma: allow dma_get_cache_alignment() to be overridden by the arch code" (several tree copies listed)',
      'which of the two commits added the arm64 "#define dma_get_cache_alignment cache_line_size": [M] this one; both entered in 6.5, so no released kernel has one without the other and the model keys both behaviours on this entry',
    ],
    replaces: [
      "models/kernel/arch.ts: kmallocMinAlignBytes arm64 && !atLeast(version, '6.5')",
      'models/kernel/arch.ts: dmaAlignBytes arm64 = 128 for every version (row 2; now dmaCacheAlignment(): 128 without this entry, the CPU line of the machine profile with it)',
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
    stable: { '6.5': '6.5.7' },
    switches: 'MANA_HEADROOM grows to MAX_SKB_FRAGS + 2 SGEs (216 -> 232 bytes).',
    sources: [
      'kernel: a43e8e9ffa0d1de058964edf1a0622cbb7e27cfe in torvalds/linux commit lists; patchwork-bot: "[net,v2,3/3] net: mana: Fix oversized sge0 for GSO packets" applied to netdev/net.git as a43e8e9ffa0d (posted 29 Sep 2023, net during 6.6-rc, so 6.6)',
      'stable: "[PATCH 6.5 000/163] 6.5.7-rc1 review", 9 Oct 2023: the shortlog lists "net: mana: Fix oversized sge0 for GSO packets" (Haiyang Zhang), so 6.5.7 carries it',
      'reference: kernel-review-findings.md "Smaller TX differences": came with this commit (6.6), not 6.1; linux-kernel-facts.md §4.1 "By v6.8" agrees',
    ],
    unknown: [
      'mainline 6.6 inferred from the net tree date (Sep/Oct 2023, 6.6-rc) and the 6.5.7 backport, not read from a tag',
      '6.1.y and older branches: no stable review mail found; other stable commit lists carry copies (9c03d8c50447, 21f33ba9dfc5, eba44cd30948) whose branches were not read',
    ],
    replaces: ["models/nic/netdev.ts: manaHeadroomBytes atLeast(version, '6.1')"],
  },
  {
    name: 'mana-jumbo-page-pool',
    id: 'fa37a8849634',
    title: 'net: mana: Switch to page pool for jumbo frames',
    mainline: '6.15',
    stable: { '6.12': '6.12.24', '6.13': '6.13.12', '6.14': '6.14.3' },
    switches: 'MANA buffers larger than a page come from the page_pool (pprm.order = get_order(alloc_size)) and dev_alloc_pages() instead of napi_alloc_frag()/netdev_alloc_frag().',
    sources: [
      'kernel: fa37a8849634db2dd3545116873da8cf4b1e67c6 in torvalds/linux commit lists; patchwork-bot applied "[PATCH net,v2]" to netdev/net.git on 28 Mar 2025, after v6.14 (24 Mar), so 6.15-rc1',
      'stable: "[PATCH 6.12 355/393] net: mana: Switch to page pool for jumbo frames", 17 Apr 2025 ("commit fa37a8849634... upstream", In-Reply-To the 6.12.24 review of 393 patches)',
      'stable: "[PATCH 6.13 377/414] net: mana: Switch to page pool for jumbo frames", 17 Apr 2025 (6.13.12 review, 414 patches)',
      'stable: the 6.14.3 review cover ("There are 449 patches", 17 Apr 2025) lists "Haiyang Zhang: net: mana: Switch to page pool for jumbo frames"',
      'stable: "FAILED: patch \"[PATCH] net: mana: Switch to page pool for jumbo frames\" failed to apply to 6.6-stable tree", Greg Kroah-Hartman, 17 Apr 2025; its diff shows the pre-fix code: napi_alloc_frag()/netdev_alloc_frag() when alloc_size > PAGE_SIZE, a compound_order() check, and no pprm.order',
      'mail: the commit says "Frag allocators, such as netdev_alloc_frag(), were not designed to work for fragsz > PAGE_SIZE" (Fixes: 80f6215b450e "net: mana: Add support for jumbo frame")',
      'reference: kernel-review-findings.md row 9 (Cc stable)',
    ],
    unknown: [
      'mainline 6.15 inferred from the net apply date (after v6.14) and the 6.14.3 backport, not read from a tag',
      '6.6.y: the backport failed to apply on 17 Apr 2025; no later 6.6.y backport mail was found (6.6 is modelled without it)',
    ],
    replaces: ["models/mana/: order-2 pool pages for variant 'pre-730ff06d' on 6.6 and 5.15 (row 9)"],
  },
  {
    name: 'mana-rx-page-pool-frags',
    id: '730ff06d3f5c',
    title: 'net: mana: Use page pool fragments for RX buffers instead of full pages to improve memory efficiency.',
    mainline: '6.18',
    stable: 'unknown',
    switches: 'MANA RX slices page_pool pages into MTU-sized fragments (full pages for jumbo or XDP); XDP attach/detach re-creates the queues.',
    sources: [
      'mail: "[PATCH net-next v5] net: mana: Use page pool fragments for RX buffers ...", Dipayaan Roy, 14 Aug 2025 (msgid 20250814140410.GA22089, the seed\'s Link:); patchwork-bot: applied to netdev/net-next.git as 730ff06d3f5c on 19 Aug 2025',
      'kernel: 730ff06d3f5cc2ce0348414b78c10528b767d4a3 in torvalds/linux commit lists; net-next for 6.18 was merged by "Merge tag \'net-next-6.18\'" (07fdad3a9375, 2 Oct 2025), the base of "[GIT,PULL] Networking for v6.18-rc1"',
      'mail: the applied v5 ("Changes in v5: Switch to old_prog on allocation/reconfig failure in mana_xdp_set") restores apc->bpf_prog only at err_dealloc_rxbuffs (detach/attach failure); mana_pre_alloc_rxbufs() failure still returns before it (reviewer on v4: "I think you already replaced the bpf program at this point?")',
      'seed: mana-rx-page-pool-frags.patch.txt "(backported from commit 730ff06d3f5cc2ce0348414b78c10528b767d4a3 linux-next)", Ubuntu SRU to J:linux-azure 5.15, 5 Dec 2025: same mana_xdp_set() error paths as v5, plus PP_FLAG_PAGE_FRAG',
      'reference: linux-kernel-facts.md S-mana-v5 and timeline "net-next Aug 2025 (~v6.18)"; kernel-review-findings.md row 8',
    ],
    unknown: [
      'mainline 6.18 read from the net-next-6.18 merge, not from the v6.18 tag itself',
      'stable: a feature, no backport expected; later fixes with Fixes: 730ff06d3f5c and Cc stable (swiotlb DMA sync, RX skb truesize f73896b4197e) are not modelled',
    ],
    replaces: ["models/mana/: variant strings 'pre-730ff06d' / 'upstream-6x' (hand list)"],
  },
  {
    name: 'mana-xdp-max-mtu-adapter-clamp',
    id: '6bd81a5b4e0d',
    title: 'net: mana: Fall back to standard MTU when PF reports adapter_mtu of 0',
    mainline: '7.2',
    stable: 'unknown',
    switches: 'With XDP attached, ndev->max_mtu = min(MANA_XDP_MTU_MAX, adapter_mtu - ETH_HLEN) instead of MANA_XDP_MTU_MAX.',
    sources: [
      'mail: "[PATCH net] net: mana: Fall back to standard MTU when PF reports adapter_mtu of 0", Erni Sri Satya Vennela, 18 Jun 2026 (Fixes: d7709812e13d); its mana_bpf.c hunk replaces "ndev->max_mtu = MANA_XDP_MTU_MAX" by "min_t(unsigned int, MANA_XDP_MTU_MAX, gc->adapter_mtu - ETH_HLEN)"',
      'mail: patchwork-bot, 25 Jun 2026: applied to netdev/net.git (main) as 6bd81a5b4e0d',
      'kernel: 6bd81a5b4e0dbec2feb94a456bca9d9f00bc14b3 in net-queue/mainline commit lists after "Merge tag \'rust-fixes-7.2\'" (7.2 merge window, June 2026); torvalds/linux mana_bpf.c at 0b9828c7231e (merge of v7.3-rc4) has the min_t() clamp',
      'stable: a linux-7.1.y stable push (24 Jul 2026) carries it as 7d47925c2c64; its point release was not read',
      'reference: kernel-review-findings.md row 10',
    ],
    unknown: [
      'mainline 7.2 inferred from the net apply date (25 Jun 2026, 7.2 merge window), not read from a tag',
      'stable point releases (7.1.y carries it; 6.18.y and older not checked); the adapter_mtu == 0 fallback of the same commit is not modelled (adapterMtuBytes is at least 1514)',
    ],
    replaces: ['models/mana/rxbuf-cfg.ts: manaMaxMtu with XDP = MANA_XDP_MTU_MAX for every kernel (row 10)'],
  },
  {
    name: 'mana-xdp-set-restore-prog',
    id: '4c46beb807ef',
    title: 'net: mana: restore the XDP program pointer when pre-allocation fails',
    mainline: '7.3',
    stable: 'unknown',
    switches: 'mana_xdp_set() puts apc->bpf_prog back to the old program when mana_pre_alloc_rxbufs() fails (before: left at the program the caller frees).',
    sources: [
      'kernel: torvalds/linux drivers/net/ethernet/microsoft/mana/mana_bpf.c at 0b9828c7231e (merge of v7.3-rc4): "apc->bpf_prog = old_prog; return err;" after mana_pre_alloc_rxbufs() fails; the same file at db5302ae571b (before 730ff06d) has no pre-allocation in mana_xdp_set()',
      'kernel: 4c46beb807efcc93f5899ebe1f5958248eb296c6 "net: mana: restore the XDP program pointer when pre-allocation fails" in commit lists of the net fixes for 7.3-rc (mm tree push of 11 Sep 2026, next to "Merge tag \'nf-26-09-07\'")',
      'mail: Sashiko AI review of 6bd81a5b4e0d, 20 Jun 2026: "If mana_pre_alloc_rxbufs() fails, it returns directly rather than jumping to the err_dealloc_rxbuffs label. This bypasses the cleanup step that restores apc->bpf_prog = old_prog"; the author (22 Jun 2026): "I\'ll take this up in a different patch"',
      'stable: a linux-7.2.y stable-rc push (17 Sep 2026) carries it as beb7b53ae6db; other stable copies (5b3cdc9abd82, 997090887d36, 1d0ceb6641af, 7675d86da710, 895a3c1f8746, c6e427b27ab4) were not placed on branches',
      'reference: kernel-review-findings.md row 8 (release of the restore U)',
    ],
    unknown: [
      'mainline 7.3 inferred from the 7.3-rc commit lists and the v7.3-rc4 tree, not read from a tag',
      'the patch mail and its stable point releases (7.2.y carries it; 6.18.y not checked)',
    ],
    replaces: ["models/mana/reconfig.ts: port.variant === 'upstream-6x' restores bpfProg on pre-alloc failure (row 8)"],
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
