/**
 * One NIC transmit queue bound to its driver: the driver's ring of posted skbs, the device
 * that drains it (a single server: per-packet time plus per-byte time, then the wire at line
 * rate; tx-ring.ts), and the completion path that frees the skbs (NAPI poll after an
 * interrupt; a driver may also free on its next xmit, as virtio_net does).
 *
 * The driver (models/drivers/<name>/) is looked up in DRIVERS once, when the queue is made;
 * __dev_direct_xmit and the reaper call it through `q.driver`.
 *
 * Freeing an skb runs its destructor, which for XSK produces the completion-ring entry: so
 * the time a completion appears is the driver's completion timing, as in the kernel.
 * Simplified: one queue, no BQL, no xmit_more batching (__dev_direct_xmit passes
 * more = false, so every packet rings the doorbell).
 *
 * Observation (`sim.observer`, behind a null check, never read back): every frame that
 * leaves on the wire; a 'napi_poll' span on the core per completion poll that freed
 * something (a driver's recovery work adds its own); the counters 'txDescsInUse' (ring slots
 * posted and not yet reaped) and 'skbsInFlight' on the queue's track '<ifname>.txq0'.
 */
import type { Simulator } from '../../engine/index.ts';
import { DRIVERS } from '../drivers/index.ts';
import type { DriverModule } from '../drivers/driver.ts';
import type { ArchProfile } from '../kernel/arch.ts';
import type { KernelEnv } from '../kernel/env.ts';
import type { KernelRef } from '../kernel/kernel-of.ts';
import { batchBegin, batchEnd, batchNowNs, spend, PH_COMPLETION, type CpuBatch } from './cpu-batch.ts';
import type { NetDevProfile } from './netdev.ts';
import type { SkbTable } from './skb-table.ts';
import type { NicTxCosts } from './tx-costs.ts';
import { txArmPoll, txObserveBatchSpan, txReap } from './tx-ring.ts';

// The return codes live with the ring mechanics (drivers import them from there).
export { NETDEV_TX_BUSY, NETDEV_TX_OK, NET_XMIT_CN, NET_XMIT_DROP } from './tx-ring.ts';

export interface TxQueueCounters {
  posted: number;
  postedBytes: number;
  /** Frames that left on the wire (or reached the virtio host). */
  wirePackets: number;
  wireBytes: number;
  completed: number;
  busyReturns: number;
  /** __dev_direct_xmit drops (device down) and driver-internal drops. */
  dropDevDown: number;
  dropDriver: number;
  headReallocs: number;
  linearizations: number;
  dmaMaps: number;
  dmaUnmaps: number;
  doorbells: number;
  queueStops: number;
  queueWakes: number;
  napiPolls: number;
  /** Error completions (mlx5: error CQEs), descriptors flushed while in error, recoveries. */
  errorCqes: number;
  flushedWqes: number;
  recoveries: number;
  /** virtio: header pushed into headroom vs sent as its own SG entry. */
  hdrPushed: number;
  hdrSeparate: number;
}

export interface TxQueue<Priv extends object = object> {
  readonly sim: Simulator;
  readonly env: KernelEnv;
  readonly arch: ArchProfile;
  readonly version: KernelRef;
  readonly profile: NetDevProfile<Priv>;
  /** The driver, from DRIVERS[profile.kind]. */
  readonly driver: DriverModule<Priv>;
  readonly costs: NicTxCosts;
  readonly skbs: SkbTable;
  readonly batch: CpuBatch;
  readonly ringSkb: Int32Array;
  readonly ringSlots: Int32Array;
  /** The descriptor was posted bad (mlx5: without its minimum inline headers); the device completes it with an error. */
  readonly ringBad: Uint8Array;
  /** Entries posted and reaped so far (ring index = count mod entries). */
  postedCount: number;
  reapedCount: number;
  freeSlots: number;
  /** netif_tx_stop_queue() state. */
  stopped: boolean;
  /** netif_running && netif_carrier_ok. */
  running: boolean;
  deviceBusyUntilNs: number;
  /**
   * The queue's error state, set by the driver's error handling and read by the reaper: in
   * error every descriptor completes as a flush (nothing is sent); while recovery work is
   * pending the queue is not woken; the time of the last recovery (mlx5's devlink grace).
   */
  sqError: boolean;
  recovering: boolean;
  lastRecoveryNs: number;
  /** Completions consumed so far (the CQ consumer index the error log prints). */
  cqConsumerIndex: number;
  pollPending: boolean;
  /** When the pending completion interrupt is due; a driver may move it later (virtio's lazy re-arm). */
  pollDueNs: number;
  /** Drain phase: keep polling until the ring is empty, whatever the completion mode. */
  draining: boolean;
  readonly pollKind: number;
  /** The event that runs the driver's txErrorWork. */
  readonly recoverKind: number;
  readonly counters: TxQueueCounters;
  /** Observer track of this queue ('<ifname>.txq0' by default); the model has one TX queue per device. */
  readonly track: string;
}

function zeroCounters(): TxQueueCounters {
  return {
    posted: 0, postedBytes: 0, wirePackets: 0, wireBytes: 0, completed: 0, busyReturns: 0, dropDevDown: 0,
    dropDriver: 0, headReallocs: 0, linearizations: 0, dmaMaps: 0, dmaUnmaps: 0, doorbells: 0, queueStops: 0,
    queueWakes: 0, napiPolls: 0, errorCqes: 0, flushedWqes: 0, recoveries: 0, hdrPushed: 0, hdrSeparate: 0,
  };
}

/**
 * `eventPrefix` makes the event-kind names unique when several models share a Simulator;
 * `track` names the queue for the observer (unique per simulated machine).
 */
export function createTxQueue(env: KernelEnv, profile: NetDevProfile, costs: NicTxCosts, skbs: SkbTable, batch: CpuBatch, eventPrefix = 'nic', track = `${profile.ifname}.txq0`): TxQueue {
  const n = profile.txRingEntries;
  if (!(Number.isSafeInteger(n) && n >= 2)) throw new RangeError(`createTxQueue: txRingEntries must be an integer >= 2, found ${n}`);
  if (!(profile.stopRoomSlots >= 1 && profile.stopRoomSlots < n)) {
    throw new RangeError(`createTxQueue: stopRoomSlots must be in [1, ${n - 1}], found ${profile.stopRoomSlots}`);
  }
  const driver: DriverModule = DRIVERS[profile.kind];
  if (driver === undefined) throw new RangeError(`createTxQueue: no driver '${profile.kind}' in DRIVERS`);
  const q = {
    sim: env.sim, env, arch: env.arch, version: env.version, profile, driver, costs, skbs, batch,
    ringSkb: new Int32Array(n), ringSlots: new Int32Array(n), ringBad: new Uint8Array(n),
    postedCount: 0, reapedCount: 0, freeSlots: n, stopped: false, running: true,
    deviceBusyUntilNs: 0, sqError: false, recovering: false, lastRecoveryNs: -Infinity, cqConsumerIndex: 0,
    pollPending: false, pollDueNs: 0, draining: false, pollKind: 0, recoverKind: 0, counters: zeroCounters(),
    track,
  } as TxQueue;
  // Both kinds are registered for every driver, in this order, so event-kind ids (and the
  // fingerprint) do not depend on which driver has recovery work.
  (q as { pollKind: number }).pollKind = env.sim.register(`${eventPrefix}.${profile.ifname}.tx.poll`, () => txNapiPoll(q));
  (q as { recoverKind: number }).recoverKind = env.sim.register(`${eventPrefix}.${profile.ifname}.tx.recover`, () => q.driver.txErrorWork(q));
  return q;
}

/** In-flight skbs (posted, not reaped). */
export function txInFlight(q: TxQueue): number {
  return q.postedCount - q.reapedCount;
}

/** Reports the queue's occupancy to the observer (the caller checks that there is one). */
export function txObserveCounters(q: TxQueue, timeNs: number): void {
  const obs = q.sim.observer;
  if (obs === null) return;
  obs.counter(q.track, 'txDescsInUse', timeNs, q.profile.txRingEntries - q.freeSlots);
  obs.counter(q.track, 'skbsInFlight', timeNs, q.postedCount - q.reapedCount);
}

/**
 * The completion interrupt + NAPI poll, as its own CPU batch. A poll that finds nothing
 * (virtio: start_xmit already freed what the interrupt announced) costs nothing.
 */
// Mirrors virtnet_poll_tx() / mlx5e_napi_poll() TX part (v5.12).
function txNapiPoll(q: TxQueue): void {
  if (q.sim.nowNs < q.pollDueNs) {
    // A kick since this interrupt was armed moved it out (virtio event index).
    q.sim.scheduleAt(q.pollDueNs, q.pollKind, 0, 0);
    return;
  }
  q.pollPending = false;
  const b = q.batch;
  batchBegin(b, q.sim.nowNs);
  const n = txReap(q, batchNowNs(b), q.profile.napiBudget);
  if (n > 0) {
    q.counters.napiPolls++;
    spend(b, PH_COMPLETION, q.costs.napiPollNs);
  }
  const endNs = batchEnd(b);
  if (q.sim.observer !== null && n > 0) {
    txObserveBatchSpan(q, 'napi_poll', endNs);
    txObserveCounters(q, endNs > b.startNs ? endNs : b.startNs);
  }
  if (q.postedCount > q.reapedCount) txArmPoll(q);
}

/** Asks for completions to be processed until the ring is empty (drain phase). */
export function txStartDrain(q: TxQueue): void {
  q.draining = true;
  txArmPoll(q);
}
