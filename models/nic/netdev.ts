/**
 * The part of struct net_device every TX driver fills in and the shared layer reads: what the
 * driver declares to the stack (priv flags, features, needed_headroom/tailroom), what it
 * really needs, its TX ring, how it learns of completions and how fast the device drains the
 * ring. A driver's own fields are in `priv` (netdev_priv()); each driver's folder under
 * models/drivers/ builds its profile (models/drivers/profile.ts), and DRIVERS lists them.
 *
 * Simplified: one TX queue per device; the device side is a single server whose per-packet
 * time is a fixed cost plus a per-byte cost, then the wire at line rate.
 */
import { DRIVERS, type DriverName, type DriverPriv } from '../drivers/index.ts';
import type { KernelRef } from '../kernel/kernel-of.ts';

/** A driver the registry knows (models/drivers/index.ts). */
export type NicKind = DriverName;
export type CompletionMode = 'napi' | 'free-on-next-xmit';

/** The shared fields, without the driver's name and private part. */
export interface NetDevFields {
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
}

export interface NetDevProfile<Priv extends object = object> extends NetDevFields {
  readonly kind: NicKind;
  /** The driver's own fields (netdev_priv()): virtio's header size, mlx5's queue numbers, ... */
  readonly priv: Priv;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * What a scenario may set on a NIC: any shared field, and any driver's private field (each
 * driver takes its own and ignores the others', as a tuning record is keyed by NIC name).
 */
export type NetDevOverrides = Partial<NetDevFields> & Partial<UnionToIntersection<DriverPriv[NicKind]>>;

/** The profile of driver `kind` on `kernel`, with the scenario's overrides. */
export function netDevProfile(kind: NicKind, kernel: KernelRef, o: NetDevOverrides = {}): NetDevProfile {
  return DRIVERS[kind].profile(kernel, o);
}
