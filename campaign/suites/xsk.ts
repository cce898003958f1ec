/**
 * Properties of XSK generic (copy-mode) transmit over generated `xdpsock` scenarios: kernels
 * drawn from the registry (today's classes, stable point releases on either side of every XSK
 * backport, the jammy linux-azure kernel, with/without sets of the XSK entries; see
 * XSK_KERNEL_DRAW in campaign/commands/xsk-socket.ts), every NIC the models know, architectures
 * and page sizes, UMEM frame sizes and aligned/unaligned mode, ring sizes small enough to fill
 * the completion ring and the NIC ring (TX_BUSY), small socket send buffers, invalid
 * descriptors, batch sizes that make the application reap slowly.
 *
 * Each case runs under runScenario: every invariant after every event, a drain, then the
 * workload's quiescence check (UMEM pages at their pin, sk_wmem_alloc at 1, every valid
 * descriptor completed once, CQ reservations balanced, DMA maps balanced). The properties add
 * checks on the finished run: P2 (no skb head reallocation from 5.12 on, on NICs that declare
 * their headroom and tailroom honestly) and P6 (socket memory never above sk_sndbuf plus one
 * skb).
 */
import fc from 'fast-check';
import { kernelText, type KernelRef } from '../../models/kernel/kernel-of.ts';
import { descRulesFor } from '../../models/xsk/desc-validate.ts';
import { buildsBeforeCqReserve } from '../../models/xsk/xsk-socket.ts';
import type { RunResult } from '../../scenario/run.ts';
import { XSK_KERNEL_DRAW } from '../commands/xsk-socket.ts';
import { propertyFailure } from '../failure.ts';
import type { CampaignProperty, ScenarioFile } from '../property.ts';
import { kernelSpecs, type KernelDrawOptions } from '../generators/kernel.ts';
import type { DriverName } from '../../models/drivers/index.ts';
import { archAndPageSize, flagsFromScenario, freesOnNextXmit, minCleanFrameBytes, minTxRingEntries, nicDrivers, powerOfTwo, seeds } from '../generators/machine.ts';

export interface XskGenOptions {
  /** A fixed list of kernels (the known-bad variants), or a registry draw (campaign/generators/kernel.ts). */
  kernels: readonly KernelRef[] | KernelDrawOptions;
  /** The drivers to draw from (default: every registered one). */
  drivers?: readonly DriverName[];
  /** Generic NICs may under-declare the headroom they need (P2 then does not apply). */
  honestNics?: boolean;
  /** On a kernel that builds before it reserves (buildsBeforeCqReserve) allow a completion ring smaller than the frames. */
  cqMayFillOnBuildBeforeReserve?: boolean;
  /** On every kernel, a completion ring at least as large as the frames (it can never fill). */
  cqNeverFull?: boolean;
  /** Known-bad switches to set on the workload. */
  bugs?: { bugV4WmemDoubleCharge?: boolean; bugV3TruesizeBytes?: boolean };
}

/**
 * P2 holds only on kernels that reserve headroom (3914d88f7608): every kernel drawn carries it
 * (campaign/generators/kernel.ts `require`); the 5.11 check is the known-bad variant.
 */
const XSK_HEADROOM_KERNEL_DRAW: KernelDrawOptions = { ...XSK_KERNEL_DRAW, require: ['xsk-generic-xmit-headroom'] };

function kernelArb(kernels: XskGenOptions['kernels']): fc.Arbitrary<KernelRef> {
  return Array.isArray(kernels) ? fc.constantFrom(...(kernels as readonly KernelRef[])) : (kernelSpecs(kernels as KernelDrawOptions) as fc.Arbitrary<KernelRef>);
}
const nicDraw = (honest: boolean) =>
  fc.record({
    txRingExp: fc.integer({ min: 3, max: 9 }),
    neededHeadroomBytes: fc.integer({ min: 0, max: 320 }),
    cowFraction: fc.double({ min: 0, max: honest ? 1 : 2, noNaN: true }),
    neededTailroomBytes: fc.constantFrom(0, 0, 4, 16),
    txSkbNoLinear: fc.boolean(),
    sg: fc.boolean(),
  });

type NicDraw = ReturnType<typeof nicDraw> extends fc.Arbitrary<infer T> ? T : never;

/** The NIC of a case and its tuning, from the drawn values, on the case's kernel. */
function nicSpec(driver: DriverName, n: NicDraw, kernel: KernelRef, honest: boolean) {
  const txRingEntries = Math.max(minTxRingEntries(driver, kernel), 2 ** n.txRingExp);
  const nic: Record<string, unknown> = { name: 'eth0', driver, txRingEntries };
  let tuning: Record<string, unknown> | undefined;
  if (flagsFromScenario(driver)) {
    nic.neededHeadroomBytes = n.neededHeadroomBytes;
    nic.neededTailroomBytes = n.neededTailroomBytes;
    nic.txSkbNoLinear = n.txSkbNoLinear;
    // A device that takes skbs with no linear part and cannot gather is not honest about it.
    nic.sg = honest && n.txSkbNoLinear ? true : n.sg;
    const cow = Math.floor(n.neededHeadroomBytes * n.cowFraction);
    tuning = { cowHeadroomBytes: honest ? Math.min(cow, n.neededHeadroomBytes) : cow };
  } else if (freesOnNextXmit(driver, kernel)) {
    // TX NAPI (virtio_net's napi_tx=1, the default since v4.x). The model's free-on-next-xmit
    // mode livelocks once the CQ or sk_sndbuf stops xmit calls with skbs unreaped (kernels
    // without napi_tx orphan the skb at xmit instead); see the campaign findings.
    tuning = { completionMode: 'napi' };
  }
  return { nic, tuning };
}

/** Generated xdpsock scenarios (one NIC, one kernel, one frame length per case). */
export function xskScenarios(options: XskGenOptions): fc.Arbitrary<ScenarioFile> {
  const drivers = options.drivers === undefined ? nicDrivers() : fc.constantFrom(...options.drivers);
  const honest = options.honestNics ?? true;
  return fc
    .record({
      seed: seeds(),
      machine: archAndPageSize(),
      kernel: kernelArb(options.kernels),
      nic: drivers.chain((driver) => nicDraw(honest).map((draw) => ({ driver, draw }))),
      frameSizeBytes: fc.constantFrom(2048, 4096),
      unaligned: fc.boolean(),
      packetSizeBytes: fc.oneof(fc.integer({ min: 14, max: 128 }), fc.integer({ min: 14, max: 4096 })),
      batchSize: fc.oneof(fc.constant(64), fc.integer({ min: 1, max: 128 })),
      numFrames: fc.integer({ min: 64, max: 512 }),
      txEntries: powerOfTwo(4, 11),
      cqEntries: powerOfTwo(2, 11),
      sndbufBytes: fc.constantFrom(212992, 212992, 65536, 16384, 4096),
      invalidEvery: fc.constantFrom(0, 0, 0, 5, 31),
      simTimeNs: fc.integer({ min: 20_000, max: 200_000 }),
    })
    .map((c) => {
      // Unaligned descriptors start 64 bytes into their frame (xdpsock's layout); with the
      // pre-5.12.5 aligned rule a descriptor of exactly chunk_size is invalid (the off-by-one of §1.5).
      const room = c.frameSizeBytes - (c.unaligned ? 64 : 0) - (descRulesFor(c.kernel).aligned === 'pre-5.12.5' ? 1 : 0);
      // A frame shorter than the driver's minimum (mlx5 ConnectX-4: 18 inline header bytes) draws
      // error CQEs, and a second error inside the devlink grace period leaves the SQ in error for
      // good (no TX watchdog in the model), so the drain cannot finish.
      const packetSizeBytes = Math.max(minCleanFrameBytes(c.nic.driver, c.kernel), Math.min(c.packetSizeBytes, room));
      const nic = nicSpec(c.nic.driver, c.nic.draw, c.kernel, honest);
      let cqEntries = c.cqEntries;
      if ((buildsBeforeCqReserve(c.kernel) && options.cqMayFillOnBuildBeforeReserve !== true) || options.cqNeverFull === true) {
        while (cqEntries < c.numFrames) cqEntries *= 2;
      }
      const workload: Record<string, unknown> = {
        kind: 'xdpsock',
        packetSizesBytes: [packetSizeBytes],
        batchSize: c.batchSize,
        frameSizeBytes: c.frameSizeBytes,
        numFrames: c.numFrames,
        txEntries: c.txEntries,
        cqEntries,
        unaligned: c.unaligned,
        sndbufBytes: c.sndbufBytes,
        invalidEvery: c.invalidEvery,
        warmupNs: 0,
        ...(options.bugs ?? {}),
      };
      if (nic.tuning !== undefined) workload.nicTuning = { eth0: nic.tuning };
      return {
        name: 'prop-xsk',
        seed: c.seed,
        bounds: { simTimeNs: c.simTimeNs, maxEvents: 500_000, drainTimeNs: 20_000_000 },
        machine: { ...c.machine, kernel: c.kernel },
        topology: { nics: [nic.nic] },
        workloads: [workload],
      };
    });
}

/** The kernel a generated case ran on, as resolved spec text ('5.15.50', '{"base":"6.6","with":[...]}'). */
export function xskCaseKernel(result: Pick<RunResult, 'resolved'>): string {
  const w = result.resolved.workloads[0] as unknown as { kernels?: KernelRef[] };
  return kernelText(w.kernels?.[0] ?? (result.resolved.machine.kernel as KernelRef));
}

/** The value of the single xdpsock instance's metric `name` (keys are xdpsock.<nic>.<kernel>.<size>.<name>). */
export function xskMetric<T = number>(result: RunResult, name: string): T {
  const key = Object.keys(result.metrics).find((k) => k.startsWith('xdpsock.') && k.endsWith(`.${name}`));
  if (key === undefined) throw new Error(`xsk property: no xdpsock metric '${name}' in ${Object.keys(result.metrics).join(', ')}`);
  return result.metrics[key] as T;
}

export function xskCoverage(result: RunResult): string[] {
  const e = xskMetric<Record<string, number>>(result, 'errors');
  const labels: string[] = [];
  if (e.cqFull > 0) labels.push('cq-full');
  if (e.eagainTxBusy > 0) labels.push('tx-busy');
  if (e.eagainSndbuf > 0) labels.push('sndbuf-full');
  if (e.eagainBatch > 0) labels.push('batch-limit');
  if (e.invalidDescs > 0) labels.push('invalid-desc');
  if (xskMetric(result, 'zerocopySkbs') > 0) labels.push('zerocopy-skb');
  if (xskMetric(result, 'skbHeadReallocs') > 0) labels.push('head-realloc');
  return labels;
}

export const xskLeaksAndCompletions: CampaignProperty = {
  name: 'xsk.leaks-and-completions',
  description: 'XSK generic TX on every kernel and NIC: no invariant breaks; after the drain UMEM pages, sk_wmem_alloc, CQ reservations and DMA maps are back at baseline and every valid descriptor completed exactly once (P1, P3, P4, P5).',
  checks: ['P1', 'P3', 'P4', 'P5'],
  scenarios: () => xskScenarios({ kernels: XSK_KERNEL_DRAW, honestNics: false }),
  coverage: xskCoverage,
};

/** Upper bound of one skb's truesize in a case: head bucket (< 2x its request) + struct + a chunk of frags. */
function maxSkbTruesizeBytes(file: RunResult['resolved']): number {
  const w = file.workloads[0] as unknown as Record<string, number>;
  const nic = file.topology.nics[0];
  const request = 320 + Math.max(64, nic.neededHeadroomBytes ?? 256) + 256 + (w.frameSizeBytes ?? 4096) + (nic.neededTailroomBytes ?? 0);
  return 2 * request + 256 + (w.frameSizeBytes ?? 4096);
}

export const xskSndbufBounded: CampaignProperty = {
  name: 'xsk.sndbuf-bounded',
  description: 'XSK generic TX: socket write memory never exceeds sk_sndbuf by more than one skb (the usage < sndbuf admission check) (P6).',
  checks: ['P6'],
  scenarios: () => xskScenarios({ kernels: XSK_KERNEL_DRAW }),
  check(result) {
    const peak = xskMetric(result, 'peakWmemBytes');
    const sndbuf = (result.resolved.workloads[0] as unknown as { sndbufBytes: number }).sndbufBytes;
    const bound = sndbuf + maxSkbTruesizeBytes(result.resolved);
    if (peak >= bound) {
      return propertyFailure(result, 'sock_alloc_send_pskb', 'P6-wmem-bounded-by-sndbuf', `peak sk_wmem_alloc ${peak} bytes >= sk_sndbuf ${sndbuf} + one skb (${bound - sndbuf})`);
    }
    return null;
  },
  coverage: xskCoverage,
};

export function noReallocCheck(result: RunResult) {
  const reallocs = xskMetric(result, 'skbHeadReallocs');
  const linearizations = xskMetric(result, 'linearizations');
  if (reallocs > 0 || linearizations > 0) {
    const nic = result.resolved.topology.nics[0];
    return propertyFailure(
      result,
      'pskb_expand_head',
      'P2-no-unwanted-realloc',
      `${reallocs} skb head reallocations and ${linearizations} linearizations on ${nic.driver} (declared headroom ${nic.neededHeadroomBytes ?? 'default'}) with kernel ${xskCaseKernel(result)}`,
    );
  }
  return null;
}

export const xskNoUnwantedRealloc: CampaignProperty = {
  name: 'xsk.no-unwanted-realloc',
  description: "On kernels that reserve the device's headroom (3914d88f7608), XSK generic TX never reallocates an skb head on a NIC that declares its headroom and tailroom honestly (P2).",
  checks: ['P2'],
  scenarios: () => xskScenarios({ kernels: XSK_HEADROOM_KERNEL_DRAW }),
  check: noReallocCheck,
  coverage: xskCoverage,
};

export const xskDeterminism: CampaignProperty = {
  name: 'xsk.determinism',
  description: 'XSK generic TX: the same scenario and seed give the same fingerprint, with and without per-event invariant checks (P7).',
  checks: ['P7'],
  scenarios: () => xskScenarios({ kernels: XSK_KERNEL_DRAW, honestNics: false }),
  determinism: true,
  coverage: xskCoverage,
};
