/**
 * The MANA RX model as a running simulation: one flow per RX queue (a TCP-like connection or
 * an open-loop UDP stream) arrives on the wire, the device DMA-writes each frame into the
 * posted buffer, an interrupt schedules NAPI, NAPI runs mana_process_rx_cqe() for up to
 * `napiBudget` completions per poll while its CPU is charged, skbs go to the socket, and an
 * application thread consumes them at a configured rate, freeing them so their pages return
 * to the page_pool. XDP_TX skbs and redirected buffers come back after a fixed delay.
 *
 * Events carry only the queue index; frames, ACKs and lent buffers sit in per-queue FIFOs
 * with constant delays, so no closure or object is allocated per packet. Frames reach the
 * device lazily: a NAPI poll at time t first lets the device take every frame that arrived
 * by t, in arrival order. Between two polls the ring only loses posted buffers (refills
 * happen in NAPI), so the no-WQE drops and the buffers written are exactly those of eager
 * per-frame delivery; the interrupt of the first frame after NAPI went idle is an event.
 * The sender transmits TSO-sized bursts (one event per burst), the receiver ACKs once per
 * NAPI poll (GRO flush plus delayed ACK) and the application reads up to `appReadBytes`
 * per recvmsg, so a packet costs far less than one event.
 * Simplified: the sender is remote (its CPU is not modelled); TCP's MSS is fixed at the
 * initial MTU (no PMTU discovery); NAPI delivers a poll's skbs at the poll's start time while
 * the next poll waits for the CPU time the poll consumed.
 *
 * Observation (`sim.observer`, behind a null check, never read back; the trajectory is the
 * same with or without it):
 * - frames: every frame the device takes off the wire, 'rx' on `ifname` (flow id = queue), at
 *   its arrival time (frames reach the device lazily, so the capture is in order per queue);
 * - CPU tracks ('cpuN'): per NAPI poll a 'napi_poll' span, split into 'mana_poll_rx_cq' (the
 *   driver: CQEs, refill, XDP, skb build, page_pool and DMA work) and 'napi_gro_receive' (the
 *   stack up to the socket); per recvmsg() an 'app_recv' span on the application's core;
 * - queue tracks ('<ifname>.rxqN'): 'irq_to_napi', the completion latency from the frame that
 *   raised the interrupt to the start of the poll it scheduled (these never overlap; the
 *   poll itself is on the CPU track, where its work may outlast the next frame's arrival);
 * - counters on the queue track, per poll: 'buffersPosted' when the poll starts (posted
 *   buffers the device has not filled yet: the ring minus the completions waiting),
 *   after it 'pp.allocCache', 'pp.ring', 'pp.inflight' (pages the pool has handed out and
 *   not got back: ring, sockets, XDP) and 'sk_rmem_alloc' (also after each recvmsg);
 *   'tcpWindowBytes' (the window advertised) per ACK sent.
 */
import type { Simulator } from '../../engine/simulator.ts';
import type { ArchProfile } from '../kernel/arch.ts';
import { createKernelEnv, type KernelEnv } from '../kernel/env.ts';
import { createPageAllocator, type Page } from '../kernel/page.ts';
import { DMA_TO_DEVICE, createDmaDevice, dmaMap, dmaMappingError, dmaUnmap } from '../kernel/dma.ts';
import { charge, copyCostNs, cpuTrackName } from '../kernel/cpu.ts';
import { pagePoolInflight } from '../kernel/page-pool.ts';
import { armFault } from '../kernel/fault.ts';
import { EmpiricalDistribution } from '../../engine/rng.ts';
import { createRcvQueue, rcvQueuePop, type RcvQueue } from '../rx/rcv-queue.ts';
import { udpEnqueue } from '../rx/udp-receiver.ts';
import {
  TCP_RX_OUT_OF_ORDER,
  TCP_RX_OUT_OF_WINDOW,
  TCP_RX_QUEUED,
  createTcpReceiver,
  tcpSelectWindow,
  tcpReceiveSegment,
  tcpTakeHoleSignal,
  type TcpReceiver,
} from '../rx/tcp-receiver.ts';
import { tcpFreeWindow } from '../rx/tcp-window.ts';
import { createTcpSender, tcpOnAck, tcpOnRto, tcpOnSend, tcpSendable, type TcpSender } from '../rx/tcp-sender.ts';
import { createArrivals, nextGapNs, takeArrival, wireTimeNs, type ArrivalProcess } from '../rx/arrivals.ts';
import { DEF_RX_BUFFERS_PER_QUEUE } from './constants.ts';
import { DEFAULT_ADAPTER_MTU, manaMaxMtu, rxGeometryOf } from './rxbuf-cfg.ts';
import { manaDriverOf, type ManaRxVariant } from './driver.ts';
import { createPageFragCaches } from './page-frag.ts';
import { createRxSkbTable } from './skb-table.ts';
import { manaCosts } from './costs.ts';
import { DROP_TCP_OOO, DROP_TCP_RCVBUF, DROP_UDP_RCVBUF } from './drops.ts';
import { emptyPortCounters, emptyRxqStats, newDropCounts, type ManaHooks, type ManaPort, type ManaRxq } from './port.ts';
import { manaDeviceReceive, manaFreeRxSkb, manaProcessRxCqe, manaSettleCpu, manaXdpReturn } from './rx-path.ts';
import { manaChangeMtuStart, manaDetach, manaOpen, manaReconfigFinish, manaSetRingparamStart, manaXdpSetStart, type PendingReconfig, type ReconfigStart } from './reconfig.ts';
import { createXdpProgram, type XdpActionName } from './xdp.ts';
import { ringFootprint } from './report.ts';
import { createNumFifo, createObjFifo, fifoPopPos, fifoPushPos, objFifoPop, objFifoPush, type NumFifo, type ObjFifo } from './fifo.ts';

/** Ethernet + IPv4 + TCP with timestamps: MSS = MTU - 52, frame = MSS + 66. */
export const TCP_FRAME_OVERHEAD_BYTES = 66;
/** The most one TSO burst carries (GSO_MAX_SIZE-like). */
export const TSO_MAX_BYTES = 65536;
/** Ethernet + IPv4 + UDP. */
export const UDP_FRAME_OVERHEAD_BYTES = 42;

export interface TcpFlowConfig {
  kind: 'tcp';
  /** sk_rcvbuf of the receiving socket (where autotuning would settle, e.g. tcp_rmem[2]). */
  rcvbufBytes: number;
  rttNs: number;
  linkGbps: number;
  /** Retransmission timeout (default 200 ms, TCP_RTO_MIN). */
  rtoNs?: number;
}

export interface UdpFlowConfig {
  kind: 'udp';
  rcvbufBytes: number;
  arrivals: 'fixed' | 'bursty';
  rateGbps: number;
  linkGbps: number;
  burstFrames?: number;
  /** Frame size on the wire (Ethernet header included), or a distribution. */
  frameBytes?: number;
  frameSizes?: { values: number[]; weights: number[] };
}

export interface ManaRxSimConfig {
  /** Unique prefix for event kinds and random streams. */
  name: string;
  sim: Simulator;
  arch: ArchProfile;
  cpus: number;
  costProfile: string;
  costOverrides: Readonly<Record<string, number>>;
  iommu: boolean;
  /** An alias for a driver state (driver.ts); absent: the driver the kernel (arch.version) carries. */
  variant?: ManaRxVariant;
  mtu: number;
  rxQueueSize?: number;
  numQueues: number;
  adapterMtuBytes?: number;
  napiBudget?: number;
  /** Interrupt to NAPI start. */
  irqDelayNs?: number;
  /** mana_detach -> mana_attach duration of a reconfiguration. */
  reconfigDownNs?: number;
  flow: TcpFlowConfig | UdpFlowConfig;
  /** The application's consumption rate in payload Gbit/s (0: as fast as its CPU allows). */
  appRateGbps: number;
  /** Bytes one recvmsg() may return (default 131072, iperf3's default read size). */
  appReadBytes?: number;
  /** XDP program attached at start (null: none). */
  xdp: Partial<Record<XdpActionName, number>> | null;
  /** Program used by an `xdp-attach` action. */
  xdpOnAttach?: Partial<Record<XdpActionName, number>>;
  xdpRedirectFailProbability?: number;
  /** XDP_TX: TX ring entries and time to completion; REDIRECT: time until the target returns the buffer. */
  xdpTxRingEntries?: number;
  xdpTxCompletionNs?: number;
  redirectHoldNs?: number;
  /** napi_build_skb() failure probability (fault injection). */
  skbAllocFailProbability?: number;
  /** Interface name the observer reports frames and queue tracks under (default 'eth0'). */
  ifname?: string;
}

interface QueueFlow {
  rcv: RcvQueue;
  tcpRx: TcpReceiver | null;
  tcpTx: TcpSender | null;
  arrivals: ArrivalProcess | null;
  wire: NumFifo;
  acks: NumFifo;
  xdpTx: NumFifo;
  redirects: ObjFifo<Page>;
  redirectFromPool: NumFifo;
  napiScheduled: boolean;
  /** An ACK is owed at the end of the current NAPI poll. */
  ackPending: boolean;
  /** Arrival time of the next open-loop (UDP) frame not yet seen by the device. */
  nextArrivalNs: number;
  appBusy: boolean;
  senderBusy: boolean;
  rtoArmed: boolean;
  appCpu: number;
  appBytes: number;
  appPackets: number;
  sockDrops: Float64Array;
}

/** A driver operation requested by a scenario action or a test. */
interface DriverRequest {
  op: 'xdp' | 'mtu' | 'ring' | 'close' | 'open';
  weights: Partial<Record<XdpActionName, number>> | null;
  value: number;
}

export interface ManaRxSim {
  readonly env: KernelEnv;
  readonly port: ManaPort;
  readonly flows: QueueFlow[];
  readonly config: ManaRxSimConfig;
  start(): void;
  drain(): void;
  /** Starts an XDP attach (prog weights) or detach (null); returns the errno of the first half. */
  xdpSet(weights: Partial<Record<XdpActionName, number>> | null): number;
  setMtu(mtu: number): number;
  setRingEntries(entries: number): number;
  /** Detaches the port (mana_close). */
  close(): void;
  /** mana_open() again after a close: queues refilled from fresh pools (no pre-allocation). */
  open(): number;
  /** Requests that had to wait for an earlier reconfiguration (rtnl serialisation). */
  queuedRequests: number;
  /** Simulated time the main phase ended (drain() called), or -1. */
  mainEndNs: number;
  startNs: number;
  pendingReconfig: PendingReconfig | null;
  reconfigErrors: number[];
}

// Local copies of result and drop codes (under tsx an imported binding costs a getter call per use).
const QUEUED = TCP_RX_QUEUED;
const OUT_OF_ORDER = TCP_RX_OUT_OF_ORDER;
const OUT_OF_WINDOW = TCP_RX_OUT_OF_WINDOW;
const D_TCP_OOO = DROP_TCP_OOO;
const D_TCP_RCVBUF = DROP_TCP_RCVBUF;
const D_UDP_RCVBUF = DROP_UDP_RCVBUF;

export function createManaRxSim(config: ManaRxSimConfig): ManaRxSim {
  const sim = config.sim;
  const env = createKernelEnv({ sim, arch: config.arch, cpus: config.cpus, costProfile: config.costProfile, costOverrides: config.costOverrides });
  const pa = createPageAllocator(env);
  const dev = createDmaDevice(env, 'mana0', { iommu: config.iommu });
  const skbs = createRxSkbTable(sim);
  if ((config.skbAllocFailProbability ?? 0) > 0) armFault(skbs, sim.rng.stream(`${config.name}.skb-alloc-fail`), config.skbAllocFailProbability!);
  const numQueues = config.numQueues;
  const napiCpus = Array.from({ length: numQueues }, (_, q) => q % config.cpus);
  const costs = manaCosts(env.cpu);
  const budget = config.napiBudget ?? 64;
  const irqDelayNs = config.irqDelayNs ?? 1000;
  const downNs = config.reconfigDownNs ?? 100_000;
  const xdpTxEntries = config.xdpTxRingEntries ?? 256;
  const xdpTxCompletionNs = config.xdpTxCompletionNs ?? 5_000;
  const redirectHoldNs = config.redirectHoldNs ?? 5_000;
  const flowCfg = config.flow;
  let nextProgId = 1;
  const makeProg = (w: Partial<Record<XdpActionName, number>>) => createXdpProgram(nextProgId++, w, config.xdpRedirectFailProbability ?? 0);

  let draining = false;
  const queued: DriverRequest[] = [];
  const K = {
    send: 0, napi: 0, app: 0, ack: 0, rto: 0, xdpTxDone: 0, redirectDone: 0, reconfig: 0,
  };

  const hooks: ManaHooks = {
    deliver: (q, row, seq) => deliver(q, row, seq),
    xdpTx: (q, row) => xdpTx(q, row),
    redirect: (q, page, fromPool) => {
      const f = flows[q];
      objFifoPush(sim, f.redirects, page);
      const pos = fifoPushPos(sim, f.redirectFromPool);
      f.redirectFromPool.cols[0][pos] = fromPool ? 1 : 0;
      port.lentBuffers++;
      sim.schedule(redirectHoldNs, K.redirectDone, q, 0);
    },
  };

  const driver = manaDriverOf(config.arch.version, config.variant);
  const geometry = rxGeometryOf(config.arch);
  const adapterMtuBytes = config.adapterMtuBytes ?? DEFAULT_ADAPTER_MTU;
  const port: ManaPort = {
    env,
    pa,
    dev,
    skbs,
    driver,
    geometry,
    adapterMtuBytes,
    // mana_probe_port() sets adapter_mtu - ETH_HLEN; a program given at start was attached while the port was down.
    maxMtu: manaMaxMtu(geometry, adapterMtuBytes, config.xdp !== null, driver.xdpMaxMtuClamp),
    fragCaches: createPageFragCaches(pa, config.cpus),
    hooks,
    costs,
    owedManaNs: 0,
    owedStackNs: 0,
    napiCpus,
    mtu: config.mtu,
    rxQueueSize: config.rxQueueSize ?? DEF_RX_BUFFERS_PER_QUEUE,
    numQueues,
    bpfProg: config.xdp === null ? null : makeProg(config.xdp),
    releasedProg: null,
    portIsUp: false,
    rxqs: [],
    pre: null,
    zombiePools: [],
    counters: emptyPortCounters(),
    retiredStats: emptyRxqStats(),
    retiredDrops: newDropCounts(),
    lentBuffers: 0,
    cfgHistory: [],
    portDrops: newDropCounts(),
  };

  const mssBytes = config.mtu + 14 - TCP_FRAME_OVERHEAD_BYTES;
  const linkBps = flowCfg.linkGbps * 1e9;
  const oneWayNs = flowCfg.kind === 'tcp' ? Math.round(flowCfg.rttNs / 2) : 0;
  const minTruesize = 256 + 64;
  const rtoNs = flowCfg.kind === 'tcp' ? flowCfg.rtoNs ?? 200_000_000 : 200_000_000;
  const appReadBytes = config.appReadBytes ?? 131072;
  const ifname = config.ifname ?? 'eth0';
  const rxqTracks = Array.from({ length: numQueues }, (_, q) => `${ifname}.rxq${q}`);

  const flows: QueueFlow[] = [];
  for (let q = 0; q < numQueues; q++) {
    const rcv = createRcvQueue(flowCfg.rcvbufBytes, Math.ceil(flowCfg.rcvbufBytes / minTruesize) + 16);
    let tcpRx: TcpReceiver | null = null;
    let tcpTx: TcpSender | null = null;
    let arrivals: ArrivalProcess | null = null;
    if (flowCfg.kind === 'tcp') {
      tcpRx = createTcpReceiver(env.version, mssBytes, rcv);
      tcpTx = createTcpSender(mssBytes, tcpRx.rightEdge);
    } else {
      const sizes = flowCfg.frameSizes ? new EmpiricalDistribution(flowCfg.frameSizes.values, flowCfg.frameSizes.weights) : undefined;
      arrivals = createArrivals(
        { kind: flowCfg.arrivals, rateBitsPerSec: (flowCfg.rateGbps * 1e9) / numQueues, linkBitsPerSec: linkBps, burstFrames: flowCfg.burstFrames, frameBytes: flowCfg.frameBytes, sizes },
        sim.rng.stream(`${config.name}.q${q}.arrivals`),
      );
    }
    flows.push({
      rcv,
      tcpRx,
      tcpTx,
      arrivals,
      wire: createNumFifo(3),
      acks: createNumFifo(3),
      xdpTx: createNumFifo(2),
      redirects: createObjFifo<Page>(),
      redirectFromPool: createNumFifo(1),
      napiScheduled: false,
      ackPending: false,
      nextArrivalNs: Number.POSITIVE_INFINITY,
      appBusy: false,
      senderBusy: false,
      rtoArmed: false,
      appCpu: (numQueues + q) % config.cpus,
      appBytes: 0,
      appPackets: 0,
      sockDrops: newDropCounts(),
    });
  }

  // ---- device side -------------------------------------------------------------------------
  /** Arrival time of the next frame the device has not taken yet, or +Infinity. */
  function nextArrival(f: QueueFlow): number {
    if (f.tcpTx !== null) return f.wire.count > 0 ? f.wire.cols[2][f.wire.head] : Number.POSITIVE_INFINITY;
    return f.nextArrivalNs;
  }

  /** The device takes every frame that arrived by `untilNs`, in order. */
  function ingest(q: number, untilNs: number): void {
    const f = flows[q];
    if (f.tcpTx !== null) {
      const w = f.wire;
      const obs = sim.observer;
      while (w.count > 0 && w.cols[2][w.head] <= untilNs) {
        const pos = fifoPopPos(sim, w);
        if (obs !== null) obs.frame(w.cols[2][pos], ifname, 'rx', w.cols[1][pos], q);
        manaDeviceReceive(port, q, w.cols[1][pos], w.cols[0][pos]);
      }
      return;
    }
    const a = f.arrivals!;
    const obs = sim.observer;
    while (f.nextArrivalNs <= untilNs) {
      const frame = takeArrival(a);
      if (obs !== null) obs.frame(f.nextArrivalNs, ifname, 'rx', frame, q);
      manaDeviceReceive(port, q, frame, 0);
      f.nextArrivalNs = draining ? Number.POSITIVE_INFINITY : f.nextArrivalNs + nextGapNs(a, frame);
    }
  }

  /** Raises the interrupt for the next frame if NAPI is idle: the poll starts irqDelayNs after it arrives. */
  function armIrq(q: number): void {
    const f = flows[q];
    if (f.napiScheduled) return;
    const t = nextArrival(f);
    if (t === Number.POSITIVE_INFINITY) return;
    f.napiScheduled = true;
    const cpu = napiCpus[q];
    const at = Math.max(t + irqDelayNs, env.cpu.busyUntilNs[cpu], sim.nowNs);
    sim.scheduleAt(at, K.napi, q, 0);
    if (sim.observer !== null) sim.observer.span(rxqTracks[q], 'irq_to_napi', t, at - t);
  }

  /** Mirrors mana_poll() -> mana_poll_rx_cq(), drivers/net/ethernet/microsoft/mana/mana_en.c (v6.18): up to budget CQEs, then re-arm. */
  function onNapi(q: number): void {
    const f = flows[q];
    ingest(q, sim.nowNs);
    const rxq = port.rxqs[q] ?? null;
    if (rxq !== null && rxq.alive && rxq.cqPending > 0) {
      env.cpu.currentCpu = rxq.cpu;
      const obs = sim.observer;
      const pollStartNs = obs !== null ? Math.max(sim.nowNs, env.cpu.busyUntilNs[rxq.cpu]) : 0;
      if (obs !== null) obs.counter(rxqTracks[q], 'buffersPosted', sim.nowNs, rxq.ringPoolBuffers + rxq.ringNonPoolBuffers - rxq.cqPending);
      let n = 0;
      while (n < budget && rxq.cqPending > 0) {
        manaProcessRxCqe(port, rxq);
        n++;
      }
      const stackNs = port.owedStackNs;
      manaSettleCpu(port);
      if (obs !== null) observePoll(q, f, rxq, pollStartNs, stackNs);
      if (f.ackPending) {
        f.ackPending = false;
        sendAck(q, f);
      }
      if (rxq.cqPending > 0) {
        sim.scheduleAt(Math.max(sim.nowNs + 1, env.cpu.busyUntilNs[rxq.cpu]), K.napi, q, 0);
        return;
      }
    }
    f.napiScheduled = false;
    armIrq(q);
  }

  /** Reports a NAPI poll that ran from pollStartNs to where it left its core busy. */
  function observePoll(q: number, f: QueueFlow, rxq: ManaRxq, pollStartNs: number, stackNs: number): void {
    const obs = sim.observer!;
    const endNs = env.cpu.busyUntilNs[rxq.cpu];
    if (endNs > pollStartNs) {
      const cpuTrack = cpuTrackName(rxq.cpu);
      const stackFromNs = endNs - stackNs > pollStartNs ? endNs - stackNs : pollStartNs;
      obs.span(cpuTrack, 'napi_poll', pollStartNs, endNs - pollStartNs);
      if (stackFromNs > pollStartNs) obs.span(cpuTrack, 'mana_poll_rx_cq', pollStartNs, stackFromNs - pollStartNs);
      if (endNs > stackFromNs) obs.span(cpuTrack, 'napi_gro_receive', stackFromNs, endNs - stackFromNs);
    }
    const track = rxqTracks[q];
    const now = sim.nowNs;
    obs.counter(track, 'pp.allocCache', now, rxq.pool.cacheCount);
    obs.counter(track, 'pp.ring', now, rxq.pool.ringCount);
    obs.counter(track, 'pp.inflight', now, pagePoolInflight(rxq.pool));
    obs.counter(track, 'sk_rmem_alloc', now, f.rcv.rmemAllocBytes);
  }

  // ---- stack and socket --------------------------------------------------------------------
  /** Mirrors napi_gro_receive() -> ip_rcv() -> tcp_v4_rcv() / udp_rcv() reduced to the socket's admission, net/ (v6.x). */
  function deliver(q: number, row: number, seq: number): void {
    const f = flows[q];
    port.owedStackNs += costs.netRxStackNs;
    const len = skbs.lens[row];
    const truesize = skbs.truesizes[row];
    if (f.tcpRx !== null) {
      const rx = f.tcpRx;
      const r = tcpReceiveSegment(sim, rx, row, seq, len - TCP_FRAME_OVERHEAD_BYTES, truesize);
      if (r !== QUEUED) {
        manaFreeRxSkb(port, row, true);
        f.sockDrops[r === OUT_OF_ORDER || r === OUT_OF_WINDOW ? D_TCP_OOO : D_TCP_RCVBUF]++;
      }
      f.ackPending = true;
    } else {
      if (!udpEnqueue(sim, f.rcv, row, len - UDP_FRAME_OVERHEAD_BYTES, truesize)) {
        manaFreeRxSkb(port, row, true);
        f.sockDrops[D_UDP_RCVBUF]++;
        return;
      }
    }
    if (!f.appBusy && f.rcv.count > 0) {
      f.appBusy = true;
      sim.schedule(0, K.app, q, 0);
    }
  }

  /** Mirrors tcp_send_ack() / __tcp_ack_snd_check(), net/ipv4/tcp_output.c: rcv_nxt and the selected window. */
  function sendAck(q: number, f: QueueFlow): void {
    const rx = f.tcpRx!;
    const edge = tcpSelectWindow(rx);
    const pos = fifoPushPos(sim, f.acks);
    f.acks.cols[0][pos] = rx.rcvNxt;
    f.acks.cols[1][pos] = edge;
    f.acks.cols[2][pos] = tcpTakeHoleSignal(rx) ? 1 : 0;
    sim.schedule(oneWayNs, K.ack, q, 0);
    if (sim.observer !== null) sim.observer.counter(rxqTracks[q], 'tcpWindowBytes', sim.nowNs, edge - rx.rcvNxt);
  }

  /**
   * One recvmsg(): dequeues skbs up to appReadBytes, frees them (pages go home), then maybe a window update.
   * Mirrors tcp_recvmsg_locked() / udp_recvmsg() with skb_consume_udp() and tcp_cleanup_rbuf(), net/ipv4 (v6.x).
   */
  function onApp(q: number): void {
    const f = flows[q];
    if (f.rcv.count === 0) {
      f.appBusy = false;
      return;
    }
    env.cpu.currentCpu = f.appCpu;
    const obs = sim.observer;
    const appStartNs = obs !== null ? Math.max(sim.nowNs, env.cpu.busyUntilNs[f.appCpu]) : 0;
    let bytes = 0;
    let cost = 0;
    while (f.rcv.count > 0 && bytes < appReadBytes) {
      const row = rcvQueuePop(sim, f.rcv);
      const len = f.rcv.poppedLenBytes;
      cost += costs.appPerSkbNs + copyCostNs(env.cpu.costs, len);
      manaFreeRxSkb(port, row, false);
      bytes += len;
      f.appPackets++;
    }
    f.appBytes += bytes;
    const busyEnd = charge(env.cpu, f.appCpu, cost, costs.phaseApp);
    if (obs !== null) {
      if (busyEnd > appStartNs) obs.span(cpuTrackName(f.appCpu), 'app_recv', appStartNs, busyEnd - appStartNs);
      obs.counter(rxqTracks[q], 'sk_rmem_alloc', sim.nowNs, f.rcv.rmemAllocBytes);
    }
    if (f.tcpRx !== null) {
      // tcp_cleanup_rbuf(): a read that at least doubles a small window sends a window update.
      const rx = f.tcpRx;
      const cur = rx.rightEdge - rx.rcvNxt;
      const full = tcpFreeWindow(rx.version, rx.queue.rcvbufBytes, 0, rx.scalingRatio, rx.mssBytes);
      if (2 * cur <= full) {
        const next = tcpFreeWindow(rx.version, rx.queue.rcvbufBytes, rx.queue.rmemAllocBytes, rx.scalingRatio, rx.mssBytes);
        if (next > 0 && next >= 2 * cur) sendAck(q, f);
      }
    }
    const rateNs = config.appRateGbps > 0 ? Math.round((bytes * 8) / config.appRateGbps) : 0;
    sim.scheduleAt(Math.max(busyEnd, sim.nowNs + rateNs, sim.nowNs + 1), K.app, q, 0);
  }

  // ---- remote sender ------------------------------------------------------------------------
  /** Sends one TSO burst (up to 64 KB of segments back to back at the link rate). */
  function onSend(q: number): void {
    const f = flows[q];
    const tx = f.tcpTx!;
    let t = sim.nowNs;
    let sent = 0;
    while (!draining && sent < TSO_MAX_BYTES) {
      const payload = tcpSendable(tx);
      if (payload === 0) break;
      const seq = tcpOnSend(tx, payload);
      const frame = payload + TCP_FRAME_OVERHEAD_BYTES;
      t += wireTimeNs(frame, linkBps);
      const pos = fifoPushPos(sim, f.wire);
      f.wire.cols[0][pos] = seq;
      f.wire.cols[1][pos] = frame;
      f.wire.cols[2][pos] = t + oneWayNs;
      sent += payload;
    }
    if (sent === 0) {
      f.senderBusy = false;
      return;
    }
    armIrq(q);
    if (!f.rtoArmed) {
      f.rtoArmed = true;
      tx.rtoArmedUna = tx.sndUna;
      sim.schedule(rtoNs, K.rto, q, 0);
    }
    sim.scheduleAt(t, K.send, q, 0);
  }

  function kickSender(q: number, f: QueueFlow): void {
    if (f.senderBusy || draining || tcpSendable(f.tcpTx!) === 0) return;
    f.senderBusy = true;
    sim.schedule(0, K.send, q, 0);
  }

  function onAck(q: number): void {
    const f = flows[q];
    const pos = fifoPopPos(sim, f.acks);
    tcpOnAck(f.tcpTx!, f.acks.cols[0][pos], f.acks.cols[1][pos], f.acks.cols[2][pos] === 1);
    kickSender(q, f);
  }

  function onRto(q: number): void {
    const f = flows[q];
    const tx = f.tcpTx!;
    f.rtoArmed = false;
    tcpOnRto(tx);
    if (draining) return;
    if (tx.sndNxt > tx.sndUna) {
      f.rtoArmed = true;
      tx.rtoArmedUna = tx.sndUna;
      sim.schedule(rtoNs, K.rto, q, 0);
    }
    kickSender(q, f);
  }

  // ---- XDP_TX and redirect completions ------------------------------------------------------
  /** Mirrors mana_xdp_tx() -> mana_start_xmit(), drivers/net/ethernet/microsoft/mana (v6.18): map the head, queue, or fail when full. */
  function xdpTx(q: number, row: number): boolean {
    const f = flows[q];
    if (f.xdpTx.count >= xdpTxEntries) return false;
    // mana_start_xmit maps the skb head for the device (dma_map_single, DMA_TO_DEVICE).
    const page = skbs.pages[row]!;
    const addr = dmaMap(dev, page, skbs.offsets[row], skbs.lens[row], DMA_TO_DEVICE, 'mana_map_skb');
    if (dmaMappingError(addr)) return false;
    const pos = fifoPushPos(sim, f.xdpTx);
    f.xdpTx.cols[0][pos] = row;
    f.xdpTx.cols[1][pos] = addr;
    sim.schedule(xdpTxCompletionNs, K.xdpTxDone, q, 0);
    return true;
  }

  /** Mirrors mana_poll_tx_cq(), mana_en.c (v6.18): unmap, napi_consume_skb() (the page goes back to its pool). */
  function onXdpTxDone(q: number): void {
    const f = flows[q];
    const pos = fifoPopPos(sim, f.xdpTx);
    const row = f.xdpTx.cols[0][pos];
    env.cpu.currentCpu = napiCpus[q];
    dmaUnmap(dev, f.xdpTx.cols[1][pos], skbs.lens[row], DMA_TO_DEVICE, 'mana_unmap_skb');
    // napi_consume_skb() from the TX CQ's NAPI: page_pool_napi_local() is false for the RX
    // pool (another NAPI; cleared at page_pool_destroy), so no direct recycling.
    manaFreeRxSkb(port, row, false);
  }

  /** Mirrors xdp_return_frame() by the redirect target, net/core/xdp.c (v6.x). */
  function onRedirectDone(q: number): void {
    const f = flows[q];
    const page = objFifoPop(sim, f.redirects);
    const pos = fifoPopPos(sim, f.redirectFromPool);
    env.cpu.currentCpu = napiCpus[q];
    manaXdpReturn(page, f.redirectFromPool.cols[0][pos] === 1);
    port.lentBuffers--;
  }

  // ---- reconfiguration ----------------------------------------------------------------------
  const model: ManaRxSim = {
    env,
    port,
    flows,
    config,
    mainEndNs: -1,
    startNs: 0,
    pendingReconfig: null,
    reconfigErrors: [],
    start() {
      model.startNs = sim.nowNs;
      const err = manaOpen(port);
      if (err !== 0) model.reconfigErrors.push(err);
      for (let q = 0; q < numQueues; q++) {
        if (flowCfg.kind === 'tcp') kickSender(q, flows[q]);
        else {
          flows[q].nextArrivalNs = sim.nowNs;
          armIrq(q);
        }
      }
    },
    drain() {
      model.mainEndNs = sim.nowNs;
      draining = true;
      for (const f of flows) if (f.arrivals !== null) f.nextArrivalNs = Number.POSITIVE_INFINITY;
    },
    xdpSet(weights) {
      return request({ op: 'xdp', weights, value: 0 });
    },
    setMtu(mtu) {
      return request({ op: 'mtu', weights: null, value: mtu });
    },
    setRingEntries(entries) {
      return request({ op: 'ring', weights: null, value: entries });
    },
    close() {
      request({ op: 'close', weights: null, value: 0 });
    },
    open() {
      return request({ op: 'open', weights: null, value: 0 });
    },
    queuedRequests: 0,
  };

  /** Frames that arrived before a detach or an attach meet the port as it was then. */
  function ingestAllNow(): void {
    for (let q = 0; q < numQueues; q++) ingest(q, sim.nowNs);
  }

  /**
   * Driver operations run under rtnl_lock, one at a time: a request made while another
   * reconfiguration is between its detach and its attach waits for it (returns 0 now, its own
   * error, if any, lands in reconfigErrors when it runs).
   */
  function request(r: DriverRequest): number {
    if (model.pendingReconfig !== null) {
      queued.push(r);
      model.queuedRequests++;
      return 0;
    }
    return perform(r);
  }

  function perform(r: DriverRequest): number {
    ingestAllNow();
    switch (r.op) {
      case 'xdp':
        return begin(manaXdpSetStart(port, r.weights === null ? null : makeProg(r.weights)));
      case 'mtu':
        return begin(manaChangeMtuStart(port, r.value));
      case 'ring':
        return begin(manaSetRingparamStart(port, r.value));
      case 'close':
        if (port.portIsUp) manaDetach(port);
        return 0;
      case 'open': {
        if (port.portIsUp) return 0;
        const err = manaOpen(port);
        if (err !== 0) model.reconfigErrors.push(err);
        for (let q = 0; q < numQueues; q++) armIrq(q);
        return err;
      }
    }
  }

  function begin(r: ReconfigStart): number {
    if ('err' in r) {
      if (r.err !== 0) model.reconfigErrors.push(r.err);
      return r.err;
    }
    model.pendingReconfig = r.pending;
    sim.schedule(downNs, K.reconfig, 0, 0);
    return 0;
  }

  function onReconfig(): void {
    const pending = model.pendingReconfig!;
    model.pendingReconfig = null;
    ingestAllNow();
    const err = manaReconfigFinish(port, pending);
    if (err !== 0) model.reconfigErrors.push(err);
    for (let q = 0; q < numQueues; q++) armIrq(q);
    while (model.pendingReconfig === null && queued.length > 0) perform(queued.shift()!);
  }

  // Checked at the end of every phase, and after every event in property runs (checkEveryEvent).
  sim.addInvariant(`${config.name}.ring-footprint`, 'mana_refill_rx_oob', () => {
    for (const rxq of port.rxqs) {
      if (rxq === null || !rxq.alive) continue;
      if (rxq.ringPoolBuffers + rxq.ringNonPoolBuffers !== rxq.numRxBuf) return `rxq ${rxq.idx}: ${rxq.ringPoolBuffers} pool + ${rxq.ringNonPoolBuffers} other buffers in a ring of ${rxq.numRxBuf}`;
      const fp = ringFootprint(port, rxq);
      if (fp.liveBytes !== fp.formulaBytes) return `rxq ${rxq.idx}: ring holds ${fp.liveBytes} bytes of buffers, the configuration's formula says ${fp.formulaBytes}`;
    }
    return null;
  });

  const p = config.name;
  K.send = sim.register(`${p}.tcp-send`, onSend);
  K.napi = sim.register(`${p}.napi`, onNapi);
  K.app = sim.register(`${p}.app`, onApp);
  K.ack = sim.register(`${p}.tcp-ack`, onAck);
  K.rto = sim.register(`${p}.tcp-rto`, onRto);
  K.xdpTxDone = sim.register(`${p}.xdp-tx-done`, onXdpTxDone);
  K.redirectDone = sim.register(`${p}.redirect-done`, onRedirectDone);
  K.reconfig = sim.register(`${p}.reconfig-attach`, onReconfig);
  return model;
}
