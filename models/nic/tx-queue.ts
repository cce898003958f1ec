/**
 * One NIC transmit queue: the driver's ring of posted skbs, the device that drains it (a
 * single server: per-packet time plus per-byte time, then the wire at line rate), and the
 * completion path that frees the skbs (NAPI poll after an interrupt, or virtio's
 * free_old_xmit_skbs() on the next xmit, with TX NAPI when the queue is stopped or drained).
 *
 * Freeing an skb runs its destructor, which for XSK produces the completion-ring entry: so
 * the time a completion appears is the driver's completion timing, as in the kernel.
 * Simplified: one queue, no BQL, no xmit_more batching (__dev_direct_xmit passes
 * more = false, so every packet rings the doorbell).
 *
 * Observation (`sim.observer`, behind a null check, never read back): every frame that
 * leaves on the wire; a 'napi_poll' span on the core per completion poll that freed
 * something ('mlx5e_tx_err_cqe_work' for a recovery); the counters 'txDescsInUse' (ring slots
 * posted and not yet reaped) and 'skbsInFlight' on the queue's track '<ifname>.txq0'.
 */
import { violate, type Simulator } from '../../engine/index.ts';
import type { ArchProfile } from '../kernel/arch.ts';
import type { KernelEnv } from '../kernel/env.ts';
import { klog } from '../kernel/env.ts';
import type { KernelRef } from '../kernel/kernel-of.ts';
import { batchBegin, batchEnd, batchNowNs, spend, PH_COMPLETION, PH_DMA, type CpuBatch } from './cpu-batch.ts';
import type { NetDevProfile } from './netdev.ts';
import { kfreeSkb, type SkbTable } from './skb-table.ts';
import type { NicTxCosts } from './tx-costs.ts';

export const NETDEV_TX_OK = 0;
export const NET_XMIT_DROP = 1;
export const NET_XMIT_CN = 2;
export const NETDEV_TX_BUSY = 0x10;

/** Error CQE fields (mlx5): opcode MLX5_CQE_REQ_ERR, syndrome LOCAL_LENGTH_ERR, the seed's vendor syndrome. */
export const MLX5_CQE_REQ_ERR = 0xd;
export const MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR = 0x1;
export const MLX5_VENDOR_SYNDROME_SEED = 0x68;

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
  errorCqes: number;
  flushedWqes: number;
  recoveries: number;
  /** virtio: header pushed into headroom vs sent as its own SG entry. */
  hdrPushed: number;
  hdrSeparate: number;
}

export interface TxQueue {
  readonly sim: Simulator;
  readonly env: KernelEnv;
  readonly arch: ArchProfile;
  readonly version: KernelRef;
  readonly profile: NetDevProfile;
  readonly costs: NicTxCosts;
  readonly skbs: SkbTable;
  readonly batch: CpuBatch;
  readonly ringSkb: Int32Array;
  readonly ringSlots: Int32Array;
  /** mlx5: the WQE lacked the minimum inline headers; the device completes it with an error. */
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
  /** mlx5 SQ state: in error (WQEs flushed) and recovery work pending. */
  sqError: boolean;
  recovering: boolean;
  lastRecoveryNs: number;
  cqConsumerIndex: number;
  pollPending: boolean;
  /** virtio: when the pending TX interrupt is due; a kick moves it later (lazy re-arm). */
  pollDueNs: number;
  /** Drain phase: keep polling until the ring is empty, whatever the completion mode. */
  draining: boolean;
  readonly pollKind: number;
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
  const q = {
    sim: env.sim, env, arch: env.arch, version: env.version, profile, costs, skbs, batch,
    ringSkb: new Int32Array(n), ringSlots: new Int32Array(n), ringBad: new Uint8Array(n),
    postedCount: 0, reapedCount: 0, freeSlots: n, stopped: false, running: true,
    deviceBusyUntilNs: 0, sqError: false, recovering: false, lastRecoveryNs: -Infinity, cqConsumerIndex: 0,
    pollPending: false, pollDueNs: 0, draining: false, pollKind: 0, recoverKind: 0, counters: zeroCounters(),
    track,
  } as TxQueue;
  (q as { pollKind: number }).pollKind = env.sim.register(`${eventPrefix}.${profile.ifname}.tx.poll`, () => txNapiPoll(q));
  (q as { recoverKind: number }).recoverKind = env.sim.register(`${eventPrefix}.${profile.ifname}.tx.recover`, () => mlx5eTxErrCqeWork(q));
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

/** A span of the batch's core from the batch start to `endNs` (what batchEnd() returned), if any time passed. */
export function txObserveBatchSpan(q: TxQueue, name: string, endNs: number): void {
  const obs = q.sim.observer;
  const b = q.batch;
  if (obs !== null && endNs > b.startNs) obs.span(b.track, name, b.startNs, endNs - b.startNs);
}

/**
 * Posts an skb the driver has built a descriptor for: the device serves it after earlier
 * ones, then it spends its serialization time on the wire.
 */
export function txPost(q: TxQueue, id: number, slots: number, bad: boolean, nowNs: number): void {
  const p = q.profile;
  const len = q.skbs.len[id];
  const start = q.deviceBusyUntilNs > nowNs ? q.deviceBusyUntilNs : nowNs;
  let serviceNs = p.devicePacketNs + len / p.deviceBytesPerNs;
  if (p.lineRateMbps > 0) {
    // Preamble + SFD (8), FCS (4) and inter-frame gap (12) on the wire, minimum frame 60 + FCS.
    const wireBytes = (len < 60 ? 60 : len) + 24;
    const wireNs = (wireBytes * 8000) / p.lineRateMbps;
    if (wireNs > serviceNs) serviceNs = wireNs;
  }
  const done = Math.ceil(start + serviceNs);
  q.deviceBusyUntilNs = done;
  q.skbs.doneNs[id] = done;
  const idx = q.postedCount % p.txRingEntries;
  q.ringSkb[idx] = id;
  q.ringSlots[idx] = slots;
  q.ringBad[idx] = bad ? 1 : 0;
  q.postedCount++;
  q.freeSlots -= slots;
  if (q.freeSlots < 0) violate(q.sim, 'ndo_start_xmit', 'tx-ring-overflow', `${p.ifname}: posted beyond the ring (${q.freeSlots} free slots)`);
  q.counters.posted++;
  q.counters.postedBytes += len;
  if (q.freeSlots < p.stopRoomSlots) {
    q.stopped = true;
    q.counters.queueStops++;
    txArmPoll(q);
  } else if (p.completionMode === 'napi') {
    txArmPoll(q);
  }
}

/** Schedules the completion interrupt for the oldest in-flight skb if none is pending. */
export function txArmPoll(q: TxQueue): void {
  if (q.pollPending || q.postedCount === q.reapedCount) return;
  const first = q.ringSkb[q.reapedCount % q.profile.txRingEntries];
  const at = q.skbs.doneNs[first] + q.profile.completionDelayNs;
  q.pollPending = true;
  q.pollDueNs = at;
  q.sim.scheduleAt(at > q.sim.nowNs ? at : q.sim.nowNs, q.pollKind, 0, 0);
}

/**
 * Frees every skb the device has finished by `limitNs`, at most `budget`: unmap, destructor
 * (the XSK completion), put the frags, free the head. Error CQEs (mlx5) are handled in order.
 */
// Mirrors free_old_xmit_skbs(), drivers/net/virtio_net.c, and mlx5e_poll_tx_cq(), en_tx.c (v5.12).
export function txReap(q: TxQueue, limitNs: number, budget: number): number {
  const p = q.profile;
  const t = q.skbs;
  const c = q.costs;
  const b = q.batch;
  let n = 0;
  while (n < budget && q.reapedCount < q.postedCount) {
    const idx = q.reapedCount % p.txRingEntries;
    const id = q.ringSkb[idx];
    if (t.doneNs[id] > limitNs) break;
    if (q.ringBad[idx] === 1 && !q.sqError) mlx5eErrCqe(q, id);
    if (q.sqError) q.counters.flushedWqes++;
    else {
      q.counters.wirePackets++;
      q.counters.wireBytes += t.len[id];
      if (q.sim.observer !== null) q.sim.observer.frame(t.doneNs[id], p.ifname, 'tx', t.len[id], 0);
    }
    const maps = t.dmaMaps[id];
    if (maps > 0) {
      spend(b, PH_DMA, maps * c.dmaUnmapNs);
      q.counters.dmaUnmaps += maps;
      t.dmaMaps[id] = 0;
    }
    spend(b, PH_COMPLETION, c.txCompletionNs + c.skbFreeNs + t.nrFrags[id] * c.pageRefNs);
    kfreeSkb(q.sim, t, id);
    q.freeSlots += q.ringSlots[idx];
    q.reapedCount++;
    q.cqConsumerIndex++;
    q.counters.completed++;
    n++;
  }
  if (q.stopped && !q.recovering && q.freeSlots >= p.stopRoomSlots) {
    q.stopped = false;
    q.counters.queueWakes++;
  }
  return n;
}

/**
 * virtio_net with napi_tx disables used-buffer callbacks at the start of each start_xmit and
 * re-enables them at the kick with virtqueue_enable_cb_delayed(): the host interrupts once it
 * has used 3/4 of the buffers outstanding. So while the guest keeps transmitting, start_xmit
 * frees the buffers itself and the interrupt keeps moving out; it fires once the guest stops
 * (for example when sk_sndbuf is exhausted, or at the end). Modelled as a lazy timer: each
 * kick moves the due time, and a poll that fires early re-arms itself at the due time.
 */
// Mirrors virtqueue_disable_cb() / virtqueue_enable_cb_delayed() in start_xmit(), drivers/net/virtio_net.c (v5.12).
export function txArmPollDelayed(q: TxQueue): void {
  const inFlight = q.postedCount - q.reapedCount;
  if (inFlight === 0) return;
  const k = q.reapedCount + Math.floor(((inFlight - 1) * 3) / 4);
  const id = q.ringSkb[k % q.profile.txRingEntries];
  const at = q.skbs.doneNs[id] + q.profile.completionDelayNs;
  q.pollDueNs = at;
  if (q.pollPending) return;
  q.pollPending = true;
  q.sim.scheduleAt(at > q.sim.nowNs ? at : q.sim.nowNs, q.pollKind, 0, 0);
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

// Mirrors the error-CQE branch of mlx5e_poll_tx_cq(): mlx5e_dump_error_cqe() (en/txrx.h) and mlx5_wq_cyc_wqe_dump() (wq.c), drivers/net/ethernet/mellanox/mlx5/core (v5.12).
function mlx5eErrCqe(q: TxQueue, _id: number): void {
  const p = q.profile;
  q.sqError = true;
  q.counters.errorCqes++;
  if (q.recovering) return;
  q.recovering = true;
  const hex = (v: number): string => `0x${v.toString(16)}`;
  klog(q.env, 'mlx5e_dump_error_cqe',
    `mlx5_core ${p.pciName} ${p.ifname}: Error cqe on cqn ${hex(p.cqn)}, ci ${hex(q.cqConsumerIndex % p.txRingEntries)}, qn ${hex(p.sqn)}, opcode ${hex(MLX5_CQE_REQ_ERR)}, syndrome ${hex(MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR)}, vendor syndrome ${hex(MLX5_VENDOR_SYNDROME_SEED)}`);
  klog(q.env, 'mlx5_wq_cyc_wqe_dump',
    `WQE DUMP: WQ size ${p.txRingEntries} WQ cur size ${txInFlight(q) - 1}, WQE index ${hex(q.reapedCount % p.txRingEntries)}, len: 64`);
  q.sim.schedule(p.recoveryDelayNs, q.recoverKind, 0, 0);
}

/**
 * The recovery work: reports "ERR CQE on SQ" and, unless the devlink health grace period since
 * the last recovery has not passed, flushes the SQ and reopens it. Otherwise the SQ stays in
 * error and every WQE posted to it completes as a flush error (nothing is sent).
 */
// Mirrors mlx5e_tx_err_cqe_work() -> mlx5e_reporter_tx_err_cqe() -> mlx5e_tx_reporter_err_cqe_recover(), reporter_tx.c (v5.12).
function mlx5eTxErrCqeWork(q: TxQueue): void {
  const p = q.profile;
  klog(q.env, 'mlx5e_health_report', `mlx5_core ${p.pciName} ${p.ifname}: ERR CQE on SQ: 0x${p.sqn.toString(16)}`);
  if (q.sim.nowNs - q.lastRecoveryNs < p.recoveryGraceNs) return;
  q.lastRecoveryNs = q.sim.nowNs;
  q.counters.recoveries++;
  // mlx5e_free_txqsq_descs(): everything still posted is flushed and freed, then the SQ is reset.
  const b = q.batch;
  batchBegin(b, q.sim.nowNs);
  txReap(q, Infinity, Infinity);
  const endNs = batchEnd(b);
  if (q.sim.observer !== null) txObserveBatchSpan(q, 'mlx5e_tx_err_cqe_work', endNs);
  q.sqError = false;
  q.recovering = false;
  q.deviceBusyUntilNs = q.sim.nowNs;
  if (q.stopped) {
    q.stopped = false;
    q.counters.queueWakes++;
  }
}
