/**
 * xsk_generic_xmit(): the copy-mode transmit loop run by sendto() (fact sheet §1.3, §1.6).
 *
 * Per descriptor, by the registered changes the kernel carries:
 * - neither 9c8f21e6f885 nor a6e944f25cdb (5.11): build (skb of exactly len; owner
 *   sock_wfree), reserve the CQ slot, attach the XSK destructor, transmit. A full CQ frees the
 *   skb through sock_wfree: no completion.
 * - 9c8f21e6f885 without a6e944f25cdb (our 5.12, 5.15.0-5.15.50, 5.18.0-5.18.7): build (XSK
 *   destructor attached in the build), then reserve; a full CQ frees the skb with kfree_skb,
 *   whose XSK destructor submits into the full CQ.
 * - a6e944f25cdb (5.19, 5.15.51, 5.18.8): reserve first, build, cancel the reservation if the
 *   build fails.
 * - cf24f5a5feea (6.6): multi-buffer (multibuffer-xmit.ts).
 * Results: NETDEV_TX_BUSY keeps the descriptor for a retry, cancels the reservation, frees the
 * skb without a completion, returns -EAGAIN; NET_XMIT_DROP consumes the descriptor, the
 * completion was produced by the free, returns -EBUSY; a full batch with descriptors left
 * returns -EAGAIN; a full CQ returns the last result (0) or, with 5d0b204654de, -EAGAIN.
 * A loop that ends on an empty ring counts tx_ring_empty_descs (8aa5a33578e9, after the loop).
 * With 1eb8b0dac189 a send that sent a frame publishes the TX consumer before it returns.
 */
import { EAGAIN, EBUSY, ENXIO } from '../kernel/errno.ts';
import { spend, PH_SYSCALL } from '../nic/cpu-batch.ts';
import { DESTRUCTOR_SOCK_WFREE, DESTRUCTOR_XSK, txSkbFree } from '../nic/skb-table.ts';
import { devDirectXmit } from '../nic/dev-direct-xmit.ts';
import { NET_XMIT_DROP, NETDEV_TX_BUSY } from '../nic/tx-queue.ts';
import { xskBuildSkb } from './build-skb.ts';
import { multiBufferXmit } from './multibuffer-xmit.ts';
import { xskqConsPeekDesc } from './peek-desc.ts';
import { xskqConsPublish, xskqConsRelease, xskqProdCancel, xskqProdReserve } from './ring.ts';
import { markReserved, unmarkReserved, type XskSocket } from './xsk-socket.ts';

/** Per-descriptor kernel work outside the build: ring read, validation, cq_lock, release. */
function descCostNs(xs: XskSocket): number {
  const v = xs.env.cpu.costs.xskDescNs;
  return v === undefined ? 25 : v;
}

/** One sendto(): the transmit loop of the kernel's era, then the end-of-send consumer release. */
// Mirrors the out: label of xsk_generic_xmit(), net/xdp/xsk.c (v5.12; v6.17 __xsk_tx_release()).
export function xskGenericXmit(xs: XskSocket): number {
  if (!xs.bound) return -ENXIO;
  const sentBefore = xs.counters.sent;
  const err = xs.bx.v66 ? multiBufferXmit(xs) : singleBufferXmit(xs);
  if (xs.bx.releaseAfterSend && xs.counters.sent !== sentBefore) xskqConsPublish(xs.env.sim, xs.tx);
  return err;
}

// Mirrors xsk_generic_xmit(), net/xdp/xsk.c (v5.11, v5.12, v5.19 by behaviour flags).
function singleBufferXmit(xs: XskSocket): number {
  const tx = xs.tx;
  const cq = xs.cq;
  const d = xs.desc;
  const bx = xs.bx;
  const sim = xs.env.sim;
  const perDesc = descCostNs(xs);
  let maxBatch = bx.batchSize;
  let err = 0;
  let drained = true;
  while (xskqConsPeekDesc(tx, bx.rules, xs.umem, d, false, bx.emptyDescsStat)) {
    if (maxBatch-- === 0) {
      err = -EAGAIN;
      xs.counters.eagainBatch++;
      drained = false;
      break;
    }
    spend(xs.batch, PH_SYSCALL, perDesc);
    let id: number;
    if (bx.reserveFirst) {
      if (xskqProdReserve(cq) < 0) {
        xs.counters.cqFull++;
        if (bx.cqFullEagain) err = -EAGAIN;
        drained = false;
        break;
      }
      id = xskBuildSkb(xs, d);
      if (id < 0) {
        xskqProdCancel(sim, cq, 1);
        err = id;
        drained = false;
        break;
      }
      markReserved(xs, id, 1);
      // a6e944f25cdb was written on top of 9c8f21e6f885, whose build attaches the destructor; a
      // kernel given the first without the second (a with/without set) attaches it here, as 5.11
      // does once the slot is reserved, so every transmitted skb still completes.
      if (!bx.destructorInBuild) xs.skbs.destructor[id] = DESTRUCTOR_XSK;
    } else {
      id = xskBuildSkb(xs, d);
      if (id < 0) {
        err = id;
        drained = false;
        break;
      }
      if (xskqProdReserve(cq) < 0) {
        xs.counters.cqFull++;
        txSkbFree(sim, xs.skbs, id);
        if (bx.cqFullEagain) err = -EAGAIN;
        drained = false;
        break;
      }
      markReserved(xs, id, 1);
      // v5.11 attaches the XSK destructor only once the slot is reserved.
      xs.skbs.destructor[id] = DESTRUCTOR_XSK;
    }
    const ret = devDirectXmit(xs.q, id, xs.batch);
    if (ret === NETDEV_TX_BUSY) {
      xs.skbs.destructor[id] = DESTRUCTOR_SOCK_WFREE;
      xskqProdCancel(sim, cq, 1);
      unmarkReserved(xs, id);
      txSkbFree(sim, xs.skbs, id);
      xs.counters.eagainBusy++;
      err = -EAGAIN;
      drained = false;
      break;
    }
    xskqConsRelease(tx);
    xs.counters.descsConsumed++;
    if (ret === NET_XMIT_DROP) {
      xs.counters.ebusyDrop++;
      err = -EBUSY;
      drained = false;
      break;
    }
    xs.counters.sent++;
    err = ret;
  }
  // Only a loop that ran out of descriptors gets here in the kernel; every other exit is a goto out.
  if (drained && bx.emptyDescsStat) tx.queueEmptyDescs++;
  return err;
}
