/**
 * Workload `mana-rx`: MANA RX with page_pool fragments (models/mana). One flow per RX queue,
 * TCP-like (window- and RTT-limited sender, receive memory charged by truesize) or UDP-like
 * (open-loop fixed or bursty arrivals, drops at sk_rcvbuf), an application reading at a set
 * rate, optional XDP, and `at` actions for XDP attach/detach, MTU and ring size changes
 * under traffic, and link-down / link-up (mana_close / mana_open). Faults: `alloc-fail` (page allocator incl. page_pool slow path, or skb),
 * `dma-map-fail`. The report explains the buffer geometry, memory per queue and throughput.
 * The checks are in mana-rx-check.ts.
 */
import { Type, type Static } from '@sinclair/typebox';
import { machineArch } from '../machine-arch.ts';
import { setAllocFailure } from '../../models/kernel/page.ts';
import { setMapFailure } from '../../models/kernel/dma.ts';
import { MANA_RX_VARIANTS } from '../../models/mana/driver.ts';
import { XDP_ACTION_NAMES } from '../../models/mana/xdp.ts';
import { createManaRxSim, type ManaRxSimConfig } from '../../models/mana/rx-sim.ts';
import { manaRxLeaks, manaRxMetrics, manaRxReport } from '../../models/mana/report.ts';
import { MAX_RX_BUFFERS_PER_QUEUE } from '../../models/mana/constants.ts';
import type { AtFault } from '../schema.ts';
import { defineWorkload } from '../workload-module.ts';
import { MANA_MAX_QUEUES, MAX_DISTRIBUTION_VALUES, MAX_WEIGHT, MIN_GBPS } from '../limits.ts';
import { manaRxCheck, manaRxModelSlots } from './mana-rx-check.ts';

// Weights are summed and divided by the sum: MAX_WEIGHT keeps the sum exact; at least one must be positive (checked below).
const XdpWeights = Type.Object(
  Object.fromEntries(XDP_ACTION_NAMES.map((a) => [a, Type.Optional(Type.Number({ minimum: 0, maximum: MAX_WEIGHT }))])),
  { additionalProperties: false, description: 'Relative weights of the XDP verdicts, e.g. {"pass": 9, "drop": 1}.' },
);

// Rates in Gbit/s divide frame bits into wire time: MIN_GBPS keeps one frame under a second (scenario/limits.ts).
const Gbps = (description: string) => Type.Number({ minimum: MIN_GBPS, maximum: 1000, description });

const TcpFlow = Type.Object(
  {
    kind: Type.Literal('tcp'),
    rcvbufBytes: Type.Optional(Type.Integer({ minimum: 4096, maximum: 1 << 30, description: 'sk_rcvbuf of the receiver (default 6291456 = tcp_rmem[2], where autotuning ends).' })),
    rttNs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1e10, description: 'Round-trip time (default 100000).' })),
    linkGbps: Type.Optional(Gbps('Sender link / VM bandwidth cap (default 30).')),
    rtoNs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1e11, description: 'Retransmission timeout (default 200 ms).' })),
  },
  { additionalProperties: false, description: 'A TCP-like flow per queue: window- and RTT-limited, Reno congestion control.' },
);

const UdpFlow = Type.Object(
  {
    kind: Type.Literal('udp'),
    rcvbufBytes: Type.Optional(Type.Integer({ minimum: 4096, maximum: 1 << 30, description: 'sk_rcvbuf (default 212992 = rmem_default).' })),
    arrivals: Type.Union([Type.Literal('fixed'), Type.Literal('bursty')], { description: 'Constant gaps, or bursts at link rate with exponential idle gaps.' }),
    rateGbps: Gbps('Offered load over all queues (each queue gets rateGbps / queues, at most linkGbps).'),
    linkGbps: Type.Optional(Gbps('Link rate (default 100).')),
    burstFrames: Type.Optional(Type.Integer({ minimum: 1, maximum: 65536, description: 'Frames per burst (bursty; default 32).' })),
    frameBytes: Type.Optional(Type.Integer({ minimum: 60, maximum: 65549, description: 'Frame size incl. Ethernet header (default MTU + 14).' })),
    frameSizes: Type.Optional(
      Type.Object(
        {
          values: Type.Array(Type.Integer({ minimum: 60, maximum: 65549 }), { minItems: 1, maxItems: MAX_DISTRIBUTION_VALUES }),
          weights: Type.Array(Type.Number({ minimum: 0, maximum: MAX_WEIGHT }), { minItems: 1, maxItems: MAX_DISTRIBUTION_VALUES }),
        },
        { additionalProperties: false, description: 'Frame size distribution.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'An open-loop UDP-like stream per queue.' },
);

export const manaRxSchema = Type.Object(
  {
    kind: Type.Literal('mana-rx'),
    variant: Type.Optional(
      Type.Union(MANA_RX_VARIANTS.map((v) => Type.Literal(v)), {
        description:
          "Alias for a driver state; left out, the driver follows machine.kernel's registered MANA changes. 'pre-730ff06d' (the kernel's driver without 730ff06d: full page per buffer), 'upstream-6x' (with 730ff06d as mainline has it), 'ubuntu-5.15' (the J:linux-azure backport with PP_FLAG_PAGE_FRAG), 'ubuntu-5.15-no-page-frag' (known bad: the backport without it).",
      }),
    ),
    mtu: Type.Integer({ minimum: 68, maximum: 65535, default: 1500 }),
    queues: Type.Integer({ minimum: 1, maximum: MANA_MAX_QUEUES, default: 1, description: 'RX queues (one flow each), at most MANA_MAX_NUM_QUEUES.' }),
    rxQueueSizeEntries: Type.Integer({ minimum: 128, maximum: MAX_RX_BUFFERS_PER_QUEUE, default: 1024, description: 'apc->rx_queue_size (MIN/MAX_RX_BUFFERS_PER_QUEUE).' }),
    adapterMtuBytes: Type.Integer({ minimum: 1514, maximum: 65549, default: 9014, description: 'gc->adapter_mtu (max MTU + 14).' }),
    napiBudget: Type.Integer({ minimum: 1, maximum: 4096, default: 64 }),
    irqDelayNs: Type.Integer({ minimum: 0, maximum: 1e9, default: 1000, description: 'Frame arrival to NAPI start when NAPI is idle.' }),
    reconfigDownNs: Type.Integer({ minimum: 0, maximum: 1e10, default: 100000, description: 'mana_detach to mana_attach during a reconfiguration.' }),
    flow: Type.Union([TcpFlow, UdpFlow]),
    appRateGbps: Type.Number({ minimum: 0, maximum: 1000, default: 0, description: 'Application read rate in payload Gbit/s (0: CPU-bound; else at least 0.001).' }),
    appReadBytes: Type.Integer({ minimum: 1, maximum: 1 << 26, default: 131072, description: 'Bytes per recvmsg().' }),
    xdp: Type.Optional(XdpWeights),
    xdpOnAttach: Type.Optional(XdpWeights),
    xdpRedirectFailProbability: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
    // The XDP_TX ring is the port's TX queue: MAX_TX_BUFFERS_PER_QUEUE (8192) is its largest size.
    xdpTxRingEntries: Type.Integer({ minimum: 1, maximum: 8192, default: 256 }),
    xdpTxCompletionNs: Type.Integer({ minimum: 0, maximum: 1e10, default: 5000 }),
    redirectHoldNs: Type.Integer({ minimum: 0, maximum: 1e10, default: 5000 }),
  },
  { additionalProperties: false, description: 'MANA RX with page_pool fragments (730ff06d) under TCP/UDP receive workloads.' },
);

export type ManaRxWorkload = Static<typeof manaRxSchema>;

export const manaRxWorkload = defineWorkload({
  kind: 'mana-rx',
  schema: manaRxSchema,
  check: manaRxCheck,
  modelSlots: manaRxModelSlots,
  build({ sim, scenario, workload: w, index }) {
    const m = scenario.machine;
    // The machine's CPU sets dma_get_cache_alignment() on arm64 from 6.5 (row 2), so the fragment stride.
    const arch = machineArch(m);
    const f = w.flow;
    const config: ManaRxSimConfig = {
      name: `mana.rx.w${index}`,
      sim,
      arch,
      cpus: m.cpus,
      costProfile: m.costProfile,
      costOverrides: m.costOverrides,
      iommu: m.iommu,
      ...(w.variant === undefined ? {} : { variant: w.variant }),
      mtu: w.mtu,
      rxQueueSize: w.rxQueueSizeEntries,
      numQueues: w.queues,
      adapterMtuBytes: w.adapterMtuBytes,
      napiBudget: w.napiBudget,
      irqDelayNs: w.irqDelayNs,
      reconfigDownNs: w.reconfigDownNs,
      flow:
        f.kind === 'tcp'
          ? { kind: 'tcp', rcvbufBytes: f.rcvbufBytes ?? 6291456, rttNs: f.rttNs ?? 100_000, linkGbps: f.linkGbps ?? 30, rtoNs: f.rtoNs ?? 200_000_000 }
          : {
              kind: 'udp',
              rcvbufBytes: f.rcvbufBytes ?? 212992,
              arrivals: f.arrivals,
              rateGbps: f.rateGbps,
              linkGbps: f.linkGbps ?? 100,
              burstFrames: f.burstFrames ?? 32,
              frameBytes: f.frameSizes ? undefined : f.frameBytes ?? w.mtu + 14,
              frameSizes: f.frameSizes,
            },
      appRateGbps: w.appRateGbps,
      appReadBytes: w.appReadBytes,
      xdp: w.xdp ?? null,
      xdpOnAttach: w.xdpOnAttach ?? { pass: 1 },
      xdpRedirectFailProbability: w.xdpRedirectFailProbability,
      xdpTxRingEntries: w.xdpTxRingEntries,
      xdpTxCompletionNs: w.xdpTxCompletionNs,
      redirectHoldNs: w.redirectHoldNs,
    };
    const model = createManaRxSim(config);
    const faultKind = sim.register(`${config.name}.fault-window`, (faultIndex, on) => applyFault(faultIndex, on === 1));
    const faultRng = sim.rng.stream(`${config.name}.faults`);
    function applyFault(faultIndex: number, on: boolean): void {
      const fault = scenario.faults[faultIndex];
      if (fault.kind === 'alloc-fail') {
        if (fault.target === 'skb' || fault.target === 'any') {
          model.port.skbs.failProbability = on ? fault.probability : 0;
          model.port.skbs.failRng = on ? faultRng : null;
        }
        if (fault.target !== 'skb') setAllocFailure(model.port.pa, on ? faultRng : null, on ? fault.probability : 0);
      } else if (fault.kind === 'dma-map-fail') {
        setMapFailure(model.port.dev, on ? faultRng : null, on ? fault.probability : 0);
      }
    }
    let mainMetrics: ReturnType<typeof manaRxMetrics> | null = null;
    let mainReport = '';
    return {
      start() {
        scenario.faults.forEach((fault, i) => {
          if (fault.kind !== 'alloc-fail' && fault.kind !== 'dma-map-fail') return;
          if (fault.kind === 'dma-map-fail' && fault.nic !== undefined && fault.nic !== 'mana0') return;
          sim.scheduleAt(fault.startNs, faultKind, i, 1);
          if (fault.endNs !== undefined) sim.scheduleAt(fault.endNs, faultKind, i, 0);
        });
        model.start();
      },
      drain() {
        scenario.faults.forEach((fault, i) => {
          if (fault.kind === 'alloc-fail' || fault.kind === 'dma-map-fail') applyFault(i, false);
        });
        model.drain();
        mainMetrics = manaRxMetrics(model);
        mainReport = manaRxReport(model, mainMetrics);
      },
      // Figures are those of the end of the main phase (the drain and the final close come after).
      metrics: () => mainMetrics ?? manaRxMetrics(model),
      report: () => (mainMetrics !== null ? mainReport : manaRxReport(model)),
      checkQuiescent() {
        if (model.pendingReconfig !== null) return 'a reconfiguration is still between detach and attach';
        // ifdown after the traffic: every buffer must come home.
        model.close();
        sim.run({ untilNs: sim.nowNs + 2_000_000_000 });
        return manaRxLeaks(model);
      },
      actions: ['link-down', 'link-up', 'xdp-attach', 'xdp-detach', 'set-mtu', 'set-ring-entries'],
      faultKinds: ['alloc-fail', 'dma-map-fail'],
      onAction(fault: AtFault) {
        if (fault.action === 'link-down') {
          if (model.pendingReconfig === null) model.close();
        } else if (fault.action === 'link-up') model.open();
        else if (fault.action === 'xdp-attach') model.xdpSet(w.xdpOnAttach ?? { pass: 1 });
        else if (fault.action === 'xdp-detach') model.xdpSet(null);
        else if (fault.action === 'set-mtu') model.setMtu(fault.value ?? w.mtu);
        else if (fault.action === 'set-ring-entries') model.setRingEntries(fault.value ?? w.rxQueueSizeEntries);
      },
    };
  },
});
