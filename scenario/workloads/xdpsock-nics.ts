/**
 * The NICs an `xdpsock` workload runs on (topology.nics, or the ones it names) and the
 * driver-profile overrides each gets from its topology entry and `nicTuning`.
 */
import type { NetDevOverrides } from '../../models/nic/netdev.ts';
import type { Nic, ResolvedScenario } from '../schema.ts';
import type { XdpsockSpec } from './xdpsock-schema.ts';

export function selectedNics(w: XdpsockSpec, scenario: ResolvedScenario): Nic[] {
  const all = scenario.topology.nics;
  return w.nics === undefined ? all : w.nics.map((n) => all.find((x) => x.name === n)).filter((x): x is Nic => x !== undefined);
}

export function nicOverrides(nic: Nic, tuning: XdpsockSpec['nicTuning']): NetDevOverrides {
  const o: Record<string, unknown> = { ifname: nic.name };
  if (nic.txRingEntries !== undefined) o.txRingEntries = nic.txRingEntries;
  if (nic.neededHeadroomBytes !== undefined) o.neededHeadroomBytes = nic.neededHeadroomBytes;
  if (nic.neededTailroomBytes !== undefined) o.neededTailroomBytes = nic.neededTailroomBytes;
  if (nic.txSkbNoLinear !== undefined) o.txSkbNoLinear = nic.txSkbNoLinear;
  if (nic.sg !== undefined) o.sg = nic.sg;
  if (nic.lineRateGbps !== undefined) o.lineRateMbps = nic.lineRateGbps * 1000;
  return { ...o, ...(tuning?.[nic.name] ?? {}) } as NetDevOverrides;
}

