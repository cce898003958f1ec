/**
 * Building the skb for one TX descriptor (fact sheet §1.4).
 *
 * Copy path: sock_alloc_send_skb(hr + len + tr), skb_reserve(hr), skb_put(len), copy the
 * UMEM bytes. Zero-copy path (IFF_TX_SKB_NO_LINEAR): sock_alloc_send_skb(hr), skb_reserve(hr),
 * one frag per UMEM page the descriptor overlaps (get_page each), len and data_len += len,
 * truesize += ts and sk_wmem_alloc += ts with ts = chunk_size (aligned) or len (unaligned).
 * Before v5.12 (hr = tr = 0) the skb is exactly len bytes.
 * Errors are returned as negative errno (the kernel's ERR_PTR); an skb id is >= 0.
 */
import { EAGAIN } from '../kernel/errno.ts';
import { sockSndbufHasRoom, sockWmemCharge } from '../kernel/sock.ts';
import { spend, PH_COPY, PH_FRAG, PH_SKB_ALLOC } from '../nic/cpu-batch.ts';
import { DESTRUCTOR_XSK, SKB_MAX_DESCS, SKB_MAX_FRAGS, skbAlloc, txSkbPut, txSkbReserve } from '../nic/skb-table.ts';
import { descDataOffset } from './desc-validate.ts';
import type { DescSlot } from './peek-desc.ts';
import { umemCheckRead, umemPageGet } from './umem.ts';
import { xskSkbSetOwnerW, type XskSocket } from './xsk-socket.ts';

/** sock_alloc_send_skb() into the TX skb table: the row id, or -EAGAIN when sk_sndbuf is full. */
// Mirrors sock_alloc_send_skb() -> sock_alloc_send_pskb(noblock = 1), net/core/sock.c (v5.12).
export function xskSockAllocSendSkb(xs: XskSocket, sizeBytes: number): number {
  const c = xs.env.cpu.costs;
  if (!sockSndbufHasRoom(xs)) {
    xs.counters.eagainSndbuf++;
    return -EAGAIN;
  }
  spend(xs.batch, PH_SKB_ALLOC, c.skbAllocNs + c.kmallocNs + c.sockWmemNs);
  const id = skbAlloc(xs.skbs, xs.env.arch, sizeBytes);
  xskSkbSetOwnerW(xs, id);
  return id;
}

/** Stores the descriptor's address as destructor_arg (and, from v6.6, counts the descriptor). */
// Mirrors skb_shinfo(skb)->destructor_arg = addr (v5.12) / xsk_set_destructor_arg() (v6.6), net/xdp/xsk.c.
export function setDestructorArg(xs: XskSocket, id: number, d: DescSlot): void {
  const t = xs.skbs;
  const n = t.descCount[id];
  t.descAddrLo[id * SKB_MAX_DESCS + n] = d.addrLo;
  t.descAddrHi[id * SKB_MAX_DESCS + n] = d.addrHi;
  t.descCount[id] = n + 1;
}

/**
 * Attaches the descriptor's UMEM bytes as page frags after the skb's current ones: a
 * get_page() per page touched, so a descriptor crossing a page boundary costs two frags.
 */
// Mirrors the get_page() / skb_fill_page_desc() loop of xsk_build_skb_zerocopy(), net/xdp/xsk.c (v5.12; from nr_frags in v6.6).
export function fillUmemFrags(xs: XskSocket, id: number, d: DescSlot): void {
  const t = xs.skbs;
  const umem = xs.umem;
  const pageSize = umem.pageSizeBytes;
  const pageRefNs = xs.env.cpu.costs.pageRefNs;
  let offset = descDataOffset(umem, d.addrLo, d.addrHi);
  umemCheckRead(xs.env.sim, umem, offset, d.len, 'xsk_build_skb_zerocopy');
  let i = t.nrFrags[id];
  for (let copied = 0; copied < d.len; i++) {
    const page = Math.floor(offset / pageSize);
    const copy = Math.min(pageSize - (offset - page * pageSize), d.len - copied);
    umemPageGet(xs.env.sim, umem, page);
    t.fragPage[id * SKB_MAX_FRAGS + i] = page;
    copied += copy;
    offset += copy;
    spend(xs.batch, PH_FRAG, pageRefNs);
  }
  t.nrFrags[id] = i;
}

// Mirrors xsk_build_skb_zerocopy(), net/xdp/xsk.c (v5.12).
export function xskBuildSkbZerocopy(xs: XskSocket, d: DescSlot): number {
  const id = xskSockAllocSendSkb(xs, xs.bx.headroomBytes);
  if (id < 0) return id;
  const t = xs.skbs;
  const umem = xs.umem;
  const c = xs.env.cpu.costs;
  txSkbReserve(t, id, xs.bx.headroomBytes);
  const len = d.len;
  const headTruesize = t.truesize[id];
  const ts = umem.unaligned || xs.opts.bugV3TruesizeBytes === true ? len : umem.chunkSizeBytes;
  fillUmemFrags(xs, id, d);
  t.len[id] += len;
  t.dataLen[id] += len;
  t.truesize[id] += ts;
  sockWmemCharge(xs, ts);
  // The series' v4 regression: the head's truesize was charged to the socket a second time.
  if (xs.opts.bugV4WmemDoubleCharge === true) sockWmemCharge(xs, headTruesize);
  spend(xs.batch, PH_FRAG, c.sockWmemNs);
  xs.counters.builtZerocopy++;
  return id;
}

// Mirrors the copy branch of xsk_build_skb(), net/xdp/xsk.c (v5.12; v5.11 when hr = tr = 0).
export function xskBuildSkbCopy(xs: XskSocket, d: DescSlot): number {
  const hr = xs.bx.headroomBytes;
  const id = xskSockAllocSendSkb(xs, hr + d.len + xs.bx.tailroomBytes);
  if (id < 0) return id;
  const c = xs.env.cpu.costs;
  txSkbReserve(xs.skbs, id, hr);
  txSkbPut(xs.env.sim, xs.skbs, id, d.len);
  umemCheckRead(xs.env.sim, xs.umem, descDataOffset(xs.umem, d.addrLo, d.addrHi), d.len, 'xsk_build_skb');
  spend(xs.batch, PH_COPY, c.memcpyFixedNs + d.len / c.memcpyBytesPerNs);
  xs.counters.builtCopy++;
  return id;
}

/**
 * Builds the skb and, from v5.12, attaches the XSK destructor here (before the caller
 * reserves the CQ slot, which is what makes kfree_skb on a full CQ produce a completion).
 */
// Mirrors xsk_build_skb(), net/xdp/xsk.c (v5.12).
export function xskBuildSkb(xs: XskSocket, d: DescSlot): number {
  const id = xs.bx.zerocopy ? xskBuildSkbZerocopy(xs, d) : xskBuildSkbCopy(xs, d);
  if (id < 0) return id;
  setDestructorArg(xs, id, d);
  if (xs.bx.destructorInBuild) xs.skbs.destructor[id] = DESTRUCTOR_XSK;
  return id;
}
