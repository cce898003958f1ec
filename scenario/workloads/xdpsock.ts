/**
 * Workload `xdpsock`: the AF_XDP transmit benchmark (models/xsk/xdpsock.ts), one independent
 * instance per (NIC, kernel, frame size) listed, each on its own simulated core, so one
 * scenario can print copy beside zero-copy, or several kernels beside each other.
 * NICs come from topology.nics (driver, ring size, headroom, flags); `nicTuning` sets the
 * remaining driver knobs per NIC name (every knob for the generic NIC). The schema is in
 * xdpsock-schema.ts, the checks in xdpsock-check.ts.
 */
import type { ArchName } from '../../models/kernel/arch.ts';
import { machineCacheLineBytes } from '../machine-arch.ts';
import { kernelText, type KernelRef } from '../../models/kernel/kernel-of.ts';
import { createXdpsock, xdpsockFinalReap, xdpsockMetrics, xdpsockQuiescenceProblems, xdpsockStop, type XdpsockModel } from '../../models/xsk/xdpsock.ts';
import { defineWorkload, type MetricValue } from '../workload-module.ts';
import { xdpsockSchema, type XdpsockSpec } from './xdpsock-schema.ts';
import { nicOverrides, selectedNics } from './xdpsock-nics.ts';
import { xdpsockCheck, xdpsockModelSlots } from './xdpsock-check.ts';

export { xdpsockSchema };

interface Instance {
  key: string;
  nic: string;
  kernel: KernelRef;
  sizeBytes: number;
  model: XdpsockModel;
}

function pct(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}%`;
}

export const xdpsockWorkload = defineWorkload({
  kind: 'xdpsock',
  schema: xdpsockSchema,
  check: xdpsockCheck,
  modelSlots: xdpsockModelSlots,
  build({ sim, scenario, workload: w, index }) {
    const machine = scenario.machine;
    const instances: Instance[] = [];
    const nics = selectedNics(w, scenario);
    // Several instances are several simulated machines: each gets its own observer tracks.
    const shared = nics.length * (w.kernels ?? [machine.kernel]).length * w.packetSizesBytes.length > 1;
    for (const nic of nics) {
      for (const kernel of (w.kernels ?? [machine.kernel]) as KernelRef[]) {
        for (const sizeBytes of w.packetSizesBytes) {
          const key = `${nic.name}.${kernelText(kernel)}.${sizeBytes}`;
          const model = createXdpsock(sim, {
            name: `xdpsock.w${index}.${key}`,
            trackPrefix: shared ? key : undefined,
            kernel,
            arch: machine.arch as ArchName,
            pageSizeBytes: machine.pageSizeBytes,
            cpuCacheLineBytes: machineCacheLineBytes(machine),
            costProfile: machine.costProfile,
            costOverrides: machine.costOverrides,
            iommu: machine.iommu,
            nic: nic.driver,
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
  const kernels = [...new Set(instances.map((i) => kernelText(i.kernel)))];
  const get = (nic: string, kernel: string, size: number) => instances.find((i) => i.nic === nic && kernelText(i.kernel) === kernel && i.sizeBytes === size)!;
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
