/**
 * Workload `xdpsock`: the AF_XDP transmit benchmark (models/xsk/xdpsock.ts), one independent
 * instance per (NIC, kernel, frame size) listed, each on its own simulated core, so one
 * scenario can print copy beside zero-copy, or several kernels beside each other.
 * NICs come from topology.nics (driver, ring size, headroom, flags); `nicTuning` sets the
 * remaining driver knobs per NIC name (every knob for the generic NIC).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { ArchName } from '../../models/kernel/arch.ts';
import { atLeast, KERNEL_VERSIONS, type KernelVersion } from '../../models/kernel/version.ts';
import type { NetDevOverrides, NicKind } from '../../models/nic/netdev.ts';
import { createXdpsock, xdpsockFinalReap, xdpsockMetrics, xdpsockQuiescenceProblems, xdpsockStop, type XdpsockModel } from '../../models/xsk/xdpsock.ts';
import type { ScenarioProblem } from '../problems.ts';
import type { Nic, ResolvedScenario } from '../schema.ts';
import { defineWorkload, type MetricValue } from '../workload-module.ts';

const Int = (minimum: number, maximum: number, description: string, def?: number) =>
  Type.Optional(Type.Integer({ minimum, maximum, description, ...(def === undefined ? {} : { default: def }) }));
const Bool = (description: string) => Type.Optional(Type.Boolean({ description }));

const TuningSchema = Type.Object(
  {
    cowHeadroomBytes: Int(0, 4096, 'Headroom the driver really needs (skb_cow_head on every skb; 0 = never).'),
    minInlineBytes: Int(0, 256, 'Minimum inline header bytes the device requires (mlx5 ConnectX-4 Lx: 18).'),
    stopRoomSlots: Int(1, 1 << 16, 'The queue is stopped when fewer free ring slots remain.'),
    slotPerSg: Bool('Each SG entry takes a ring slot (no indirect descriptors).'),
    completionMode: Type.Optional(Type.Union([Type.Literal('napi'), Type.Literal('free-on-next-xmit')], { description: 'How the driver learns of completions.' })),
    completionDelayNs: Int(0, 1e9, 'Interrupt/NAPI latency after the device completes.'),
    napiBudget: Int(1, 1 << 16, 'Completions per NAPI poll.'),
    devicePacketNs: Int(0, 1e9, 'Device (or virtio host) time per packet.'),
    deviceBytesPerNs: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: 'Device (or virtio host) copy/DMA rate.' })),
    usesDmaApi: Bool('The driver maps buffers through the DMA API (virtio: only with ACCESS_PLATFORM).'),
    virtioHdrBytes: Int(10, 64, 'virtio-net header length: 10 legacy, 12 mergeable/v1, 20 hash report.'),
    virtioAnyHeaderSg: Bool('VIRTIO_F_ANY_LAYOUT / VERSION_1.'),
    recoveryGraceNs: Int(0, Number.MAX_SAFE_INTEGER, 'mlx5: devlink health TX reporter grace period (default 500 ms).'),
    recoveryDelayNs: Int(0, 1e9, 'mlx5: time the error-CQE recovery work takes to reset the SQ.'),
  },
  { additionalProperties: false },
);

const ReferenceSchema = Type.Object(
  {
    label: Type.String({ minLength: 1, description: 'Where the numbers come from.' }),
    pps: Type.Record(Type.String(), Type.Array(Type.Number({ minimum: 0 })), { description: 'Per NIC name, one pps per entry of packetSizesBytes.' }),
    fitSizesBytes: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 2, description: 'Sizes the cost parameters were fitted on (at most two).' })),
  },
  { additionalProperties: false },
);

export const xdpsockSchema = Type.Object(
  {
    kind: Type.Literal('xdpsock'),
    nics: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, uniqueItems: true, description: 'NIC names from topology.nics (default: all).' })),
    kernels: Type.Optional(Type.Array(Type.Union(KERNEL_VERSIONS.map((v) => Type.Literal(v))), { minItems: 1, uniqueItems: true, description: 'Kernel versions to run (default: machine.kernel).' })),
    packetSizesBytes: Type.Array(Type.Integer({ minimum: 14, maximum: 65536 }), { minItems: 1, uniqueItems: true, description: 'xdpsock -s: frame lengths.' }),
    descsPerPacket: Int(1, 18, 'v6.6+ multi-buffer: descriptors per packet (XDP_PKT_CONTD on all but the last).', 1),
    batchSize: Int(1, 2048, 'xdpsock -b: descriptors per reserve and per completion peek.', 64),
    frameSizeBytes: Int(2048, 65536, 'UMEM chunk size.', 4096),
    numFrames: Int(64, 1 << 20, 'UMEM frames.', 4096),
    txEntries: Int(1, 1 << 20, 'TX ring entries (power of two).', 2048),
    cqEntries: Int(1, 1 << 20, 'Completion ring entries (power of two).', 2048),
    unaligned: Bool('XDP_UMEM_UNALIGNED_CHUNK_FLAG.'),
    umemHeadroomBytes: Int(0, 65536, 'UMEM headroom.', 0),
    sndbufBytes: Int(1, 1 << 30, 'sk_sndbuf.', 212992),
    invalidEvery: Int(0, 1 << 30, 'Make every Nth descriptor invalid (0: never).', 0),
    warmupNs: Int(0, Number.MAX_SAFE_INTEGER, 'Measurement starts here.', 100_000),
    bugV4WmemDoubleCharge: Bool('Known-bad: zero-copy head truesize charged twice, released once.'),
    bugV3TruesizeBytes: Bool('Known-bad: truesize += len instead of chunk_size in aligned mode.'),
    bugStraddleValidation: Bool('Known-bad: the v5.12.5 aligned validation accepting straddling descriptors.'),
    forceZerocopyBuild: Bool('Build zero-copy skbs whatever the device declares (the series before IFF_TX_SKB_NO_LINEAR).'),
    nicTuning: Type.Optional(Type.Record(Type.String(), TuningSchema, { description: 'Driver knobs per NIC name.' })),
    reference: Type.Optional(ReferenceSchema),
  },
  { additionalProperties: false, description: 'xdpsock -t -S: AF_XDP copy-mode transmit benchmark.' },
);

type XdpsockSpec = Static<typeof xdpsockSchema>;

function selectedNics(w: XdpsockSpec, scenario: ResolvedScenario): Nic[] {
  const all = scenario.topology.nics;
  return w.nics === undefined ? all : w.nics.map((n) => all.find((x) => x.name === n)).filter((x): x is Nic => x !== undefined);
}

function nicOverrides(nic: Nic, tuning: XdpsockSpec['nicTuning']): NetDevOverrides {
  const o: Record<string, unknown> = { ifname: nic.name };
  if (nic.txRingEntries !== undefined) o.txRingEntries = nic.txRingEntries;
  if (nic.neededHeadroomBytes !== undefined) o.neededHeadroomBytes = nic.neededHeadroomBytes;
  if (nic.neededTailroomBytes !== undefined) o.neededTailroomBytes = nic.neededTailroomBytes;
  if (nic.txSkbNoLinear !== undefined) o.txSkbNoLinear = nic.txSkbNoLinear;
  if (nic.sg !== undefined) o.sg = nic.sg;
  if (nic.lineRateGbps !== undefined) o.lineRateMbps = nic.lineRateGbps * 1000;
  return { ...o, ...(tuning?.[nic.name] ?? {}) } as NetDevOverrides;
}

interface Instance {
  key: string;
  nic: string;
  kernel: KernelVersion;
  sizeBytes: number;
  model: XdpsockModel;
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`;
}

export const xdpsockWorkload = defineWorkload({
  kind: 'xdpsock',
  schema: xdpsockSchema,
  check(w, scenario, index) {
    const problems: ScenarioProblem[] = [];
    const names = scenario.topology.nics.map((n) => n.name);
    if (names.length === 0) problems.push({ where: `$.workloads[${index}]`, message: 'xdpsock needs at least one NIC in topology.nics' });
    (w.nics ?? []).forEach((n, i) => {
      if (!names.includes(n)) problems.push({ where: `$.workloads[${index}].nics[${i}]`, message: `expected one of ${names.join(', ')}, found "${n}"` });
    });
    for (const [field, v] of [['txEntries', w.txEntries], ['cqEntries', w.cqEntries]] as const) {
      if (v !== undefined && (v & (v - 1)) !== 0) problems.push({ where: `$.workloads[${index}].${field}`, message: `ring entries must be a power of two, found ${v}` });
    }
    for (const n of Object.keys(w.nicTuning ?? {})) {
      if (!names.includes(n)) problems.push({ where: `$.workloads[${index}].nicTuning`, message: `no NIC named "${n}" in topology.nics` });
    }
    if (w.reference !== undefined) {
      for (const [n, pps] of Object.entries(w.reference.pps)) {
        if (pps.length !== w.packetSizesBytes.length) problems.push({ where: `$.workloads[${index}].reference.pps.${n}`, message: `expected ${w.packetSizesBytes.length} values (one per packet size), found ${pps.length}` });
      }
    }
    const frame = w.frameSizeBytes ?? 4096;
    const k = w.descsPerPacket ?? 1;
    w.packetSizesBytes.forEach((s, i) => {
      if (Math.ceil(s / k) > frame) problems.push({ where: `$.workloads[${index}].packetSizesBytes[${i}]`, message: `frame length ${s} in ${k} descriptor(s) exceeds frameSizeBytes ${frame} per descriptor` });
    });
    if (k > 1) {
      const kernels = w.kernels ?? [scenario.machine.kernel];
      kernels.forEach((v) => {
        if (!atLeast(v as KernelVersion, '6.6')) problems.push({ where: `$.workloads[${index}].descsPerPacket`, message: `multi-buffer needs kernel 6.6 or later, found ${v}` });
      });
    }
    return problems;
  },
  build({ sim, scenario, workload: w, index }) {
    const machine = scenario.machine;
    const instances: Instance[] = [];
    const nics = selectedNics(w, scenario);
    // Several instances are several simulated machines: each gets its own observer tracks.
    const shared = nics.length * (w.kernels ?? [machine.kernel]).length * w.packetSizesBytes.length > 1;
    for (const nic of nics) {
      for (const kernel of (w.kernels ?? [machine.kernel]) as KernelVersion[]) {
        for (const sizeBytes of w.packetSizesBytes) {
          const key = `${nic.name}.${kernel}.${sizeBytes}`;
          const model = createXdpsock(sim, {
            name: `xdpsock.w${index}.${key}`,
            trackPrefix: shared ? key : undefined,
            kernel,
            arch: machine.arch as ArchName,
            pageSizeBytes: machine.pageSizeBytes,
            costProfile: machine.costProfile,
            costOverrides: machine.costOverrides,
            iommu: machine.iommu,
            nic: nic.driver as NicKind,
            nicOverrides: nicOverrides(nic, w.nicTuning),
            packetSizeBytes: sizeBytes,
            descsPerPacket: w.descsPerPacket,
            batchSize: w.batchSize,
            frameSizeBytes: w.frameSizeBytes,
            numFrames: w.numFrames,
            txEntries: w.txEntries,
            cqEntries: w.cqEntries,
            unaligned: w.unaligned,
            umemHeadroomBytes: w.umemHeadroomBytes,
            sndbufBytes: w.sndbufBytes,
            invalidEvery: w.invalidEvery,
            warmupNs: w.warmupNs ?? 100_000,
            bugs: {
              bugV4WmemDoubleCharge: w.bugV4WmemDoubleCharge,
              bugV3TruesizeBytes: w.bugV3TruesizeBytes,
              bugStraddleValidation: w.bugStraddleValidation,
              forceZerocopyBuild: w.forceZerocopyBuild,
            },
            start: false,
          });
          instances.push({ key, nic: nic.name, kernel, sizeBytes, model });
        }
      }
    }
    return {
      actions: ['link-down', 'link-up'] as const,
      onAction(fault) {
        // netif_carrier_off/on: __dev_direct_xmit then drops (NET_XMIT_DROP) until the link is back.
        for (const i of instances) if (fault.nic === undefined || fault.nic === i.nic) i.model.q.running = fault.action === 'link-up';
      },
      start() {
        for (const i of instances) i.model.start();
      },
      drain() {
        for (const i of instances) xdpsockStop(i.model);
      },
      checkQuiescent() {
        const problems: string[] = [];
        for (const i of instances) {
          xdpsockFinalReap(i.model);
          for (const p of xdpsockQuiescenceProblems(i.model)) problems.push(`${i.key}: ${p}`);
        }
        return problems.length === 0 ? null : problems.join('; ');
      },
      metrics() {
        const out: Record<string, MetricValue> = {};
        for (const i of instances) {
          const m = xdpsockMetrics(i.model);
          const p = `${i.key}`;
          out[`${p}.pps`] = m.pps;
          out[`${p}.gbps`] = m.gbps;
          out[`${p}.cpuNsPerPacket`] = m.cpuNsPerPacket;
          out[`${p}.cpuNsPerPacketTotal`] = m.cpuNsPerPacketTotal;
          out[`${p}.skbHeadReallocs`] = m.skbHeadReallocs;
          out[`${p}.linearizations`] = m.linearizations;
          out[`${p}.peakWmemBytes`] = m.peakWmemBytes;
          out[`${p}.zerocopySkbs`] = m.zerocopySkbs;
          out[`${p}.copySkbs`] = m.copySkbs;
          out[`${p}.wirePackets`] = m.wirePackets;
          out[`${p}.completionsRead`] = m.completionsRead;
          out[`${p}.errors`] = m.errors;
        }
        return out;
      },
      report() {
        return xdpsockReport(w, instances);
      },
    };
  },
});

function xdpsockReport(w: XdpsockSpec, instances: Instance[]): string {
  const lines: string[] = [];
  const nics = [...new Set(instances.map((i) => i.nic))];
  const kernels = [...new Set(instances.map((i) => i.kernel))];
  const get = (nic: string, kernel: string, size: number) => instances.find((i) => i.nic === nic && i.kernel === kernel && i.sizeBytes === size)!;
  for (const kernel of kernels) {
    lines.push(`xdpsock -t -S, kernel ${kernel}: pps (skb head reallocations)`);
    lines.push(`  ${'size'.padStart(6)} ${nics.map((n) => n.padStart(22)).join(' ')}${nics.length === 2 ? '   gain' : ''}`);
    for (const size of w.packetSizesBytes) {
      const ms = nics.map((n) => xdpsockMetrics(get(n, kernel, size).model));
      const cells = ms.map((m) => `${m.pps} (${m.skbHeadReallocs})`.padStart(22));
      const gain = nics.length === 2 ? `  ${pct((ms[1].pps / ms[0].pps - 1) * 100)}` : '';
      lines.push(`  ${String(size).padStart(6)} ${cells.join(' ')}${gain}`);
    }
  }
  const ref = w.reference;
  if (ref !== undefined && kernels.length === 1) {
    const refNics = Object.keys(ref.pps).filter((n) => nics.includes(n));
    lines.push(`beside ${ref.label}${ref.fitSizesBytes ? ` (costs fitted at ${ref.fitSizesBytes.join(' and ')} bytes only)` : ''}:`);
    lines.push(`  ${'size'.padStart(6)} ${refNics.map((n) => `${n} model`.padStart(16) + `${n} ref`.padStart(16) + 'Δ'.padStart(9)).join('')}${refNics.length === 2 ? '  gain model    ref   Δpp' : ''}`);
    w.packetSizesBytes.forEach((size, k) => {
      const cells: string[] = [];
      const model: number[] = [];
      for (const n of refNics) {
        const pps = xdpsockMetrics(get(n, kernels[0], size).model).pps;
        model.push(pps);
        cells.push(String(pps).padStart(16) + String(ref.pps[n][k]).padStart(16) + pct((pps / ref.pps[n][k] - 1) * 100).padStart(9));
      }
      let gain = '';
      if (refNics.length === 2) {
        const gm = (model[1] / model[0] - 1) * 100;
        const gr = (ref.pps[refNics[1]][k] / ref.pps[refNics[0]][k] - 1) * 100;
        gain = `  ${gm.toFixed(2).padStart(10)} ${gr.toFixed(2).padStart(6)} ${(gm - gr).toFixed(2).padStart(5)}`;
      }
      lines.push(`  ${String(size).padStart(6)} ${cells.join('')}${gain}`);
    });
  }
  for (const i of instances) {
    const m = xdpsockMetrics(i.model);
    const errs = Object.entries(m.errors).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ');
    const phases = Object.entries(m.cpuNsPerPacket).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    lines.push(`${i.key}: ${m.pps} pps (completions read), ${m.wirePackets} frames on the wire, ${m.gbps} Gbit/s, CPU ${m.cpuNsPerPacketTotal.toFixed(1)} ns/pkt (${phases}); reallocs ${m.skbHeadReallocs}, peak sk_wmem_alloc ${m.peakWmemBytes} B${errs ? `; ${errs}` : ''}`);
    for (const e of i.model.env.log.slice(0, 8)) lines.push(`  [${(e.timeNs / 1e9).toFixed(6)}] ${e.message}`);
    if (i.model.env.log.length > 8) lines.push(`  … ${i.model.env.log.length - 8} more kernel log lines`);
  }
  return lines.join('\n');
}
