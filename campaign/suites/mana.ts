/**
 * Properties of MANA RX with page_pool fragments over generated `mana-rx` scenarios: kernels
 * drawn from the registry (campaign/generators/kernel.ts: 5.15, its stable releases and the
 * Ubuntu jammy linux-azure kernel, 6.6, 6.x, 7.3, and random with/without sets of the MANA
 * changes around them), so the driver each run models follows the kernel's commits (730ff06d
 * fragments, fa37a8849634 jumbo page_pool, 4c46beb807ef XDP restore, 6bd81a5b4e0d adapter
 * clamp); arm64 page sizes, MTUs from 68 to 9000, ring sizes, queues, TCP and UDP flows, slow
 * applications that keep pages in socket queues, XDP programs, and fault schedules: page,
 * page_pool and skb allocation failures, DMA-map failures, XDP attach/detach, MTU and
 * ring-size changes under traffic. A failure message names the kernel's spec.
 *
 * Each case runs under runScenario (invariants after every event, fault-free drain, then the
 * workload's leak check after ifdown: no skb alive, no lent buffer, every page_pool destroyed
 * with inflight 0, no DMA mapping, no page allocated). Properties add: P6 (the queue's ring
 * footprint equals the configuration's formula) and "the port comes up" (without injected
 * faults every open and reconfiguration succeeds).
 */
import fc from 'fast-check';
import type { RunResult } from '../../scenario/run.ts';
import type { KernelChangeName } from '../../models/kernel/features.ts';
import { kernelText, type KernelRef } from '../../models/kernel/kernel-of.ts';
import type { KernelSpec } from '../../models/kernel/kernel-spec.ts';
import type { ManaRxVariant } from '../../models/mana/driver.ts';
import { propertyFailure } from '../failure.ts';
import type { CampaignProperty, ScenarioFile } from '../property.ts';
import { archAndPageSize, allocAndDmaFaults, powerOfTwo, seeds } from '../generators/machine.ts';
import { kernelSpecs } from '../generators/kernel.ts';

/** The registered changes the MANA RX model switches on; the generators turn each on and off. */
export const MANA_KERNEL_TOGGLES: readonly KernelChangeName[] = ['mana-rx-page-pool-frags', 'mana-jumbo-page-pool', 'mana-xdp-set-restore-prog', 'mana-xdp-max-mtu-adapter-clamp'];

/** Kernels that carry 730ff06d as released: the fragment paths, the subject of the seed. */
const FRAGMENT_KERNELS = ['6.x', '7.3', 'ubuntu-jammy-azure-5.15'];

/**
 * Kernels for MANA properties: mainline 5.15 (with its stable releases and the jammy
 * linux-azure kernel), 6.6, today's 6.x class and 7.3 (which carries every MANA change), as they
 * are or with MANA changes switched around them. Every base has page_pool fragments
 * (53e0961da1c7), which the MANA RX model needs. With the default bases, two draws in three
 * come from the kernels that carry 730ff06d, so fragment pages shared by several skbs stay as
 * common as when two of three variants were fragment variants.
 */
export function manaKernels(bases?: readonly string[]): fc.Arbitrary<KernelSpec> {
  if (bases !== undefined) return kernelSpecs({ bases, toggles: MANA_KERNEL_TOGGLES });
  return fc.oneof(
    { arbitrary: kernelSpecs({ bases: ['5.15', '6.6', '6.x', '7.3'], toggles: MANA_KERNEL_TOGGLES }), weight: 1 },
    { arbitrary: kernelSpecs({ bases: FRAGMENT_KERNELS, toggles: MANA_KERNEL_TOGGLES, stable: false }), weight: 2 },
  );
}

export interface ManaGenOptions {
  /** Kernels to draw (default manaKernels()). */
  kernels?: fc.Arbitrary<KernelSpec>;
  /** A driver alias every case pins (a known-bad variant); absent: the driver follows the kernel. */
  variant?: ManaRxVariant;
  /** Probability weight of fault-free cases (the "port comes up" rule applies only to them). */
  faultFree?: boolean;
}

const xdpWeights: fc.Arbitrary<Record<string, number>> = fc.oneof(
  fc.constant({ pass: 1 }),
  fc.record({ pass: fc.integer({ min: 0, max: 9 }), drop: fc.integer({ min: 0, max: 3 }), tx: fc.integer({ min: 0, max: 2 }), redirect: fc.integer({ min: 0, max: 2 }) }).map((w) => (w.pass + w.drop + w.tx + w.redirect === 0 ? { pass: 1 } : w)),
);

function flows() {
  const udp = fc.record({
    kind: fc.constant('udp'),
    arrivals: fc.constantFrom('fixed', 'bursty'),
    rateGbps: fc.constantFrom(0.5, 2, 10, 40),
    burstFrames: fc.integer({ min: 1, max: 64 }),
    rcvbufBytes: fc.constantFrom(212992, 65536, 8192),
  });
  const tcp = fc.record({
    kind: fc.constant('tcp'),
    rcvbufBytes: fc.constantFrom(6291456, 262144, 16384),
    rttNs: fc.constantFrom(20_000, 100_000),
  });
  return fc.oneof(udp, tcp);
}

/**
 * XDP attach/detach, MTU and ring-size changes at any time in the first half of the run,
 * overlapping ones included (the driver serialises them like rtnl_lock).
 */
function atActions(simTimeNs: number) {
  const t = fc.integer({ min: 1, max: Math.floor(simTimeNs / 2) });
  return fc
    .array(
      fc.oneof(
        t.map((timeNs) => ({ kind: 'at', timeNs, action: 'xdp-attach' })),
        t.map((timeNs) => ({ kind: 'at', timeNs, action: 'xdp-detach' })),
        fc.record({ timeNs: t, value: fc.constantFrom(68, 576, 1500, 1501, 3506, 4000, 9000) }).map((f) => ({ kind: 'at', action: 'set-mtu', ...f })),
        fc.record({ timeNs: t, value: fc.constantFrom(128, 256, 1024) }).map((f) => ({ kind: 'at', action: 'set-ring-entries', ...f })),
      ),
      { maxLength: 4 },
    )
    .map((actions) => [...actions].sort((a, b) => a.timeNs - b.timeNs));
}

/** Generated mana-rx scenarios (one port, 1-4 queues). */
export function manaScenarios(options: ManaGenOptions): fc.Arbitrary<ScenarioFile> {
  return fc
    .record({
      seed: seeds(),
      machine: archAndPageSize(),
      cpus: fc.integer({ min: 1, max: 2 }),
      kernel: options.kernels ?? manaKernels(),
      mtu: fc.oneof(fc.constantFrom(1500, 1500, 9000, 3506), fc.integer({ min: 68, max: 9000 })),
      queues: fc.integer({ min: 1, max: 3 }),
      rxQueueSizeEntries: powerOfTwo(7, 10),
      flow: flows(),
      appRateGbps: fc.constantFrom(0, 0, 1, 5),
      xdp: fc.option(xdpWeights, { nil: undefined }),
      xdpOnAttach: xdpWeights,
      simTimeNs: fc.integer({ min: 300_000, max: 1_500_000 }),
      faultFree: options.faultFree === true ? fc.constant(true) : fc.boolean(),
    })
    .chain((c) =>
      fc.record({ at: atActions(c.simTimeNs), faults: c.faultFree ? fc.constant([]) : allocAndDmaFaults(c.simTimeNs) }).map(({ at, faults }) => {
        // Serialised reconfigurations take the port down for 100 us each: the run lasts until
        // all of them have finished, plus 200 us of traffic.
        const simTimeNs = Math.max(c.simTimeNs, (at[0]?.timeNs ?? 0) + at.length * 100_000 + 200_000, (at.at(-1)?.timeNs ?? 0) + 200_000);
        // Allocation or DMA-map failures while pre-allocated (non-pool) pages still sit in a
        // re-created ring hit the driver's own xdp_save_va overwrite leak (WARN_ON_ONCE in
        // mana_rx_skb, a real driver bug the model reproduces; campaign/findings/), and a failed
        // pre-allocation in mana_xdp_set() leaves apc->bpf_prog dangling on kernels without
        // 4c46beb807ef (row 8, a use-after-free the model reports), so fault windows end a
        // nanosecond before the first reconfiguration: at its own time the action would run
        // first (scheduled before the workload's fault-off event).
        const firstActionNs = at[0]?.timeNs;
        const clipped = (faults as Record<string, unknown>[])
          .map((f) => (firstActionNs === undefined ? f : { ...f, startNs: Math.min(f.startNs as number, firstActionNs - 1), endNs: Math.min(f.endNs as number, firstActionNs - 1) }))
          .filter((f) => (f.endNs as number) > (f.startNs as number));
        // A program attached from the start needs mtu <= MANA_XDP_MTU_MAX = PAGE_SIZE - 334 - 256.
        const mtu = c.xdp !== undefined ? Math.min(c.mtu, c.machine.pageSizeBytes - 590) : c.mtu;
        const workload: Record<string, unknown> = {
          kind: 'mana-rx',
          ...(options.variant === undefined ? {} : { variant: options.variant }),
          mtu,
          queues: c.queues,
          rxQueueSizeEntries: c.rxQueueSizeEntries,
          flow: c.flow,
          appRateGbps: c.appRateGbps,
          xdpOnAttach: c.xdpOnAttach,
        };
        if (c.xdp !== undefined) workload.xdp = c.xdp;
        return {
          name: 'prop-mana-rx',
          seed: c.seed,
          bounds: { simTimeNs, maxEvents: 3_000_000, drainTimeNs: 2_000_000_000 },
          machine: { ...c.machine, kernel: c.kernel, cpus: c.cpus },
          workloads: [workload],
          faults: [...clipped, ...at],
        };
      }),
    );
}

export function manaMetric<T = number>(result: RunResult, name: string): T {
  const key = `mana-rx.${name}`;
  if (!(key in result.metrics)) throw new Error(`mana property: no metric '${key}'`);
  return result.metrics[key] as T;
}

const hasAction = (result: RunResult, action: string) => result.resolved.faults.some((f) => f.kind === 'at' && f.action === action);
const hasAllocOrDmaFaults = (result: RunResult) => result.resolved.faults.some((f) => f.kind === 'alloc-fail' || f.kind === 'dma-map-fail');

/** The spec of the kernel a run modelled, for failure messages (kernelOf(ref).spec). */
export function manaKernelSpec(result: RunResult): string {
  return kernelText(result.resolved.machine.kernel as KernelRef);
}

export function manaCoverage(result: RunResult): string[] {
  const labels: string[] = [];
  if (manaMetric(result, 'pageFragAllocs') > 0) labels.push('jumbo-page-frag');
  if (manaMetric(result, 'xdpDanglingProg') > 0) labels.push('xdp-prog-dangling');
  if (manaMetric(result, 'refillFailures') > 0) labels.push('refill-failure');
  if (manaMetric(result, 'fragPagesShared') > 0) labels.push('frag-page-shared');
  if ((hasAction(result, 'xdp-attach') || hasAction(result, 'xdp-detach')) && manaMetric(result, 'preAllocBuffersUsed') > 0) labels.push('xdp-reattach-in-flight');
  if (hasAction(result, 'set-mtu') && manaMetric(result, 'rxPackets') > 0) labels.push('mtu-change-in-flight');
  if (manaMetric(result, 'stalledPools') > 0) labels.push('destroy-with-pages-held');
  if (manaMetric(result, 'xdpTx') > 0 || manaMetric(result, 'xdpRedirect') > 0) labels.push('xdp-tx-or-redirect');
  if ((manaMetric<Record<string, number>>(result, 'drops').skbAlloc ?? 0) > 0 || hasAllocOrDmaFaults(result)) labels.push('alloc-or-dma-faults');
  return labels;
}


export const manaLeaks: CampaignProperty = {
  name: 'mana.rx-leaks',
  description: 'MANA RX under faults and reconfiguration: no invariant breaks; after the drain and ifdown every page is home, every page_pool destroyed with inflight 0, no DMA mapping or skb left (P1, P4, P5).',
  checks: ['P1', 'P4', 'P5'],
  scenarios: () => manaScenarios({}),
  coverage: manaCoverage,
};

export const manaFootprint: CampaignProperty = {
  name: 'mana.rx-footprint',
  description: "MANA RX: the ring's memory footprint equals the configuration's formula (stride per pool buffer, a page per pre-allocated one) (P6).",
  checks: ['P6'],
  scenarios: () => manaScenarios({}),
  check(result) {
    const live = manaMetric(result, 'q0FootprintLiveBytes');
    const formula = manaMetric(result, 'q0FootprintFormulaBytes');
    if (live !== formula) {
      return propertyFailure(result, 'mana_alloc_rx_wqe', 'P6-footprint-formula', `kernel ${manaKernelSpec(result)}: queue 0 ring holds ${live} bytes, the configuration's formula gives ${formula}`);
    }
    return null;
  },
  coverage: manaCoverage,
};

/**
 * Without injected allocation or DMA faults, the port must come up and stay up, and no RX
 * refill may fail (a refill fails only under memory pressure).
 */
export function portComesUpCheck(result: RunResult) {
  if (hasAllocOrDmaFaults(result)) return null;
  const refillFailures = manaMetric(result, 'refillFailures');
  if (refillFailures > 0) {
    return propertyFailure(result, 'mana_refill_rx_oob', 'refill-without-memory-pressure', `kernel ${manaKernelSpec(result)}: ${refillFailures} RX buffer refills failed with no allocation fault injected (${manaMetric(result, 'kernelWarnings')} kernel log lines, variant ${manaMetric<string>(result, 'variant')})`);
  }
  if (manaMetric<boolean>(result, 'portUp') !== true) {
    return propertyFailure(
      result,
      'mana_open',
      'port-comes-up',
      `kernel ${manaKernelSpec(result)}: port down at the end of the main phase with no fault injected (${manaMetric(result, 'reconfigErrors')} failed opens or reconfigurations, ${manaMetric(result, 'kernelWarnings')} kernel log lines, variant ${manaMetric<string>(result, 'variant')})`,
    );
  }
  return null;
}

export const manaComesUp: CampaignProperty = {
  name: 'mana.rx-comes-up',
  description: 'MANA RX: without injected faults every open, reconfiguration and RX refill succeeds and the port is up at the end of traffic.',
  checks: ['liveness'],
  scenarios: () => manaScenarios({}),
  check: portComesUpCheck,
  coverage: manaCoverage,
};

export const manaDeterminism: CampaignProperty = {
  name: 'mana.determinism',
  description: 'MANA RX: the same scenario and seed give the same fingerprint, with and without per-event invariant checks (P7).',
  checks: ['P7'],
  scenarios: () => manaScenarios({}),
  determinism: true,
  coverage: manaCoverage,
};
