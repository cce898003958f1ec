/**
 * The driver-independent mechanics of one NIC transmit queue, which every driver's start_xmit
 * and completion handling use: post a descriptor to the ring (the device serves it after
 * earlier ones, then the wire), arm the completion interrupt, and reap what the device has
 * finished (unmap, free the skb, whose destructor produces the XSK completion).
 *
 * Drivers import this module, never tx-queue.ts (which binds a queue to its driver through
 * the registry), so the registry's imports have no cycle.
 */
import { violate } from '../../engine/index.ts';
import { spend, PH_COMPLETION, PH_DMA } from './cpu-batch.ts';
import { txSkbFree } from './skb-table.ts';
import type { TxQueue } from './tx-queue.ts';

export const NETDEV_TX_OK = 0;
export const NET_XMIT_DROP = 1;
export const NET_XMIT_CN = 2;
export const NETDEV_TX_BUSY = 0x10;

/** A span of the batch's core from the batch start to `endNs` (what batchEnd() returned), if any time passed. */
export function txObserveBatchSpan(q: TxQueue, name: string, endNs: number): void {
  const obs = q.sim.observer;
  const b = q.batch;
  if (obs !== null && endNs > b.startNs) obs.span(b.track, name, b.startNs, endNs - b.startNs);
}

/**
 * Posts an skb the driver has built a descriptor for: the device serves it after earlier
 * ones, then it spends its serialization time on the wire. `bad`: the device will complete
 * it with an error (the driver's txErrorCompletion runs when it is reaped).
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
 * (the XSK completion), put the frags, free the head. A descriptor posted bad goes to the
 * driver's error handling first; while the queue is in error every descriptor is flushed.
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
    if (q.ringBad[idx] === 1 && !q.sqError) q.driver.txErrorCompletion(q, id);
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
    txSkbFree(q.sim, t, id);
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
