/**
 * The known-bad variants the campaign hunts (campaign/known-bad.ts), one per bug the kernel
 * really had. Each variant's property is one of the healthy properties with its generator
 * switched to the buggy model (a flag on, or the kernel before the fix) and otherwise as broad
 * as the healthy one, so "runs to find" measures the property, not a hand-aimed generator.
 */
import { runXskCase, xskCaseInputs, xskSystemConfigs } from '../commands/xsk-socket.ts';
import type { KnownBadVariant } from '../known-bad.ts';
import { manaCoverage, manaKernels, manaScenarios, portComesUpCheck } from './mana.ts';
import { noReallocCheck, xskCoverage, xskScenarios } from './xsk.ts';

const ZEROCOPY_KERNELS = ['5.12', '5.15', '5.19', '6.6', '6.x'] as const;

export const xskV4WmemDoubleCharge: KnownBadVariant = {
  name: 'xsk-v4-wmem-double-charge',
  description: "The XSK zero-copy series' v4: the skb head's truesize charged to sk_wmem_alloc a second time in xsk_build_skb_zerocopy() and released once, so socket memory leaks per packet.",
  expectInvariant: /quiescent-after-drain|wmem/,
  property: {
    name: 'known-bad.xsk-v4-wmem-double-charge',
    description: 'xsk.leaks-and-completions with bugV4WmemDoubleCharge on.',
    checks: ['P1'],
    scenarios: () => xskScenarios({ kernels: ZEROCOPY_KERNELS, honestNics: false, bugs: { bugV4WmemDoubleCharge: true } }),
    coverage: xskCoverage,
  },
  fix: () => [{ path: ['workloads', 0, 'bugV4WmemDoubleCharge'], value: false }],
};

export const xsk511NoHeadroom: KnownBadVariant = {
  name: 'xsk-5.11-no-headroom',
  description: 'Before v5.12 xsk_build_skb() allocated exactly len bytes with no headroom, so every driver that pushes a header reallocated the head of every skb (fixed by the seed series in 5.12).',
  expectInvariant: /P2-no-unwanted-realloc/,
  property: {
    name: 'known-bad.xsk-5.11-no-headroom',
    description: 'xsk.no-unwanted-realloc on 5.11.',
    checks: ['P2'],
    // The completion ring never fills, so the fixing kernel (5.12, which builds before it reserves) is clean.
    scenarios: () => xskScenarios({ kernels: ['5.11'], cqNeverFull: true }),
    check: noReallocCheck,
    coverage: xskCoverage,
  },
  fix: () => [{ path: ['machine', 'kernel'], value: '5.12' }],
};

export const xsk512BuildBeforeReserve: KnownBadVariant = {
  name: 'xsk-5.12-build-before-reserve',
  description: 'v5.12-5.18 built the skb (with the XSK destructor) before reserving its completion slot; on a full CQ kfree_skb ran the destructor, which wrote a completion into a slot never reserved (fixed by a6e944f25cdb in 5.19).',
  expectInvariant: /cq-submit-unreserved|desc-completed-once/,
  property: {
    name: 'known-bad.xsk-5.12-build-before-reserve',
    description: 'xsk.leaks-and-completions on 5.12 with completion rings that can fill.',
    checks: ['P3'],
    scenarios: () => xskScenarios({ kernels: ['5.12'], honestNics: false, cqMayFillOnBuildBeforeReserve: true }),
    coverage: xskCoverage,
  },
  fix: () => [{ path: ['machine', 'kernel'], value: '5.19' }],
};

export const mana515NoPageFrag: KnownBadVariant = {
  name: 'mana-5.15-no-page-frag',
  description: 'The MANA 730ff06d backport to 5.15 without PP_FLAG_PAGE_FRAG: on 5.15 page_pool_alloc_frag() WARNs and returns NULL without the flag, so fragment-mode queues cannot be filled (the port does not come up, or, after an XDP detach that re-creates the queues from pre-allocated pages, every refill fails and every packet drops).',
  expectInvariant: /port-comes-up|refill-without-memory-pressure/,
  property: {
    name: 'known-bad.mana-5.15-no-page-frag',
    description: 'mana.rx-comes-up on the 5.15 backport without PP_FLAG_PAGE_FRAG (kernels whose page_pool still needs the flag: 5.15, its stable releases and jammy linux-azure, with MANA changes switched around them).',
    checks: ['liveness'],
    // Not a real upstream or distro state (see models/mana/driver.ts), so an alias on kernels
    // that still have PP_FLAG_PAGE_FRAG, not a registry entry.
    scenarios: () => manaScenarios({ variant: 'ubuntu-5.15-no-page-frag', kernels: manaKernels(['5.15']) }),
    check: portComesUpCheck,
    coverage: manaCoverage,
  },
  fix: () => [{ path: ['workloads', 0, 'variant'], value: 'ubuntu-5.15' }],
};

export const xskV3TruesizeBytes: KnownBadVariant = {
  name: 'xsk-v3-truesize-bytes',
  description: "The XSK zero-copy series' v3: truesize (and sk_wmem_alloc) grew by the descriptor's len instead of the chunk size in aligned mode, so socket memory under-counted the UMEM memory each skb pins. Balanced on free, so no leak: only the footprint formula (P6) sees it.",
  expectInvariant: /P6-zerocopy-truesize-covers-chunk/,
  property: {
    name: 'known-bad.xsk-v3-truesize-bytes',
    description: 'xsk.socket-commands with bugV3TruesizeBytes on.',
    checks: ['P6'],
    scenarios: () => xskCaseInputs(xskSystemConfigs().map((c) => ({ ...c, bugs: { bugV3TruesizeBytes: true } }))),
    evaluate(input) {
      const run = runXskCase(input);
      return { result: run, failure: run.failure, coverage: run.coverage };
    },
  },
  fix: () => [{ path: ['config', 'bugs', 'bugV3TruesizeBytes'], value: false }],
};

export const KNOWN_BAD: readonly KnownBadVariant[] = [xskV4WmemDoubleCharge, xskV3TruesizeBytes, xsk511NoHeadroom, xsk512BuildBeforeReserve, mana515NoPageFrag];
