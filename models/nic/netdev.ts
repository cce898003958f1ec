/**
 * NIC transmit profiles: what a driver declares to the stack (priv flags, features,
 * needed_headroom/tailroom), what it really needs, its TX ring, how it learns of completions
 * and how fast the device drains the ring.
 *
 * Profiles: virtio_net (IFF_TX_SKB_NO_LINEAR, header pushed into headroom or sent as its own
 * SG entry, freed on the next xmit or by TX NAPI, no DMA API without ACCESS_PLATFORM),
 * mlx5 ConnectX-4 Lx (no IFF_TX_SKB_NO_LINEAR, L2 minimum inline of 18 bytes), mana TX
 * (needed_headroom 216 before v6.1, 232 after; skb_cow_head on every skb) and generic (every
 * knob from the scenario).
 * Simplified: one TX queue per device; the device side is a single server whose per-packet time
 * is a fixed cost plus a per-byte cost, then the wire at line rate. The mana driver appeared in
 * v5.13; on '5.11' and '5.12' the mana profile is the hypothetical "that driver on that XSK core"
 * the seed's headroom patch argues about (216-byte MANA_HEADROOM).
 */
import { has, kernelOf, type KernelRef } from '../kernel/kernel-of.ts';

export type NicKind = 'virtio_net' | 'mlx5' | 'mana' | 'generic';
export type CompletionMode = 'napi' | 'free-on-next-xmit';

export interface NetDevProfile {
  readonly kind: NicKind;
  readonly ifname: string;
  /** IFF_TX_SKB_NO_LINEAR: the driver accepts skbs with skb_headlen() == 0. */
  readonly txSkbNoLinear: boolean;
  /** NETIF_F_SG: without it validate_xmit_skb() linearizes non-linear skbs. */
  readonly sg: boolean;
  /** dev->needed_headroom / needed_tailroom as declared. */
  readonly neededHeadroomBytes: number;
  readonly neededTailroomBytes: number;
  /** Headroom the driver really needs: skb_cow_head(skb, this) on every skb (0: never). */
  readonly cowHeadroomBytes: number;
  /** Descriptors in the TX ring. */
  readonly txRingEntries: number;
  /** The driver stops the queue when fewer free slots than this remain after a post. */
  readonly stopRoomSlots: number;
  /** Each packet takes one ring slot (indirect descriptors, one WQE) or one per SG entry. */
  readonly slotPerSg: boolean;
  /** How completions reach the driver. */
  readonly completionMode: CompletionMode;
  /** Interrupt + NAPI scheduling latency after the device completes (coalescing). */
  readonly completionDelayNs: number;
  /** Most completions one NAPI poll handles. */
  readonly napiBudget: number;
  /** Device per-packet service time and per-byte rate (virtio: the host backend; NICs: DMA). */
  readonly devicePacketNs: number;
  readonly deviceBytesPerNs: number;
  /** Line rate in Mbit/s, 0 for none (a virtio backend not limited by a wire). */
  readonly lineRateMbps: number;
  /** Whether the driver maps through the DMA API (virtio: only with VIRTIO_F_ACCESS_PLATFORM). */
  readonly usesDmaApi: boolean;
  /** virtio_net: header length (10 legacy, 12 mergeable/v1, 20 hash report). */
  readonly virtioHdrBytes: number;
  /** virtio_net: VIRTIO_F_ANY_LAYOUT / VERSION_1 (the header may share an SG entry with data). */
  readonly virtioAnyHeaderSg: boolean;
  /** mlx5: minimum inline header bytes the device requires (L2: ETH_HLEN + VLAN_HLEN = 18; 0 = none). */
  readonly minInlineBytes: number;
  /** mlx5: identifiers printed in the error CQE log. */
  readonly pciName: string;
  readonly cqn: number;
  readonly sqn: number;
  /** mlx5: devlink health TX reporter grace period; a second error inside it is not recovered. */
  readonly recoveryGraceNs: number;
  /** mlx5: time the error CQE recovery work takes to reset and reopen the SQ. */
  readonly recoveryDelayNs: number;
}

export type NetDevOverrides = Partial<Omit<NetDevProfile, 'kind'>>;

const BASE: Omit<NetDevProfile, 'kind'> = {
  ifname: 'eth0',
  txSkbNoLinear: false,
  sg: true,
  neededHeadroomBytes: 0,
  neededTailroomBytes: 0,
  cowHeadroomBytes: 0,
  txRingEntries: 256,
  stopRoomSlots: 1,
  slotPerSg: false,
  completionMode: 'napi',
  completionDelayNs: 2000,
  napiBudget: 64,
  devicePacketNs: 50,
  deviceBytesPerNs: 32,
  lineRateMbps: 0,
  usesDmaApi: true,
  virtioHdrBytes: 12,
  virtioAnyHeaderSg: true,
  minInlineBytes: 0,
  pciName: '0000:00:00.0',
  cqn: 0,
  sqn: 0,
  recoveryGraceNs: 500_000_000,
  recoveryDelayNs: 100_000,
};

/**
 * virtio_net: IFF_TX_SKB_NO_LINEAR from v5.12 (the seed's 3rd patch); no needed_headroom;
 * NETIF_F_SG with VIRTIO_NET_F_CSUM; queue stopped when fewer than 2 + MAX_SKB_FRAGS slots
 * remain; skbs freed by free_old_xmit_skbs() on the next xmit. The host backend copies each
 * frame out of guest memory (devicePacketNs, deviceBytesPerNs).
 */
// Mirrors virtnet_probe() flag and feature setup, drivers/net/virtio_net.c (v5.12).
export function virtioNetProfile(version: KernelRef, o: NetDevOverrides = {}): NetDevProfile {
  return {
    ...BASE,
    txSkbNoLinear: has(kernelOf(version), 'virtio-net-tx-skb-no-linear'),
    txRingEntries: 256,
    stopRoomSlots: 2 + 17,
    slotPerSg: false,
    completionMode: 'free-on-next-xmit',
    completionDelayNs: 5000,
    devicePacketNs: 200,
    deviceBytesPerNs: 10,
    usesDmaApi: false,
    ...o,
    kind: 'virtio_net',
  };
}

/** mlx5 ConnectX-4 Lx: 25 Gbit/s, WQ of 1024, L2 minimum inline, identifiers from the seed's log. */
// Mirrors mlx5e_build_nic_netdev() / mlx5e_open_txqsq() parameters, drivers/net/ethernet/mellanox/mlx5/core/en_main.c (v5.12).
export function mlx5Profile(_version: KernelRef, o: NetDevOverrides = {}): NetDevProfile {
  return {
    ...BASE,
    txSkbNoLinear: false,
    txRingEntries: 1024,
    stopRoomSlots: 16,
    completionMode: 'napi',
    completionDelayNs: 8000,
    napiBudget: 128,
    devicePacketNs: 60,
    deviceBytesPerNs: 16,
    lineRateMbps: 25_000,
    minInlineBytes: 18,
    pciName: '0000:3b:00.1',
    ifname: 'eth1',
    cqn: 0x817,
    sqn: 0x1dbb,
    ...o,
    kind: 'mlx5',
  };
}

/**
 * MANA_HEADROOM: sizeof(struct mana_skb_head), 216 B before and 232 B from a43e8e9ffa0d (v6.6; the
 * model used to say v6.1, and no version class lies between the two).
 */
export function manaHeadroomBytes(version: KernelRef): number {
  return has(kernelOf(version), 'mana-gso-sge0-headroom') ? 232 : 216;
}

/** mana TX: needed_headroom = MANA_HEADROOM, skb_cow_head on every skb, 256 send buffers. */
// Mirrors mana_probe_port() / mana_start_xmit() setup, drivers/net/ethernet/microsoft/mana/mana_en.c (v6.x).
export function manaTxProfile(version: KernelRef, o: NetDevOverrides = {}): NetDevProfile {
  const hr = manaHeadroomBytes(version);
  return {
    ...BASE,
    txSkbNoLinear: false,
    neededHeadroomBytes: hr,
    cowHeadroomBytes: hr,
    txRingEntries: 256,
    stopRoomSlots: 1,
    completionMode: 'napi',
    completionDelayNs: 4000,
    devicePacketNs: 40,
    deviceBytesPerNs: 32,
    lineRateMbps: 100_000,
    ...o,
    kind: 'mana',
  };
}

/** A NIC whose every knob comes from the scenario. */
export function genericProfile(_version: KernelRef, o: NetDevOverrides = {}): NetDevProfile {
  return { ...BASE, ...o, kind: 'generic' };
}

export function netDevProfile(kind: NicKind, version: KernelRef, o: NetDevOverrides = {}): NetDevProfile {
  switch (kind) {
    case 'virtio_net':
      return virtioNetProfile(version, o);
    case 'mlx5':
      return mlx5Profile(version, o);
    case 'mana':
      return manaTxProfile(version, o);
    case 'generic':
      return genericProfile(version, o);
  }
}
