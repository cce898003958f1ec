/**
 * Checks of a `mana-rx` workload (scenario/workloads/mana-rx.ts), run before anything is
 * built: the kernel its variant needs, MTU limits, and what the model builders would refuse
 * with an error about the whole workload (a UDP load above the link, an XDP program with no
 * verdict, fractional kernel costs), each named by the field that sets it; and the buffer
 * slots the model allocates, for the scenario-wide MAX_MODEL_SLOTS bound.
 */
import { machineArch } from '../machine-arch.ts';
import { COST_PROFILES } from '../../models/kernel/cpu.ts';
import { has, kernelOf, kernelText, type KernelRef } from '../../models/kernel/kernel-of.ts';
import { manaDriverOf } from '../../models/mana/driver.ts';
import { manaMaxMtu, manaXdpMtuMax, rxGeometryOf } from '../../models/mana/rxbuf-cfg.ts';
import { XDP_ACTION_NAMES } from '../../models/mana/xdp.ts';
import type { ScenarioProblem } from '../problems.ts';
import type { ResolvedScenario } from '../schema.ts';
import { MIN_GBPS } from '../limits.ts';
import type { ManaRxWorkload } from './mana-rx.ts';

/**
 * The page_pool a driver alias needs, by the changes the kernel carries: the Ubuntu backports
 * pass PP_FLAG_PAGE_FRAG and open-code page_pool_free_va(), so they need a page_pool that still
 * has the flag (53e0961da1c7 without 09d96ee5674a: 5.15 to 6.6); 730ff06d as mainline has it
 * calls page_pool_free_va() (de97502e16fc, 6.7). Every MANA RX model needs page_pool
 * fragments (53e0961da1c7).
 */
function variantKernelProblem(w: ManaRxWorkload, scenario: ResolvedScenario, where: string): ScenarioProblem | null {
  const message = variantKernelMessage(w, scenario);
  if (message === null) return null;
  return { where: w.variant === undefined ? '$.machine.kernel' : `${where}.variant`, message };
}

function variantKernelMessage(w: ManaRxWorkload, scenario: ResolvedScenario): string | null {
  const ref = scenario.machine.kernel as KernelRef;
  const k = kernelOf(ref);
  const spec = kernelText(ref);
  if (!has(k, 'page-pool-frag')) return `MANA RX page_pool needs page_pool fragments (53e0961da1c7, 5.15), which machine.kernel ${spec} does not carry`;
  if (w.variant === undefined) return null;
  const hasFragFlag = !has(k, 'page-pool-frag-flag-removed');
  if (w.variant.startsWith('ubuntu-5.15') && !hasFragFlag) {
    return `variant ${w.variant} is the Ubuntu 5.15 backport (PP_FLAG_PAGE_FRAG, page_pool_free_va open-coded): it needs a kernel whose page_pool still has PP_FLAG_PAGE_FRAG (5.15 to 6.6, without 09d96ee5674a), found machine.kernel ${spec}`;
  }
  if (w.variant === 'upstream-6x' && !has(k, 'page-pool-alloc-api')) return `variant upstream-6x needs page_pool_free_va() (de97502e16fc, 6.7), which machine.kernel ${spec} does not carry`;
  return null;
}

export function manaRxCheck(w: ManaRxWorkload, scenario: ResolvedScenario, index: number): ScenarioProblem[] {
  const where = `$.workloads[${index}]`;
  const problems: ScenarioProblem[] = [];
  const kernel = variantKernelProblem(w, scenario, where);
  if (kernel !== null) problems.push(kernel);
  const badPages = scenario.machine.arch === 'x86_64' && scenario.machine.pageSizeBytes !== 4096;
  if (badPages) problems.push({ where: '$.machine.pageSizeBytes', message: 'x86_64 has only 4096-byte pages' });
  const mtu = startMtuProblem(w, scenario, kernel === null && !badPages);
  if (mtu !== null) problems.push({ where: `${where}.mtu`, message: mtu });
  if (w.flow.kind === 'udp' && w.flow.frameSizes && w.flow.frameSizes.values.length !== w.flow.frameSizes.weights.length) {
    problems.push({ where: `${where}.flow.frameSizes`, message: 'values and weights must have the same length' });
  }
  problems.push(...builderProblems(w, where));
  if (scenario.workloads.findIndex((x) => x.kind === 'mana-rx') === index) problems.push(...wholeNsCostProblems(scenario));
  return problems;
}

/**
 * The MTU a port can start with: ndev->max_mtu at probe is adapterMtuBytes - 14; a program
 * attached at start needs mtu <= MANA_XDP_MTU_MAX (mana_xdp_set()), and from 6bd81a5b4e0d the
 * attached program's max_mtu is min(MANA_XDP_MTU_MAX, adapterMtuBytes - 14), named as one rule.
 * `geometryKnown` is false when the kernel or page size is already reported wrong.
 */
function startMtuProblem(w: ManaRxWorkload, scenario: ResolvedScenario, geometryKnown: boolean): string | null {
  const adapterMax = w.adapterMtuBytes - 14;
  const adapterProblem = w.mtu > adapterMax ? `must be at most adapterMtuBytes - 14 = ${adapterMax}, found ${w.mtu}` : null;
  if (w.xdp === undefined || !geometryKnown) return adapterProblem;
  const m = scenario.machine;
  const geometry = rxGeometryOf(machineArch(m));
  const xdpMax = manaXdpMtuMax(geometry);
  if (manaDriverOf(m.kernel as KernelRef, w.variant).xdpMaxMtuClamp) {
    const maxMtu = manaMaxMtu(geometry, w.adapterMtuBytes, true, true);
    if (w.mtu <= maxMtu) return null;
    return `an XDP program needs mtu <= max_mtu = min(MANA_XDP_MTU_MAX = ${xdpMax} on ${m.pageSizeBytes}-byte pages, adapterMtuBytes - 14 = ${adapterMax}) = ${maxMtu} (6bd81a5b4e0d), found ${w.mtu}`;
  }
  if (adapterProblem !== null) return adapterProblem;
  return w.mtu > xdpMax ? `an XDP program needs mtu <= MANA_XDP_MTU_MAX = ${xdpMax} on ${m.pageSizeBytes}-byte pages, found ${w.mtu}` : null;
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
