/**
 * An AF_XDP socket bound in copy (XDP_COPY / "SKB") mode to one TX queue: its TX ring, the
 * UMEM's completion ring, socket write memory (sk_wmem_alloc, sk_sndbuf), the behaviour of
 * xsk_generic_xmit() by the registered kernel changes the kernel carries (XmitBehaviour), and
 * the ghost counters properties check.
 *
 * Modelled: sock_alloc_send_skb() admission (usage < sndbuf before the allocation, so one skb
 * may overshoot; -EAGAIN otherwise, never blocking), skb_set_owner_w()/sock_wfree(), and the
 * destructor xsk_destruct_skb() that writes the completion then returns the memory. The socket
 * is a SockWmem: sk_wmem_alloc is accounted by models/kernel/sock.ts, for skbs that are rows of
 * the TX skb table.
 * Simplified: one socket per UMEM (no XDP_SHARED_UMEM), no RX ring, sk_err never set.
 */
import { violate } from '../../engine/index.ts';
import type { ArchProfile } from '../kernel/arch.ts';
import type { KernelEnv } from '../kernel/env.ts';
import { has, kernelOf, type KernelRef } from '../kernel/kernel-of.ts';
import { sockWmemCharge, SK_WMEM_DEFAULT_BYTES, type SockWmem } from '../kernel/sock.ts';
import { spend, PH_COMPLETION, type CpuBatch } from '../nic/cpu-batch.ts';
import { DESTRUCTOR_SOCK_WFREE, DESTRUCTOR_XSK, SKB_MAX_DESCS, type SkbTable } from '../nic/skb-table.ts';
import type { TxQueue } from '../nic/tx-queue.ts';
import { txBatchSize, xskTxHeadroomBytes, XDP_RING_NEED_WAKEUP } from './constants.ts';
import { descRulesFor, type DescRules } from './desc-validate.ts';
import { newDescSlot, type DescSlot } from './peek-desc.ts';
import { createRingOrThrow, xskqProdSubmitAddr, xskqProdSubmitN, type XskRing } from './ring.ts';
import type { Umem } from './umem.ts';

export interface XskSocketOptions {
  txEntries: number;
  cqEntries: number;
  sndbufBytes?: number;
  /** Known-bad variants for property tests (all default off). */
  bugV4WmemDoubleCharge?: boolean;
  bugV3TruesizeBytes?: boolean;
  bugStraddleValidation?: boolean;
  /** Build zero-copy skbs whatever the device declares (the series' v1, before the flag). */
  forceZerocopyBuild?: boolean;
}

/** Kernel-dependent behaviour, resolved once from the registry so the hot path asks nothing. */
export interface XmitBehaviour {
  readonly batchSize: number;
  readonly headroomBytes: number;
  readonly tailroomBytes: number;
  /** xsk-generic-zerocopy-build (9c8f21e6f885): xsk_build_skb() on an IFF_TX_SKB_NO_LINEAR device builds page frags. */
  readonly zerocopy: boolean;
  /** xsk-generic-zerocopy-build: the XSK destructor is attached in xsk_build_skb(), before the CQ reservation. */
  readonly destructorInBuild: boolean;
  /** xsk-cq-reserve-first (a6e944f25cdb): CQ slot reserved before the build, cancelled on failure. */
  readonly reserveFirst: boolean;
  /** xsk-tx-multi-buffer (cf24f5a5feea): multi-buffer, read stops at an invalid descriptor, address written at reserve. */
  readonly v66: boolean;
  /** xsk-tx-empty-descs-stat (8aa5a33578e9): tx_ring_empty_descs is counted. */
  readonly emptyDescsStat: boolean;
  /** xsk-cq-full-eagain (5d0b204654de): sendto() returns -EAGAIN when the CQ is full (0 or the last result before). */
  readonly cqFullEagain: boolean;
  /** xsk-copy-mb-frag-truesize (2127c6043836): a copy-mode frag page charges PAGE_SIZE to truesize and sk_wmem_alloc. */
  readonly copyFragTruesize: boolean;
  /** xsk-tx-consumer-release-after-send (1eb8b0dac189): the TX consumer is published at the end of a send that sent a frame. */
  readonly releaseAfterSend: boolean;
  readonly rules: DescRules;
}

export function xmitBehaviour(arch: ArchProfile, dev: { txSkbNoLinear: boolean; neededHeadroomBytes: number; neededTailroomBytes: number }, o: XskSocketOptions): XmitBehaviour {
  const version = arch.version;
  const kernel = kernelOf(version);
  const zerocopyBuild = has(kernel, 'xsk-generic-zerocopy-build');
  // A driver can only declare IFF_TX_SKB_NO_LINEAR on a kernel that defines it (c2ff53d8049f).
  const deviceNoLinear = dev.txSkbNoLinear && has(kernel, 'netdev-tx-skb-no-linear');
  return {
    batchSize: txBatchSize(version),
    headroomBytes: xskTxHeadroomBytes(arch, dev.neededHeadroomBytes),
    tailroomBytes: has(kernel, 'xsk-generic-xmit-headroom') ? dev.neededTailroomBytes : 0,
    zerocopy: zerocopyBuild && (deviceNoLinear || o.forceZerocopyBuild === true),
    destructorInBuild: zerocopyBuild,
    reserveFirst: has(kernel, 'xsk-cq-reserve-first'),
    v66: has(kernel, 'xsk-tx-multi-buffer'),
    emptyDescsStat: has(kernel, 'xsk-tx-empty-descs-stat'),
    cqFullEagain: has(kernel, 'xsk-cq-full-eagain'),
    copyFragTruesize: has(kernel, 'xsk-copy-mb-frag-truesize'),
    releaseAfterSend: has(kernel, 'xsk-tx-consumer-release-after-send'),
    rules: descRulesFor(version, o.bugStraddleValidation === true),
  };
}

/**
 * True when generic TX builds the skb (and attaches the XSK destructor) before it reserves the
 * CQ slot: 9c8f21e6f885 without a6e944f25cdb. Such a kernel can lose a completion when the CQ
 * is full, so property generators keep its CQ at least as large as the frames.
 */
export function buildsBeforeCqReserve(version: KernelRef): boolean {
  const kernel = kernelOf(version);
  return has(kernel, 'xsk-generic-zerocopy-build') && !has(kernel, 'xsk-cq-reserve-first');
}

export interface XskCounters {
  sendmsgCalls: number;
  /** Returns of xsk_generic_xmit by cause. */
  eagainBatch: number;
  eagainSndbuf: number;
  eagainBusy: number;
  ebusyDrop: number;
  cqFull: number;
  /** Frames handed to the driver with NETDEV_TX_OK / NET_XMIT_CN. */
  sent: number;
  builtCopy: number;
  builtZerocopy: number;
  /** Valid descriptors released from the TX ring and completions produced for them. */
  descsConsumed: number;
  completionsProduced: number;
  /** v6.6: packets dropped for too many frags (descriptors counted invalid). */
  overflowDrops: number;
}

export interface XskSocket extends SockWmem {
  readonly env: KernelEnv;
  readonly version: KernelRef;
  readonly umem: Umem;
  readonly tx: XskRing;
  readonly cq: XskRing;
  readonly skbs: SkbTable;
  readonly q: TxQueue;
  readonly batch: CpuBatch;
  readonly bx: XmitBehaviour;
  readonly opts: XskSocketOptions;
  readonly desc: DescSlot;
  bound: boolean;
  /** v6.6: the packet being assembled from XDP_PKT_CONTD descriptors (−1: none). */
  curSkb: number;
  /** Ghost: completions owed per UMEM chunk (+1 at CQ reservation for it, −1 at completion or cancel). */
  readonly owed: Int32Array;
  readonly counters: XskCounters;
}

function chunkOf(xs: XskSocket, addrLo: number, addrHi: number): number {
  const off = xs.umem.unaligned ? addrLo + addrHi : addrLo;
  return Math.floor(off / xs.umem.chunkSizeBytes);
}

/** Creates the socket, its TX and completion rings, and binds it (copy mode) to `q`. */
// Mirrors xsk_bind() for XDP_COPY with XDP_USE_NEED_WAKEUP, net/xdp/xsk.c (v5.12).
export function createXskSocket(env: KernelEnv, umem: Umem, q: TxQueue, o: XskSocketOptions): XskSocket {
  const tx = createRingOrThrow('tx', o.txEntries, true);
  const cq = createRingOrThrow('cq', o.cqEntries, false);
  // Copy mode: TX always needs an explicit wakeup (xp_assign_dev sets XDP_WAKEUP_TX).
  tx.flags |= XDP_RING_NEED_WAKEUP;
  const xs: XskSocket = {
    env,
    version: env.version,
    umem,
    tx,
    cq,
    skbs: q.skbs,
    q,
    batch: q.batch,
    bx: xmitBehaviour(env.arch, q.profile, o),
    opts: o,
    desc: newDescSlot(),
    wmemAlloc: 1,
    sndbufBytes: o.sndbufBytes ?? SK_WMEM_DEFAULT_BYTES,
    peakWmemBytes: 0,
    bound: true,
    curSkb: -1,
    owed: new Int32Array(Math.ceil(umem.sizeBytes / umem.chunkSizeBytes) + 1),
    counters: {
      sendmsgCalls: 0, eagainBatch: 0, eagainSndbuf: 0, eagainBusy: 0, ebusyDrop: 0, cqFull: 0, sent: 0,
      builtCopy: 0, builtZerocopy: 0, descsConsumed: 0, completionsProduced: 0, overflowDrops: 0,
    },
  };
  q.skbs.fragPageRefs = umem.pageRefs;
  q.skbs.owner = { destruct: (id, kind) => xskDestruct(xs, id, kind) };
  return xs;
}

/** skb_set_owner_w() for TX skb table row `id`: sock_wfree as its destructor, its truesize charged. */
// Mirrors skb_set_owner_w(), net/core/sock.c (v5.12).
export function xskSkbSetOwnerW(xs: XskSocket, id: number): void {
  xs.skbs.destructor[id] = DESTRUCTOR_SOCK_WFREE;
  sockWmemCharge(xs, xs.skbs.truesize[id]);
}

/** sock_wfree() for TX skb table row `id`: its truesize uncharged. */
// Mirrors sock_wfree(), net/core/sock.c (v5.12).
export function xskSockWfree(xs: XskSocket, id: number): void {
  xs.wmemAlloc -= xs.skbs.truesize[id];
  if (xs.wmemAlloc < 1) violate(xs.env.sim, 'sock_wfree', 'wmem-underflow', `sk_wmem_alloc refcount fell to ${xs.wmemAlloc} freeing skb ${id} (truesize ${xs.skbs.truesize[id]})`);
}

/** Records that skb `id` holds a CQ reservation for its descriptors (ghost accounting). */
export function markReserved(xs: XskSocket, id: number, n: number): void {
  const t = xs.skbs;
  t.cqReserved[id] += n;
  const base = id * SKB_MAX_DESCS;
  const first = t.descCount[id] - n;
  for (let i = first; i < t.descCount[id]; i++) xs.owed[chunkOf(xs, t.descAddrLo[base + i], t.descAddrHi[base + i])]++;
}

/** Undoes markReserved for a cancelled reservation (NETDEV_TX_BUSY, build failure). */
export function unmarkReserved(xs: XskSocket, id: number): void {
  const t = xs.skbs;
  const base = id * SKB_MAX_DESCS;
  for (let i = 0; i < t.cqReserved[id]; i++) xs.owed[chunkOf(xs, t.descAddrLo[base + i], t.descAddrHi[base + i])]--;
  t.cqReserved[id] = 0;
}

/**
 * The skb destructor. For XSK: produce the completion(s) under cq_lock, then sock_wfree.
 * Producing for an skb that holds no reservation is the v5.12/5.15 build-before-reserve bug
 * (kfree_skb on a full CQ): the write happens as in the kernel, then it is reported.
 */
// Mirrors xsk_destruct_skb(), net/xdp/xsk.c (v5.12; v6.6 submits descCount).
export function xskDestruct(xs: XskSocket, id: number, kind: number): void {
  const t = xs.skbs;
  if (kind === DESTRUCTOR_XSK) {
    spend(xs.batch, PH_COMPLETION, xs.env.cpu.costs.sockWmemNs);
    const base = id * SKB_MAX_DESCS;
    const n = t.descCount[id];
    const reserved = t.cqReserved[id];
    if (xs.bx.v66) xskqProdSubmitN(xs.env.sim, xs.cq, n);
    else xskqProdSubmitAddr(xs.env.sim, xs.cq, t.descAddrLo[base], t.descAddrHi[base]);
    if (reserved < (xs.bx.v66 ? n : 1)) {
      violate(xs.env.sim, 'xsk_destruct_skb', 'cq-submit-unreserved',
        `skb ${id} (desc addr ${t.descAddrLo[base]}) produced a completion without a completion-queue reservation: kfree_skb() ran the XSK destructor after xskq_prod_reserve() failed on a full CQ (build-before-reserve, v5.12-5.18)`,
        { cqProducer: xs.cq.producer, cqConsumer: xs.cq.consumer, cqCachedProd: xs.cq.kCachedProd, cqEntries: xs.cq.entries });
    }
    for (let i = 0; i < n; i++) {
      const c = chunkOf(xs, t.descAddrLo[base + i], t.descAddrHi[base + i]);
      if (--xs.owed[c] < 0) violate(xs.env.sim, 'xsk_destruct_skb', 'desc-completed-once', `UMEM chunk ${c} completed more often than reserved`);
    }
    t.cqReserved[id] = 0;
    xs.counters.completionsProduced += n;
  }
  xskSockWfree(xs, id);
}
