/**
 * xsk_generic_xmit() from v6.6: multi-buffer packets (XDP_PKT_CONTD), the CQ slot reserved with
 * its address written at once, descriptors released as they are appended, BUSY un-consuming
 * every descriptor of the packet, -EOVERFLOW dropping the packet (its descriptors counted
 * invalid), and an invalid descriptor stopping the loop and being released without a completion.
 * Later changes by registry entry: a copy-mode frag page charged to the socket (2127c6043836),
 * -EAGAIN on a full CQ (5d0b204654de); the end-of-send consumer release (1eb8b0dac189) is in
 * generic-xmit.ts, which calls this loop.
 * Simplified: no TX metadata (v6.8), XDP_USE_SG assumed when XDP_PKT_CONTD is used, completion
 * addresses kept in the CQ slot as in v6.6 (not in the skb as from v6.17).
 */
import { EAGAIN, EBUSY, EOVERFLOW } from '../kernel/errno.ts';
import { sockWmemCharge } from '../kernel/sock.ts';
import { spend, PH_COPY, PH_SYSCALL } from '../nic/cpu-batch.ts';
import { DESTRUCTOR_SOCK_WFREE, DESTRUCTOR_XSK, SKB_MAX_FRAGS, txSkbFree } from '../nic/skb-table.ts';
import { devDirectXmit } from '../nic/dev-direct-xmit.ts';
import { NET_XMIT_DROP, NETDEV_TX_BUSY } from '../nic/tx-queue.ts';
import { XDP_PKT_CONTD } from './constants.ts';
import { fillUmemFrags, setDestructorArg, xskBuildSkbCopy, xskBuildSkbZerocopy } from './build-skb.ts';
import { descDataOffset } from './desc-validate.ts';
import type { DescSlot } from './peek-desc.ts';
import { xskqConsPeekDesc } from './peek-desc.ts';
import { xskqConsCancelN, xskqConsRelease, xskqHasDescs, xskqProdCancel, xskqProdReserveAddr } from './ring.ts';
import { umemCheckRead } from './umem.ts';
import { markReserved, unmarkReserved, type XskSocket } from './xsk-socket.ts';

/** Frees a partial or refused packet without completions, cancelling its reservations. */
// Mirrors xsk_consume_skb(), net/xdp/xsk.c (v6.6).
function xskConsumeSkb(xs: XskSocket, id: number): void {
  const n = xs.skbs.descCount[id];
  xs.skbs.destructor[id] = DESTRUCTOR_SOCK_WFREE;
  xskqProdCancel(xs.env.sim, xs.cq, n);
  unmarkReserved(xs, id);
  txSkbFree(xs.env.sim, xs.skbs, id);
  xs.curSkb = -1;
}

// Mirrors xsk_drop_skb(), net/xdp/xsk.c (v6.6).
function xskDropSkb(xs: XskSocket, id: number): void {
  xs.tx.invalidDescs += xs.skbs.descCount[id];
  xskConsumeSkb(xs, id);
}

/** Appends a later descriptor of a packet: zero-copy as page frags, copy mode into a new page. */
// Mirrors the xs->skb branch of xsk_build_skb() / xsk_build_skb_zerocopy(), net/xdp/xsk.c (v6.6).
function appendToSkb(xs: XskSocket, id: number, d: DescSlot): number {
  const t = xs.skbs;
  const c = xs.env.cpu.costs;
  const maxFrags = xs.env.arch.maxSkbFrags;
  if (xs.bx.zerocopy) {
    const umem = xs.umem;
    const offset = descDataOffset(umem, d.addrLo, d.addrHi);
    const first = Math.floor(offset / umem.pageSizeBytes);
    const last = Math.floor((offset + d.len - 1) / umem.pageSizeBytes);
    if (t.nrFrags[id] + (last - first + 1) > maxFrags) return -EOVERFLOW;
    fillUmemFrags(xs, id, d);
    const ts = umem.unaligned ? d.len : umem.chunkSizeBytes;
    t.truesize[id] += ts;
    sockWmemCharge(xs, ts);
  } else {
    // nr_frags == MAX_SKB_FRAGS - 1 with more to come is refused up front.
    if (t.nrFrags[id] >= maxFrags - 1 && (d.options & XDP_PKT_CONTD) !== 0) return -EOVERFLOW;
    if (t.nrFrags[id] >= maxFrags) return -EOVERFLOW;
    umemCheckRead(xs.env.sim, xs.umem, descDataOffset(xs.umem, d.addrLo, d.addrHi), d.len, 'xsk_build_skb');
    spend(xs.batch, PH_COPY, c.pageAllocNs + c.memcpyFixedNs + d.len / c.memcpyBytesPerNs);
    t.fragPage[id * SKB_MAX_FRAGS + t.nrFrags[id]] = -1;
    t.nrFrags[id]++;
    t.privatePagesAllocated++;
    if (xs.bx.copyFragTruesize) {
      // 2127c6043836: skb_add_rx_frag(..., PAGE_SIZE) and refcount_add(PAGE_SIZE, &sk_wmem_alloc),
      // so the page counts against sk_sndbuf for the next sock_alloc_send_skb().
      const pageBytes = xs.env.arch.pageSizeBytes;
      t.truesize[id] += pageBytes;
      sockWmemCharge(xs, pageBytes);
    }
    // Without it skb_add_rx_frag(..., truesize 0): the page is not charged to the socket (S-xsk68).
  }
  t.len[id] += d.len;
  t.dataLen[id] += d.len;
  return id;
}

// Mirrors xsk_generic_xmit(), net/xdp/xsk.c (v6.6).
export function multiBufferXmit(xs: XskSocket): number {
  const tx = xs.tx;
  const cq = xs.cq;
  const d = xs.desc;
  const sim = xs.env.sim;
  const perDesc = xs.env.cpu.costs.xskDescNs ?? 25;
  let maxBatch = xs.bx.batchSize;
  let err = 0;
  while (xskqConsPeekDesc(tx, xs.bx.rules, xs.umem, d, true, xs.bx.emptyDescsStat)) {
    if (maxBatch-- === 0) {
      xs.counters.eagainBatch++;
      return -EAGAIN;
    }
    spend(xs.batch, PH_SYSCALL, perDesc);
    if (xskqProdReserveAddr(cq, d.addrLo, d.addrHi) < 0) {
      xs.counters.cqFull++;
      return xs.bx.cqFullEagain ? -EAGAIN : err;
    }
    let id = xs.curSkb;
    if (id < 0) {
      id = xs.bx.zerocopy ? xskBuildSkbZerocopy(xs, d) : xskBuildSkbCopy(xs, d);
      if (id < 0) {
        xskqProdCancel(sim, cq, 1);
        return id;
      }
      setDestructorArg(xs, id, d);
    } else {
      const r = appendToSkb(xs, id, d);
      if (r < 0) {
        if (r === -EOVERFLOW) {
          setDestructorArg(xs, id, d);
          markReserved(xs, id, 1);
          xs.counters.overflowDrops++;
          xskDropSkb(xs, id);
          xskqConsRelease(tx);
          err = 0;
          continue;
        }
        xskqProdCancel(sim, cq, 1);
        return r;
      }
      setDestructorArg(xs, id, d);
    }
    markReserved(xs, id, 1);
    xs.skbs.destructor[id] = DESTRUCTOR_XSK;
    xskqConsRelease(tx);
    if ((d.options & XDP_PKT_CONTD) !== 0) {
      xs.curSkb = id;
      continue;
    }
    xs.curSkb = -1;
    const n = xs.skbs.descCount[id];
    const ret = devDirectXmit(xs.q, id, xs.batch);
    if (ret === NETDEV_TX_BUSY) {
      xskqConsCancelN(tx, n);
      xskConsumeSkb(xs, id);
      xs.counters.eagainBusy++;
      return -EAGAIN;
    }
    xs.counters.descsConsumed += n;
    if (ret === NET_XMIT_DROP) {
      xs.counters.ebusyDrop++;
      return -EBUSY;
    }
    xs.counters.sent++;
    err = ret;
  }
  if (xskqHasDescs(tx)) {
    // An invalid descriptor stopped the read: drop the partial packet, release that one.
    if (xs.curSkb >= 0) xskDropSkb(xs, xs.curSkb);
    xskqConsRelease(tx);
  }
  return err;
}
