/**
 * What a NIC driver is to the simulator: one record per driver, listed once in DRIVERS
 * (models/drivers/index.ts), from which the scenario schema, the dispatch of the shared TX
 * queue (models/nic/), the property generators and the docs take their list of drivers.
 *
 * A driver folder `models/drivers/<name>/` holds its profile (the capability flags and limits
 * it declares to the stack, its device rates, its private fields), its TX path (start_xmit)
 * and its completion and error handling, and exports one `DriverModule`. The shared layer owns
 * the ring, the device server, the wire, reaping, the counters, __dev_direct_xmit and the skb
 * table; it calls a driver only through the members below, looked up once per queue.
 *
 * Adding a TX driver: a folder with `profile.ts` (its NetDevProfile defaults, via
 * `buildNetDevProfile`), `xmit.ts` (its startXmit, each function with its one-line
 * "Mirrors <kernel function>, <file> (<release>)" comment), `index.ts` exporting
 * `const X: DriverModule<XPriv> = { ... }`, then one line in DRIVERS.
 */
import type { KernelRef } from '../kernel/kernel-of.ts';
import type { CpuBatch } from '../nic/cpu-batch.ts';
import type { NetDevOverrides, NetDevProfile } from '../nic/netdev.ts';
import type { TxQueue } from '../nic/tx-queue.ts';

/**
 * A driver-private knob a scenario may set (xdpsock `nicTuning`): the scenario layer turns it
 * into a schema field with the bounds its kind implies, so a driver never imports the schema.
 */
export type TuningKnob =
  | { readonly kind: 'boolean'; readonly description: string }
  | { readonly kind: 'integer'; readonly minimum: number; readonly maximum: number; readonly description: string }
  /** A delay the model schedules: bounded like every scheduled device delay (at most 1 s). */
  | { readonly kind: 'delay-ns'; readonly description: string }
  /** A span only compared with the clock, never scheduled: bounded by the run's phase length. */
  | { readonly kind: 'span-ns'; readonly description: string };

/**
 * One driver. `Priv` is the type of its private profile fields (`profile.priv`, after the
 * kernel's netdev_priv()); members are methods so that a `DriverModule<VirtioNetPriv>` is a
 * `DriverModule` where the shared layer holds it.
 */
export interface DriverModule<Priv extends object = object> {
  /** The scenario's name of the driver (topology.nics[].driver): equal to its key in DRIVERS. */
  readonly name: string;
  /** One sentence for the docs: the device and kernel driver modelled. */
  readonly summary: string;
  /** The kernel sources the folder mirrors (paths in torvalds/linux), for the docs. */
  readonly sources: readonly string[];
  /**
   * Its profile on `kernel` with the scenario's overrides: shared fields (any key of
   * NetDevProfile) and its own private ones (keys of `tuning`); keys of other drivers are
   * ignored. Built with buildNetDevProfile() so every profile has the same shape.
   */
  profile(kernel: KernelRef, overrides: NetDevOverrides): NetDevProfile<Priv>;
  /** Its private knobs a scenario may tune, by field name of Priv (empty: none). */
  readonly tuning: { readonly [K in keyof Priv]?: TuningKnob };
  /**
   * True for a device model with no kernel driver behind it (generic): its capability flags
   * (needed headroom/tailroom, cow headroom, SG, IFF_TX_SKB_NO_LINEAR) are the scenario's to
   * choose, so property generators draw them. Omitted (false) for a kernel driver, whose flags
   * are what its source declares.
   */
  readonly flagsFromScenario?: boolean;
  /**
   * What it accepts from ethtool, each with the kernel constant that states it: ring entries
   * (-G: the most, and the fewest where the driver has a floor its ring logic relies on, such
   * as a wake threshold above the stop room) and queue pairs (-L). Omitted: the scenario's own
   * bounds. Property generators draw rings from `min` up.
   */
  readonly limits?: {
    readonly ringEntries?: {
      readonly max: number;
      readonly txSource: string;
      readonly rxSource: string;
      readonly min?: number;
      readonly minSource?: string;
    };
    readonly queues?: { readonly max: number; readonly source: string };
  };
  /** Cost-profile key of its ndo_start_xmit body (models/kernel/cpu.ts) and the default when a profile lacks it. */
  readonly xmitCost: { readonly key: string; readonly defaultNs: number };
  /**
   * The shortest frame it sends without an error completion (ETH_HLEN for most; mlx5
   * ConnectX-4 Lx in L2 inline mode: 18). Property generators keep frames at or above it,
   * because the model has no TX watchdog to bring back a queue left in error.
   */
  minCleanFrameBytes(profile: NetDevProfile<Priv>): number;
  /**
   * ndo_start_xmit, called by __dev_direct_xmit (models/nic/dev-direct-xmit.ts) with a
   * running, not-stopped queue: charge its CPU work to `b`, map (counting DMA maps on the skb
   * and in q.counters when it uses the DMA API), post with txPost() and arm completions.
   * Returns NETDEV_TX_OK, or NETDEV_TX_BUSY without consuming the skb.
   */
  startXmit(q: TxQueue<Priv>, id: number, b: CpuBatch): number;
  /**
   * A descriptor it posted with `bad` = true completes while the queue is not yet in error
   * (txReap, in ring order): set q.sqError and schedule its recovery (q.recoverKind) if it
   * has one. Drivers that never post a bad descriptor use noTxErrorCompletion.
   */
  txErrorCompletion(q: TxQueue<Priv>, id: number): void;
  /** Its deferred error recovery, run as the queue's `<prefix>.<ifname>.tx.recover` event (noTxErrorWork: none). */
  txErrorWork(q: TxQueue<Priv>): void;
}
