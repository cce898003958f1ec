/**
 * The xdpsock transmit benchmark (`xdpsock -i eth0 -t -S -s <size>`, samples/bpf/xdpsock_user.c
 * of v5.11) as a model: one AF_XDP socket in copy mode (-S), need_wakeup on, batch 64, TX and
 * completion rings of 2048, 4096 frames of 4096 bytes. Each loop iteration keeps the TX ring
 * full (reserve a batch when 64 slots are free, fill it, submit), kicks with sendto(), peeks up
 * to a batch of completions, releases them and recycles their frames.
 *
 * One loop iteration (one sendto and what it triggers) is one simulated event; its CPU time is
 * accumulated per phase and the next iteration starts when the core is free.
 * Modelled beyond xdpsock: frames are recycled from completions (xdpsock cycles frame numbers
 * blindly), which lets the model check that every valid descriptor is completed exactly once;
 * optionally every Nth descriptor is made invalid (address past the UMEM) to exercise
 * validation.
 *
 * Observation (`sim.observer`, behind one null check per iteration, never read back): spans
 * on the core's track ('cpu0') for each part of an iteration that took time, 'xdpsock_tx_only'
 * (filling the TX ring), 'sendto' with 'xsk_generic_xmit' inside it, and
 * 'xdpsock_complete_tx' (reading completions); a 'wire' span on the queue's track
 * ('<ifname>.txq0') from the first frame of a sendto starting on the device to the last one
 * leaving it; and once per iteration the counters 'xskTxRing' (descriptors the kernel has not
 * consumed), 'xskCq' (completion entries produced or reserved, not yet released by the
 * application), 'sk_wmem_alloc' (bytes) and the NIC queue's occupancy.
 */
import { violate, type Simulator } from '../../engine/index.ts';
import { archProfile, type ArchName } from '../kernel/arch.ts';
import { createKernelEnv, type KernelEnv } from '../kernel/env.ts';
import { has, kernelOf, kernelText, type KernelRef } from '../kernel/kernel-of.ts';
import { sockWmemAllocGet } from '../kernel/sock.ts';
import { batchBegin, batchEnd, createCpuBatch, spend, PH_SYSCALL, PH_USER, TX_PHASE_NAMES, type CpuBatch } from '../nic/cpu-batch.ts';
import { netDevProfile, type NetDevOverrides, type NetDevProfile, type NicKind } from '../nic/netdev.ts';
import { createSkbTable } from '../nic/skb-table.ts';
import { nicTxCosts } from '../nic/tx-costs.ts';
import { createTxQueue, txInFlight, txObserveCounters, txStartDrain, type TxQueue } from '../nic/tx-queue.ts';
import { XDP_PKT_CONTD } from './constants.ts';
import { xskGenericXmit } from './generic-xmit.ts';
import { ringOccupancy, userConsPeek, userConsRelease, userProdNeedsWakeup, userProdReserve, userProdSubmit } from './ring.ts';
import { registerUmemOrThrow, umemPagesOffBaseline, type Umem } from './umem.ts';
import { createXskSocket, type XskSocket, type XskSocketOptions } from './xsk-socket.ts';

export interface XdpsockConfig {
  kernel: KernelRef;
  arch?: ArchName;
  pageSizeBytes?: number;
  /** The CPU's cache_line_size() (models/kernel/cpu-models.ts; default 64). */
  cpuCacheLineBytes?: number;
  costProfile?: string;
  costOverrides?: Readonly<Record<string, number>>;
  iommu?: boolean;
  nic: NicKind;
  nicOverrides?: NetDevOverrides;
  /** -s: frame length in bytes. */
  packetSizeBytes: number;
  /** v6.6+ multi-buffer: each packet spans this many descriptors (XDP_PKT_CONTD on all but the last). */
  descsPerPacket?: number;
  /** -b: descriptors per reserve and per completion peek. */
  batchSize?: number;
  frameSizeBytes?: number;
  numFrames?: number;
  txEntries?: number;
  cqEntries?: number;
  unaligned?: boolean;
  umemHeadroomBytes?: number;
  sndbufBytes?: number;
  /** Make every Nth descriptor invalid (0: never). */
  invalidEvery?: number;
  /** Stop sending at this simulated time (then drain); Infinity: send until the run ends. */
  stopAtNs?: number;
  /** Start of the measurement window (counters before it are warm-up). */
  warmupNs?: number;
  /** Prefix of this instance's event-kind names (unique per Simulator). */
  name?: string;
  /**
   * Observer tracks: '<trackPrefix>.cpu0' and '<trackPrefix>.txq0' instead of 'cpu0' and
   * '<ifname>.txq0', for instances sharing a Simulator (each is its own machine). Start it
   * with the interface name so the queue stays grouped under its interface.
   */
  trackPrefix?: string;
  /** Schedule the first loop iteration now (default); false: the caller calls model.start(). */
  start?: boolean;
  bugs?: Pick<XskSocketOptions, 'bugV4WmemDoubleCharge' | 'bugV3TruesizeBytes' | 'bugStraddleValidation' | 'forceZerocopyBuild'>;
}

export interface XdpsockModel {
  readonly env: KernelEnv;
  readonly umem: Umem;
  readonly xs: XskSocket;
  readonly q: TxQueue;
  readonly batch: CpuBatch;
  readonly profile: NetDevProfile;
  readonly config: Required<Pick<XdpsockConfig, 'packetSizeBytes' | 'batchSize' | 'frameSizeBytes' | 'numFrames' | 'descsPerPacket'>>;
  /** Completions read by the application (xdpsock's tx_npkts). */
  txNpkts: number;
  outstandingTx: number;
  /** Drain phase: no new descriptors; keep kicking and reaping until everything is back. */
  draining: boolean;
  finished: boolean;
  loopIterations: number;
  sendtoCalls: number;
  invalidSubmitted: number;
  /** Frames free for the application (a stack) and each frame's state (0 free, 1 submitted). */
  readonly freeFrames: Int32Array;
  freeFrameCount: number;
  readonly frameState: Uint8Array;
  /** Snapshot at the start of the measurement window. */
  warm: { timeNs: number; txNpkts: number; phaseNs: Float64Array; taken: boolean };
  /** Snapshot when sending stopped (the drain is not part of the measurement). */
  stop: { timeNs: number; txNpkts: number; phaseNs: Float64Array; taken: boolean };
  readonly loopKind: number;
  /** Schedules the first loop iteration (once). */
  start(): void;
}

export function createXdpsock(sim: Simulator, cfg: XdpsockConfig): XdpsockModel {
  const arch = archProfile(cfg.arch ?? 'x86_64', cfg.pageSizeBytes ?? 4096, cfg.kernel, cfg.cpuCacheLineBytes === undefined ? {} : { cpuCacheLineBytes: cfg.cpuCacheLineBytes });
  const env = createKernelEnv({ sim, arch, cpus: 1, costProfile: cfg.costProfile ?? 'default', costOverrides: cfg.costOverrides ?? {} });
  const frameSize = cfg.frameSizeBytes ?? 4096;
  const numFrames = cfg.numFrames ?? 4096;
  // The application submits whole packets: a multi-buffer batch is a multiple of descsPerPacket.
  const descsPerPacketForBatch = cfg.descsPerPacket ?? 1;
  const batchSize = Math.max(descsPerPacketForBatch, Math.floor((cfg.batchSize ?? 64) / descsPerPacketForBatch) * descsPerPacketForBatch);
  const umem = registerUmemOrThrow(
    { startAddr: 0, sizeBytes: frameSize * numFrames, chunkSizeBytes: frameSize, headroomBytes: cfg.umemHeadroomBytes ?? 0, unaligned: cfg.unaligned ?? false },
    arch.pageSizeBytes,
  );
  const descsPerPacket = cfg.descsPerPacket ?? 1;
  if (!(Number.isSafeInteger(descsPerPacket) && descsPerPacket >= 1)) throw new RangeError(`xdpsock: descsPerPacket must be an integer >= 1, found ${descsPerPacket}`);
  if (descsPerPacket > 1 && !has(kernelOf(cfg.kernel), 'xsk-tx-multi-buffer')) {
    throw new RangeError(`xdpsock: multi-buffer (descsPerPacket ${descsPerPacket}) needs kernel 6.6 or later (cf24f5a5feea, xsk-tx-multi-buffer), found ${kernelText(cfg.kernel)}`);
  }
  if (descsPerPacket > 1 && (cfg.invalidEvery ?? 0) > 0) throw new RangeError('xdpsock: invalidEvery and multi-buffer packets cannot be combined');
  // Every descriptor but the last carries ceil(size / k) bytes; the last carries the rest.
  const partBytes = Math.ceil(cfg.packetSizeBytes / descsPerPacket);
  const lastBytes = cfg.packetSizeBytes - partBytes * (descsPerPacket - 1);
  if (!(cfg.packetSizeBytes >= 1 && partBytes <= frameSize && lastBytes >= 1)) {
    throw new RangeError(`xdpsock: packet size ${cfg.packetSizeBytes} in ${descsPerPacket} descriptors must give each 1..${frameSize} bytes (frame size)`);
  }
  const profile = netDevProfile(cfg.nic, cfg.kernel, cfg.nicOverrides ?? {});
  const costs = nicTxCosts(env.cpu.costs, profile.kind, profile.usesDmaApi, cfg.iommu ?? false);
  const batch = cfg.trackPrefix === undefined ? createCpuBatch(env.cpu, 0) : createCpuBatch(env.cpu, 0, undefined, `${cfg.trackPrefix}.cpu0`);
  const skbs = createSkbTable(512);
  const name = cfg.name ?? 'xdpsock';
  const q = createTxQueue(env, profile, costs, skbs, batch, `${name}.nic`, cfg.trackPrefix === undefined ? undefined : `${cfg.trackPrefix}.txq0`);
  const xs = createXskSocket(env, umem, q, {
    txEntries: cfg.txEntries ?? 2048,
    cqEntries: cfg.cqEntries ?? 2048,
    sndbufBytes: cfg.sndbufBytes,
    ...(cfg.bugs ?? {}),
  });
  const freeFrames = new Int32Array(numFrames);
  for (let i = 0; i < numFrames; i++) freeFrames[i] = numFrames - 1 - i;
  const m = {
    env, umem, xs, q, batch, profile,
    config: { packetSizeBytes: cfg.packetSizeBytes, batchSize, frameSizeBytes: frameSize, numFrames, descsPerPacket },
    txNpkts: 0, outstandingTx: 0, draining: false, finished: false, loopIterations: 0, sendtoCalls: 0, invalidSubmitted: 0,
    freeFrames, freeFrameCount: numFrames, frameState: new Uint8Array(numFrames),
    warm: { timeNs: 0, txNpkts: 0, phaseNs: new Float64Array(TX_PHASE_NAMES.length), taken: false },
    stop: { timeNs: 0, txNpkts: 0, phaseNs: new Float64Array(TX_PHASE_NAMES.length), taken: false },
    loopKind: 0,
    start: () => {},
  } as XdpsockModel;
  const invalidEvery = cfg.invalidEvery ?? 0;
  const stopAtNs = cfg.stopAtNs ?? Infinity;
  const warmupNs = cfg.warmupNs ?? 0;
  const userLoopNs = env.cpu.costs.userLoopNs ?? 30;
  const userDescNs = env.cpu.costs.userDescNs ?? 4;
  const syscallNs = env.cpu.costs.syscallNs ?? 150;
  let descSeq = 0;
  // Mirrors the main loop: tx_only() + complete_tx_only(), samples/bpf/xdpsock_user.c (v5.11).
  const loop = (): void => {
    if (!m.warm.taken && sim.nowNs >= warmupNs) takeWarm(m);
    if (sim.nowNs >= stopAtNs && !m.draining) xdpsockStop(m);
    if (m.draining && xs.tx.producer === xs.tx.kCachedCons) {
      // Everything submitted has been taken by the kernel: let TX NAPI free what the NIC holds
      // and read the last completions, then stop.
      txStartDrain(q);
      if (m.outstandingTx === 0 && txInFlight(q) === 0) {
        m.finished = true;
        return;
      }
    }
    m.loopIterations++;
    batchBegin(batch, sim.nowNs);
    spend(batch, PH_USER, userLoopNs);
    // Offsets into the batch of the iteration's parts, for the observer (-1: the part did not run).
    let sendtoAtNs = -1;
    let xmitAtNs = -1;
    let reapAtNs = -1;
    let wireFromNs = 0;
    let postedBefore = 0;
    // tx_only(): fill a batch when the ring has room for one and frames are free.
    if (!m.draining && m.freeFrameCount >= batchSize) {
      const idx = userProdReserve(xs.tx, batchSize);
      if (idx >= 0) {
        const tx = xs.tx;
        for (let i = 0; i < batchSize; i++) {
          const slot = (idx + i) & tx.mask;
          descSeq++;
          if (invalidEvery > 0 && descSeq % invalidEvery === 0) {
            tx.addrLo[slot] = umem.sizeBytes;
            tx.addrHi[slot] = 0;
            m.invalidSubmitted++;
          } else {
            const frame = m.freeFrames[--m.freeFrameCount];
            m.frameState[frame] = 1;
            tx.addrLo[slot] = frame * frameSize + (umem.unaligned ? 64 : 0);
            tx.addrHi[slot] = 0;
            m.outstandingTx++;
          }
          const pos = (descSeq - 1) % descsPerPacket;
          const more = pos < descsPerPacket - 1;
          tx.len[slot] = more ? partBytes : lastBytes;
          tx.options[slot] = more ? XDP_PKT_CONTD : 0;
        }
        userProdSubmit(sim, tx, batchSize);
        spend(batch, PH_USER, batchSize * userDescNs);
      }
    }
    // complete_tx_only(): kick, then reap completions.
    if (m.outstandingTx > 0 || xs.tx.producer !== xs.tx.kCachedCons) {
      // xdpsock kicks whenever frames are outstanding; an empty TX ring (only in the drain) is not kicked.
      if (userProdNeedsWakeup(xs.tx) && xs.tx.producer !== xs.tx.kCachedCons) {
        m.sendtoCalls++;
        xs.counters.sendmsgCalls++;
        sendtoAtNs = batch.elapsedNs;
        spend(batch, PH_SYSCALL, syscallNs);
        xmitAtNs = batch.elapsedNs;
        wireFromNs = q.deviceBusyUntilNs;
        postedBefore = q.postedCount;
        xskGenericXmit(xs);
      }
      reapAtNs = batch.elapsedNs;
      reapCompletions(m, userDescNs);
    }
    const doneAtNs = batch.elapsedNs;
    const end = batchEnd(batch);
    if (sim.observer !== null) observeIteration(m, end, sendtoAtNs, xmitAtNs, reapAtNs, doneAtNs, wireFromNs, postedBefore);
    // A drained application with nothing to read waits for the next completion instead of spinning.
    const idleNs = m.draining && xs.tx.producer === xs.tx.kCachedCons ? q.profile.completionDelayNs : 1;
    sim.scheduleAt(end > sim.nowNs ? end : sim.nowNs + idleNs, m.loopKind, 0, 0);
  };
  (m as { loopKind: number }).loopKind = sim.register(`${name}.loop`, loop);
  let started = false;
  m.start = () => {
    if (started) return;
    started = true;
    sim.schedule(0, m.loopKind, 0, 0);
  };
  if (cfg.start !== false) m.start();
  return m;
}

/**
 * Reports one loop iteration: its parts as spans on the core (offsets are fractional ns into
 * the batch, clipped to what the core was charged so consecutive iterations never overlap),
 * the device time of the frames its sendto posted, and the rings and socket memory after it.
 */
function observeIteration(
  m: XdpsockModel, endNs: number, sendtoAtNs: number, xmitAtNs: number, reapAtNs: number, doneAtNs: number, wireFromNs: number, postedBefore: number,
): void {
  const obs = m.env.sim.observer!;
  const b = m.batch;
  const track = b.track;
  const at = (offsetNs: number): number => {
    const t = b.startNs + Math.floor(offsetNs);
    return t < endNs ? t : endNs;
  };
  const span = (name: string, fromNs: number, toNs: number): void => {
    if (toNs > fromNs) obs.span(track, name, fromNs, toNs - fromNs);
  };
  const firstPartEnd = sendtoAtNs >= 0 ? sendtoAtNs : reapAtNs >= 0 ? reapAtNs : doneAtNs;
  span('xdpsock_tx_only', b.startNs, at(firstPartEnd));
  if (sendtoAtNs >= 0) {
    span('sendto', at(sendtoAtNs), at(reapAtNs));
    span('xsk_generic_xmit', at(xmitAtNs), at(reapAtNs));
    const q = m.q;
    if (q.postedCount > postedBefore) {
      const xmitNs = b.startNs + Math.floor(xmitAtNs);
      const fromNs = wireFromNs > xmitNs ? wireFromNs : xmitNs;
      if (q.deviceBusyUntilNs > fromNs) obs.span(q.track, 'wire', fromNs, q.deviceBusyUntilNs - fromNs);
    }
  }
  if (reapAtNs >= 0) span('xdpsock_complete_tx', at(reapAtNs), at(doneAtNs));
  const timeNs = endNs > b.startNs ? endNs : b.startNs;
  const xs = m.xs;
  obs.counter(m.q.track, 'xskTxRing', timeNs, xs.tx.producer - xs.tx.kCachedCons);
  obs.counter(m.q.track, 'xskCq', timeNs, ringOccupancy(xs.cq));
  obs.counter(m.q.track, 'sk_wmem_alloc', timeNs, sockWmemAllocGet(xs));
  txObserveCounters(m.q, timeNs);
}

function snapshot(m: XdpsockModel, s: XdpsockModel['warm']): void {
  s.taken = true;
  s.timeNs = m.env.sim.nowNs;
  s.txNpkts = m.txNpkts;
  s.phaseNs.set(m.batch.exactNs);
}

function takeWarm(m: XdpsockModel): void {
  snapshot(m, m.warm);
}

/** Reads up to a batch of completions and recycles their frames. */
// Mirrors complete_tx_only()'s completion half, samples/bpf/xdpsock_user.c (v5.11).
function reapCompletions(m: XdpsockModel, userDescNs: number): void {
  const cq = m.xs.cq;
  const n = userConsPeek(cq, m.config.batchSize);
  if (n === 0) return;
  const start = cq.uCachedCons - n;
  const frameSize = m.config.frameSizeBytes;
  for (let i = 0; i < n; i++) {
    const slot = (start + i) & cq.mask;
    const frame = Math.floor(cq.addrLo[slot] / frameSize);
    if (!(frame >= 0 && frame < m.config.numFrames) || m.frameState[frame] !== 1) {
      violate(m.env.sim, 'xsk_ring_cons__peek', 'completion-for-submitted-frame',
        `completion ring returned address ${cq.addrLo[slot]} (frame ${frame}) which the application has not submitted or already got back`);
    }
    m.frameState[frame] = 0;
    m.freeFrames[m.freeFrameCount++] = frame;
  }
  userConsRelease(m.env.sim, cq, n);
  spend(m.batch, PH_USER, n * userDescNs);
  m.outstandingTx -= n;
  m.txNpkts += n;
}

/** Stops posting new descriptors; the loop keeps kicking and reaping until all are back. */
export function xdpsockStop(m: XdpsockModel): void {
  if (m.draining) return;
  if (!m.warm.taken) takeWarm(m);
  snapshot(m, m.stop);
  m.draining = true;
}

/** After a drain: reads what is left in the completion ring (the application's last peek). */
export function xdpsockFinalReap(m: XdpsockModel): void {
  while (m.xs.cq.producer > m.xs.cq.consumer) {
    const before = m.txNpkts;
    reapCompletions(m, 0);
    if (m.txNpkts === before) break;
  }
}

export interface XdpsockMetrics {
  packetSizeBytes: number;
  measuredNs: number;
  pps: number;
  gbps: number;
  cpuNsPerPacket: Record<string, number>;
  cpuNsPerPacketTotal: number;
  skbHeadReallocs: number;
  linearizations: number;
  peakWmemBytes: number;
  peakSkbsInFlight: number;
  zerocopySkbs: number;
  copySkbs: number;
  sendtoCalls: number;
  completionsRead: number;
  wirePackets: number;
  errors: Record<string, number>;
}

export function xdpsockMetrics(m: XdpsockModel): XdpsockMetrics {
  const sim = m.env.sim;
  const start = m.warm.taken ? m.warm.timeNs : 0;
  const end = m.stop.taken ? m.stop : { timeNs: sim.nowNs, txNpkts: m.txNpkts, phaseNs: m.batch.exactNs };
  const measuredNs = Math.max(1, end.timeNs - start);
  // Completions are per descriptor; a multi-buffer packet completes descsPerPacket of them.
  const packets = Math.floor((end.txNpkts - (m.warm.taken ? m.warm.txNpkts : 0)) / m.config.descsPerPacket);
  const perPacket: Record<string, number> = {};
  let total = 0;
  TX_PHASE_NAMES.forEach((name, i) => {
    const ns = (end.phaseNs[i] - (m.warm.taken ? m.warm.phaseNs[i] : 0)) / Math.max(1, packets);
    perPacket[name] = round3(ns);
    total += ns;
  });
  const c = m.xs.counters;
  const qc = m.q.counters;
  const pps = (packets * 1e9) / measuredNs;
  return {
    packetSizeBytes: m.config.packetSizeBytes,
    measuredNs,
    pps: Math.round(pps),
    gbps: round3((pps * m.config.packetSizeBytes * 8) / 1e9),
    cpuNsPerPacket: perPacket,
    cpuNsPerPacketTotal: round3(total),
    skbHeadReallocs: qc.headReallocs,
    linearizations: qc.linearizations,
    peakWmemBytes: m.xs.peakWmemBytes,
    peakSkbsInFlight: m.xs.skbs.peakLive,
    zerocopySkbs: c.builtZerocopy,
    copySkbs: c.builtCopy,
    sendtoCalls: m.sendtoCalls,
    completionsRead: m.txNpkts,
    wirePackets: qc.wirePackets,
    errors: {
      invalidDescs: m.xs.tx.invalidDescs,
      eagainBatch: c.eagainBatch,
      eagainSndbuf: c.eagainSndbuf,
      eagainTxBusy: c.eagainBusy,
      ebusyXmitDrop: c.ebusyDrop,
      cqFull: c.cqFull,
      devDownDrops: qc.dropDevDown,
      errorCqes: qc.errorCqes,
      flushedWqes: qc.flushedWqes,
      overflowDrops: c.overflowDrops,
    },
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Leak and balance checks after a fault-free drain: returns the problems found (empty when
 * clean). Every valid descriptor completed exactly once, CQ reservations all produced or
 * cancelled, UMEM pages back to their pin, socket memory back to 1, DMA maps balanced.
 */
export function xdpsockQuiescenceProblems(m: XdpsockModel): string[] {
  const out: string[] = [];
  const xs = m.xs;
  const cq = xs.cq;
  if (txInFlight(m.q) !== 0) out.push(`${txInFlight(m.q)} skbs still in the NIC ring`);
  if (xs.skbs.live !== 0) out.push(`${xs.skbs.live} skbs still allocated`);
  if (xs.counters.descsConsumed !== xs.counters.completionsProduced) {
    out.push(`valid descriptors consumed ${xs.counters.descsConsumed} != completions produced ${xs.counters.completionsProduced}`);
  }
  if (cq.reservedTotal !== cq.submittedTotal + cq.cancelledTotal) {
    out.push(`CQ reservations ${cq.reservedTotal} != produced ${cq.submittedTotal} + cancelled ${cq.cancelledTotal}`);
  }
  if (cq.kCachedProd !== cq.producer) out.push(`CQ cached_prod ${cq.kCachedProd} != producer ${cq.producer} (reservations outstanding)`);
  for (let i = 0; i < xs.owed.length; i++) if (xs.owed[i] !== 0) {
    out.push(`UMEM chunk ${i} owes ${xs.owed[i]} completions`);
    break;
  }
  const off = umemPagesOffBaseline(m.umem);
  if (off !== 0) out.push(`${off} UMEM pages not back to their pinned refcount of 1`);
  if (xs.wmemAlloc !== 1) out.push(`sk_wmem_alloc is ${xs.wmemAlloc}, expected 1`);
  if (m.q.counters.dmaMaps !== m.q.counters.dmaUnmaps) out.push(`DMA maps ${m.q.counters.dmaMaps} != unmaps ${m.q.counters.dmaUnmaps}`);
  if (xs.skbs.privatePagesAllocated !== xs.skbs.privatePagesFreed) out.push(`private frag pages allocated ${xs.skbs.privatePagesAllocated} != freed ${xs.skbs.privatePagesFreed}`);
  return out;
}

export function xdpsockWmemBytes(m: XdpsockModel): number {
  return sockWmemAllocGet(m.xs);
}
