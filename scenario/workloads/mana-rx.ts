/**
 * Workload `mana-rx`: MANA RX with page_pool fragments (models/mana). One flow per RX queue,
 * TCP-like (window- and RTT-limited sender, receive memory charged by truesize) or UDP-like
 * (open-loop fixed or bursty arrivals, drops at sk_rcvbuf), an application reading at a set
 * rate, optional XDP, and `at` actions for XDP attach/detach, MTU and ring size changes
 * under traffic, and link-down / link-up (mana_close / mana_open). Faults: `alloc-fail` (page allocator incl. page_pool slow path, or skb),
 * `dma-map-fail`. The report explains the buffer geometry, memory per queue and throughput.
 */
import { Type, type Static } from '@sinclair/typebox';
import { archProfile, type ArchName } from '../../models/kernel/arch.ts';
import { setAllocFailure } from '../../models/kernel/page.ts';
import { setMapFailure } from '../../models/kernel/dma.ts';
import { atLeast, type KernelVersion } from '../../models/kernel/version.ts';
import { MANA_RX_VARIANTS, manaXdpMtuMax, rxGeometryOf } from '../../models/mana/rxbuf-cfg.ts';
import { XDP_ACTION_NAMES } from '../../models/mana/xdp.ts';
import { createManaRxSim, type ManaRxSimConfig } from '../../models/mana/rx-sim.ts';
import { manaRxLeaks, manaRxMetrics, manaRxReport } from '../../models/mana/report.ts';
import type { ScenarioProblem } from '../problems.ts';
import type { AtFault, ResolvedScenario } from '../schema.ts';
import { defineWorkload } from '../workload-module.ts';

const XdpWeights = Type.Object(
  Object.fromEntries(XDP_ACTION_NAMES.map((a) => [a, Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 }))])),
  { additionalProperties: false, description: 'Relative weights of the XDP verdicts, e.g. {"pass": 9, "drop": 1}.' },
);

const TcpFlow = Type.Object(
  {
    kind: Type.Literal('tcp'),
    rcvbufBytes: Type.Optional(Type.Integer({ minimum: 4096, maximum: 1 << 30, description: 'sk_rcvbuf of the receiver (default 6291456 = tcp_rmem[2], where autotuning ends).' })),
    rttNs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1e10, description: 'Round-trip time (default 100000).' })),
    linkGbps: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Sender link / VM bandwidth cap (default 30).' })),
    rtoNs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 1e11, description: 'Retransmission timeout (default 200 ms).' })),
  },
  { additionalProperties: false, description: 'A TCP-like flow per queue: window- and RTT-limited, Reno congestion control.' },
);

const UdpFlow = Type.Object(
  {
    kind: Type.Literal('udp'),
    rcvbufBytes: Type.Optional(Type.Integer({ minimum: 4096, maximum: 1 << 30, description: 'sk_rcvbuf (default 212992 = rmem_default).' })),
    arrivals: Type.Union([Type.Literal('fixed'), Type.Literal('bursty')], { description: 'Constant gaps, or bursts at link rate with exponential idle gaps.' }),
    rateGbps: Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Offered load over all queues.' }),
    linkGbps: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: 'Link rate (default 100).' })),
    burstFrames: Type.Optional(Type.Integer({ minimum: 1, maximum: 65536, description: 'Frames per burst (bursty; default 32).' })),
    frameBytes: Type.Optional(Type.Integer({ minimum: 60, maximum: 65549, description: 'Frame size incl. Ethernet header (default MTU + 14).' })),
    frameSizes: Type.Optional(
      Type.Object(
        { values: Type.Array(Type.Integer({ minimum: 60, maximum: 65549 }), { minItems: 1 }), weights: Type.Array(Type.Number({ minimum: 0 }), { minItems: 1 }) },
        { additionalProperties: false, description: 'Frame size distribution.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'An open-loop UDP-like stream per queue.' },
);

export const manaRxSchema = Type.Object(
  {
    kind: Type.Literal('mana-rx'),
    variant: Type.Union(MANA_RX_VARIANTS.map((v) => Type.Literal(v)), {
      default: 'upstream-6x',
      description: "'pre-730ff06d' (full page per buffer), 'upstream-6x' (730ff06d), 'ubuntu-5.15' (backport with PP_FLAG_PAGE_FRAG), 'ubuntu-5.15-no-page-frag' (known bad).",
    }),
    mtu: Type.Integer({ minimum: 68, maximum: 65535, default: 1500 }),
    queues: Type.Integer({ minimum: 1, maximum: 64, default: 1, description: 'RX queues (one flow each).' }),
    rxQueueSizeEntries: Type.Integer({ minimum: 128, maximum: 8192, default: 1024, description: 'apc->rx_queue_size.' }),
    adapterMtuBytes: Type.Integer({ minimum: 1514, maximum: 65549, default: 9014, description: 'gc->adapter_mtu (max MTU + 14).' }),
    napiBudget: Type.Integer({ minimum: 1, maximum: 4096, default: 64 }),
    irqDelayNs: Type.Integer({ minimum: 0, maximum: 1e9, default: 1000, description: 'Frame arrival to NAPI start when NAPI is idle.' }),
    reconfigDownNs: Type.Integer({ minimum: 0, maximum: 1e10, default: 100000, description: 'mana_detach to mana_attach during a reconfiguration.' }),
    flow: Type.Union([TcpFlow, UdpFlow]),
    appRateGbps: Type.Number({ minimum: 0, maximum: 1000, default: 0, description: 'Application read rate in payload Gbit/s (0: CPU-bound).' }),
    appReadBytes: Type.Integer({ minimum: 1, maximum: 1 << 26, default: 131072, description: 'Bytes per recvmsg().' }),
    xdp: Type.Optional(XdpWeights),
    xdpOnAttach: Type.Optional(XdpWeights),
    xdpRedirectFailProbability: Type.Number({ minimum: 0, maximum: 1, default: 0 }),
    xdpTxRingEntries: Type.Integer({ minimum: 1, maximum: 65536, default: 256 }),
    xdpTxCompletionNs: Type.Integer({ minimum: 0, maximum: 1e10, default: 5000 }),
    redirectHoldNs: Type.Integer({ minimum: 0, maximum: 1e10, default: 5000 }),
  },
  { additionalProperties: false, description: 'MANA RX with page_pool fragments (730ff06d) under TCP/UDP receive workloads.' },
);

type ManaRxWorkload = Static<typeof manaRxSchema>;

/** The kernel a variant needs: the Ubuntu backports run on 5.15; 730ff06d upstream needs 6.7+ (page_pool_free_va). */
function variantKernelProblem(w: ManaRxWorkload, scenario: ResolvedScenario): string | null {
  const k = scenario.machine.kernel as KernelVersion;
  if (w.variant.startsWith('ubuntu-5.15') && k !== '5.15') return `variant ${w.variant} is the Ubuntu 5.15 backport, found machine.kernel ${k}`;
  if (w.variant === 'upstream-6x' && !atLeast(k, '6.7')) return `variant upstream-6x needs machine.kernel 6.x (page_pool_free_va, no PP_FLAG_PAGE_FRAG), found ${k}`;
  if (!atLeast(k, '5.15')) return `MANA RX page_pool needs machine.kernel 5.15 or later, found ${k}`;
  return null;
}

function check(w: ManaRxWorkload, scenario: ResolvedScenario, index: number): ScenarioProblem[] {
  const where = `$.workloads[${index}]`;
  const problems: ScenarioProblem[] = [];
  const kernel = variantKernelProblem(w, scenario);
  if (kernel !== null) problems.push({ where: `${where}.variant`, message: kernel });
  if (w.mtu > w.adapterMtuBytes - 14) problems.push({ where: `${where}.mtu`, message: `must be at most adapterMtuBytes - 14 = ${w.adapterMtuBytes - 14}, found ${w.mtu}` });
  if (scenario.machine.arch === 'x86_64' && scenario.machine.pageSizeBytes !== 4096) problems.push({ where: '$.machine.pageSizeBytes', message: 'x86_64 has only 4096-byte pages' });
  if (w.xdp !== undefined && problems.length === 0) {
    const m = scenario.machine;
    const xdpMax = manaXdpMtuMax(rxGeometryOf(archProfile(m.arch as ArchName, m.pageSizeBytes, m.kernel as KernelVersion)));
    if (w.mtu > xdpMax) problems.push({ where: `${where}.mtu`, message: `an XDP program needs mtu <= MANA_XDP_MTU_MAX = ${xdpMax} on ${m.pageSizeBytes}-byte pages, found ${w.mtu}` });
  }
  if (w.flow.kind === 'udp' && w.flow.frameSizes && w.flow.frameSizes.values.length !== w.flow.frameSizes.weights.length) {
    problems.push({ where: `${where}.flow.frameSizes`, message: 'values and weights must have the same length' });
  }
  return problems;
}

export const manaRxWorkload = defineWorkload({
  kind: 'mana-rx',
  schema: manaRxSchema,
  check,
  build({ sim, scenario, workload: w, index }) {
    const m = scenario.machine;
    const arch = archProfile(m.arch as ArchName, m.pageSizeBytes, m.kernel as KernelVersion);
    const f = w.flow;
    const config: ManaRxSimConfig = {
      name: `mana.rx.w${index}`,
      sim,
      arch,
      cpus: m.cpus,
      costProfile: m.costProfile,
      costOverrides: m.costOverrides,
      iommu: m.iommu,
      variant: w.variant,
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
