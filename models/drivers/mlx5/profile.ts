/**
 * mlx5 ConnectX-4 Lx: 25 Gbit/s, a WQ of 1024, no IFF_TX_SKB_NO_LINEAR, L2 minimum inline of
 * 18 bytes, the queue and PCI identifiers of the seed's error log, and the devlink health
 * timings of the TX error-CQE recovery.
 */
import type { KernelRef } from '../../kernel/kernel-of.ts';
import type { NetDevOverrides, NetDevProfile } from '../../nic/netdev.ts';
import { buildNetDevProfile } from '../profile.ts';

export interface Mlx5Priv {
  /** Minimum inline header bytes the device requires (L2: ETH_HLEN + VLAN_HLEN = 18; 0 = none). */
  readonly minInlineBytes: number;
  /** Identifiers printed in the error CQE log. */
  readonly pciName: string;
  readonly cqn: number;
  readonly sqn: number;
  /** devlink health TX reporter grace period; a second error inside it is not recovered. */
  readonly recoveryGraceNs: number;
  /** Time the error CQE recovery work takes to reset and reopen the SQ. */
  readonly recoveryDelayNs: number;
}

// Mirrors mlx5e_build_nic_netdev() / mlx5e_open_txqsq() parameters, drivers/net/ethernet/mellanox/mlx5/core/en_main.c (v5.12).
export function mlx5Profile(_kernel: KernelRef, o: NetDevOverrides = {}): NetDevProfile<Mlx5Priv> {
  const priv: Mlx5Priv = {
    minInlineBytes: o.minInlineBytes ?? 18,
    pciName: '0000:3b:00.1',
    cqn: 0x817,
    sqn: 0x1dbb,
    recoveryGraceNs: o.recoveryGraceNs ?? 500_000_000,
    recoveryDelayNs: o.recoveryDelayNs ?? 100_000,
  };
  return buildNetDevProfile('mlx5', {
    ifname: 'eth1',
    txSkbNoLinear: false,
    txRingEntries: 1024,
    stopRoomSlots: 16,
    completionMode: 'napi',
    completionDelayNs: 8000,
    napiBudget: 128,
    devicePacketNs: 60,
    deviceBytesPerNs: 16,
    lineRateMbps: 25_000,
  }, o, priv);
}
