/**
 * CPU costs of the MANA RX path and the receive stack that the kernel models do not charge
 * themselves. Each is a key of the machine's cost profile, so a scenario's `costOverrides`
 * can replace it; the defaults are estimates, named as such.
 */
import { phaseId, type CpuAccounting } from '../kernel/cpu.ts';

export interface ManaCosts {
  /** Per RX completion: CQE parse, WQE repost, doorbell share (mana_process_rx_cqe). Estimate. */
  manaRxCqeNs: number;
  /** napi_build_skb + skb_reserve/put + eth_type_trans + csum/hash (mana_build_skb). Estimate. */
  manaBuildSkbNs: number;
  /** One XDP program run. Estimate. */
  manaXdpProgNs: number;
  /** GRO + IP + TCP/UDP receive per frame, amortised by GRO (≈ 25-30 Gbit/s of 1500-byte frames per core). Estimate. */
  netRxStackNs: number;
  /** Per skb the reader dequeues (recvmsg bookkeeping, skb free). Estimate. */
  appPerSkbNs: number;
  readonly phaseMana: number;
  readonly phaseStack: number;
  readonly phaseApp: number;
}

export const MANA_COST_DEFAULTS = {
  manaRxCqeNs: 40,
  manaBuildSkbNs: 60,
  manaXdpProgNs: 40,
  netRxStackNs: 250,
  appPerSkbNs: 120,
} as const;

const cache = new WeakMap<CpuAccounting, ManaCosts>();

/** The MANA costs of a CPU accounting (profile value if present, else the default). */
export function manaCosts(acct: CpuAccounting): ManaCosts {
  let c = cache.get(acct);
  if (c === undefined) {
    const p = acct.costs as Readonly<Record<string, number>>;
    const pick = (k: keyof typeof MANA_COST_DEFAULTS) => Math.round(p[k] ?? MANA_COST_DEFAULTS[k]);
    c = {
      manaRxCqeNs: pick('manaRxCqeNs'),
      manaBuildSkbNs: pick('manaBuildSkbNs'),
      manaXdpProgNs: pick('manaXdpProgNs'),
      netRxStackNs: pick('netRxStackNs'),
      appPerSkbNs: pick('appPerSkbNs'),
      phaseMana: phaseId(acct, 'mana.rx'),
      phaseStack: phaseId(acct, 'net.rx-stack'),
      phaseApp: phaseId(acct, 'app.recv'),
    };
    cache.set(acct, c);
  }
  return c;
}
