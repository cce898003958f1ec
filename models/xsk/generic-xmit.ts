/**
 * xsk_generic_xmit(): the copy-mode transmit loop run by sendto() (fact sheet §1.3, §1.6).
 *
 * Per descriptor, by version:
 * - 5.11: build (skb of exactly len; owner sock_wfree), reserve the CQ slot, attach the XSK
 *   destructor, transmit. A full CQ frees the skb through sock_wfree: no completion.
 * - 5.12–5.18 (our 5.12, 5.15): build (XSK destructor attached in the build), then reserve;
 *   a full CQ frees the skb with kfree_skb, whose XSK destructor submits into the full CQ.
 * - 5.19–6.5: reserve first, build, cancel the reservation if the build fails.
 * - 6.6+: multi-buffer (multibuffer-xmit.ts).
 * Results: NETDEV_TX_BUSY keeps the descriptor for a retry, cancels the reservation, frees the
 * skb without a completion, returns -EAGAIN; NET_XMIT_DROP consumes the descriptor, the
 * completion was produced by the free, returns -EBUSY; a full batch with descriptors left
 * returns -EAGAIN; a full CQ returns the last error (0).
 */
import { spend, PH_SYSCALL } from '../nic/cpu-batch.ts';
import { DESTRUCTOR_SOCK_WFREE, DESTRUCTOR_XSK, kfreeSkb } from '../nic/skb-table.ts';
import { devDirectXmit } from '../nic/dev-direct-xmit.ts';
import { NET_XMIT_DROP, NETDEV_TX_BUSY } from '../nic/tx-queue.ts';
import { EAGAIN, EBUSY, ENXIO } from './constants.ts';
import { xskBuildSkb } from './build-skb.ts';
import { multiBufferXmit } from './multibuffer-xmit.ts';
import { xskqConsPeekDesc } from './peek-desc.ts';
import { xskqConsRelease, xskqProdCancel, xskqProdReserve } from './ring.ts';
import { markReserved, unmarkReserved, type XskSocket } from './xsk-socket.ts';

/** Per-descriptor kernel work outside the build: ring read, validation, cq_lock, release. */
function descCostNs(xs: XskSocket): number {
  const v = xs.env.cpu.costs.xskDescNs;
  return v === undefined ? 25 : v;
}

// Mirrors xsk_generic_xmit(), net/xdp/xsk.c (v5.11, v5.12, v5.19 by behaviour flags).
export function xskGenericXmit(xs: XskSocket): number {
  if (!xs.bound) return -ENXIO;
  if (xs.bx.v66) return multiBufferXmit(xs);
  const tx = xs.tx;
  const cq = xs.cq;
  const d = xs.desc;
  const bx = xs.bx;
  const sim = xs.env.sim;
  const perDesc = descCostNs(xs);
  let maxBatch = bx.batchSize;
  let err = 0;
  let drained = true;
  while (xskqConsPeekDesc(tx, bx.rule, xs.umem, d, false)) {
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
    } else {
      id = xskBuildSkb(xs, d);
      if (id < 0) {
        err = id;
        drained = false;
        break;
      }
      if (xskqProdReserve(cq) < 0) {
        xs.counters.cqFull++;
        kfreeSkb(sim, xs.skbs, id);
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
      kfreeSkb(sim, xs.skbs, id);
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
  if (drained && bx.reserveFirst) tx.queueEmptyDescs++;
  return err;
}
