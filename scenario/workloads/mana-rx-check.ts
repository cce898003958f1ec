/**
 * Checks of a `mana-rx` workload (scenario/workloads/mana-rx.ts), run before anything is
 * built: the kernel its variant needs, MTU limits, and what the model builders would refuse
 * with an error about the whole workload (a UDP load above the link, an XDP program with no
 * verdict, fractional kernel costs), each named by the field that sets it; and the buffer
 * slots the model allocates, for the scenario-wide MAX_MODEL_SLOTS bound.
 */
import { archProfile, type ArchName } from '../../models/kernel/arch.ts';
import { COST_PROFILES } from '../../models/kernel/cpu.ts';
import { has, kernelOf } from '../../models/kernel/kernel-of.ts';
import type { KernelVersion } from '../../models/kernel/version.ts';
import { manaXdpMtuMax, rxGeometryOf } from '../../models/mana/rxbuf-cfg.ts';
import { XDP_ACTION_NAMES } from '../../models/mana/xdp.ts';
import type { ScenarioProblem } from '../problems.ts';
import type { ResolvedScenario } from '../schema.ts';
import { MIN_GBPS } from '../limits.ts';
import type { ManaRxWorkload } from './mana-rx.ts';

/** The kernel a variant needs: the Ubuntu backports run on 5.15; 730ff06d upstream needs 6.7+ (page_pool_free_va). */
function variantKernelProblem(w: ManaRxWorkload, scenario: ResolvedScenario): string | null {
  const k = scenario.machine.kernel as KernelVersion;
  if (w.variant.startsWith('ubuntu-5.15') && k !== '5.15') return `variant ${w.variant} is the Ubuntu 5.15 backport, found machine.kernel ${k}`;
  if (w.variant === 'upstream-6x' && !has(kernelOf(k), 'page-pool-alloc-api')) return `variant upstream-6x needs machine.kernel 6.x (page_pool_free_va, no PP_FLAG_PAGE_FRAG), found ${k}`;
  if (!has(kernelOf(k), 'page-pool-frag')) return `MANA RX page_pool needs machine.kernel 5.15 or later, found ${k}`;
  return null;
}

export function manaRxCheck(w: ManaRxWorkload, scenario: ResolvedScenario, index: number): ScenarioProblem[] {
  const where = `$.workloads[${index}]`;
  const problems: ScenarioProblem[] = [];
  const kernel = variantKernelProblem(w, scenario);
  if (kernel !== null) problems.push({ where: `${where}.variant`, message: kernel });
  if (w.mtu > w.adapterMtuBytes - 14) problems.push({ where: `${where}.mtu`, message: `must be at most adapterMtuBytes - 14 = ${w.adapterMtuBytes - 14}, found ${w.mtu}` });
  if (scenario.machine.arch === 'x86_64' && scenario.machine.pageSizeBytes !== 4096) problems.push({ where: '$.machine.pageSizeBytes', message: 'x86_64 has only 4096-byte pages' });
  if (w.xdp !== undefined && problems.length === 0) {
    const m = scenario.machine;
    const xdpMax = manaXdpMtuMax(rxGeometryOf(archProfile(m.arch as ArchName, m.pageSizeBytes, m.kernel as KernelVersion)));
    if (w.mtu > xdpMax) problems.push({ where: `${where}.mtu`, message: `an XDP program needs mtu <= MANA_XDP_MTU_MAX = ${xdpMax} on ${m.pageSizeBytes}-byte pages, found ${w.mtu}` });
  }
  if (w.flow.kind === 'udp' && w.flow.frameSizes && w.flow.frameSizes.values.length !== w.flow.frameSizes.weights.length) {
    problems.push({ where: `${where}.flow.frameSizes`, message: 'values and weights must have the same length' });
  }
  problems.push(...builderProblems(w, where));
  if (scenario.workloads.findIndex((x) => x.kind === 'mana-rx') === index) problems.push(...wholeNsCostProblems(scenario));
  return problems;
}

/**
 * What the model builders (models/mana/rx-sim.ts, models/rx/arrivals.ts, models/mana/xdp.ts,
 * EmpiricalDistribution) would refuse with an error about the whole workload, named here by
 * the field that sets it.
 */
function builderProblems(w: ManaRxWorkload, where: string): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const f = w.flow;
  if (f.kind === 'udp') {
    // createArrivals: each queue's share of the load must fit on the link.
    const link = f.linkGbps ?? 100;
    if (f.rateGbps / w.queues > link) {
      const share = w.queues === 1 ? '' : ` (${w.queues} queues of at most ${link} Gbit/s each)`;
      problems.push({ where: `${where}.flow.rateGbps`, message: `expected at most the link rate ${link * w.queues}${share}, found ${f.rateGbps}` });
    }
    if (f.frameSizes !== undefined && !f.frameSizes.weights.some((x) => x > 0)) {
      problems.push({ where: `${where}.flow.frameSizes.weights`, message: 'expected at least one positive weight, found none' });
    }
  }
  for (const field of ['xdp', 'xdpOnAttach'] as const) {
    const weights = w[field];
    if (weights !== undefined && !Object.values(weights).some((x) => x !== undefined && x > 0)) {
      problems.push({ where: `${where}.${field}`, message: `expected at least one verdict with a positive weight (${XDP_ACTION_NAMES.join(', ')}), found none` });
    }
  }
  // The reader spends appReadBytes * 8 / rate ns per read: below MIN_GBPS one read would take minutes.
  if (w.appRateGbps > 0 && w.appRateGbps < MIN_GBPS) {
    problems.push({ where: `${where}.appRateGbps`, message: `expected 0 (CPU-bound) or at least ${MIN_GBPS}, found ${w.appRateGbps}` });
  }
  return problems;
}

/** Kernel cost keys the RX path charges as they are (models/kernel/cpu.ts charge() takes whole ns). */
const WHOLE_NS_COSTS = Object.keys(COST_PROFILES.default).filter((k) => k !== 'memcpyBytesPerNs');

/** The MANA RX path charges kernel costs per call in whole ns, so their overrides must be whole. */
function wholeNsCostProblems(scenario: ResolvedScenario): ScenarioProblem[] {
  const overrides = scenario.machine.costOverrides as Record<string, number>;
  return WHOLE_NS_COSTS.filter((k) => overrides[k] !== undefined && !Number.isInteger(overrides[k])).map((k) => ({
    where: `$.machine.costOverrides.${k}`,
    message: `expected a whole number of ns (mana-rx charges kernel costs in whole ns), found ${overrides[k]}`,
  }));
}

/** RX buffers and the XDP_TX ring per queue, and the receive queue's skb places (models/mana/rx-sim.ts). */
export function manaRxModelSlots(w: ManaRxWorkload): number {
  const rcvbuf = w.flow.rcvbufBytes ?? (w.flow.kind === 'tcp' ? 6291456 : 212992);
  // createRcvQueue(rcvbuf, ceil(rcvbuf / minTruesize 320) + 16).
  return w.queues * (w.rxQueueSizeEntries + w.xdpTxRingEntries + Math.ceil(rcvbuf / 320) + 16);
}
