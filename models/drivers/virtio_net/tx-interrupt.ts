/**
 * virtio_net's TX interrupt with napi_tx: start_xmit disables used-buffer callbacks at its
 * start and re-enables them at the kick with virtqueue_enable_cb_delayed(): the host
 * interrupts once it has used 3/4 of the buffers outstanding. So while the guest keeps
 * transmitting, start_xmit frees the buffers itself and the interrupt keeps moving out; it
 * fires once the guest stops (for example when sk_sndbuf is exhausted, or at the end).
 * Modelled as a lazy timer on the shared queue's poll event: each kick moves the due time,
 * and a poll that fires early re-arms itself at the due time (tx-queue.ts txNapiPoll).
 */
import type { TxQueue } from '../../nic/tx-queue.ts';

// Mirrors virtqueue_disable_cb() / virtqueue_enable_cb_delayed() in start_xmit(), drivers/net/virtio_net.c (v5.12).
export function virtqueueEnableCbDelayed(q: TxQueue): void {
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
