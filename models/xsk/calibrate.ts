/**
 * Fits the four free physical parameters of the virtio_net XSK transmit cost model to the
 * seed's xdpsock measurements at two frame sizes (copy and zero-copy at each: four numbers).
 *
 * Free parameters (everything else is a prior from models/kernel's 'aliyun-ecs-virtio'
 * profile or the documented defaults of models/nic/tx-costs.ts and the xdpsock loop):
 *  - virtioXmitNs: start_xmit + xmit_skb + virtqueue_add_outbuf per packet (common to both);
 *  - memcpyFixedNs: per-call cost of skb_store_bits into a fresh head (copy only);
 *  - memcpyBytesPerNs: guest copy bandwidth into the skb head (copy only);
 *  - hostCopyStallNsPerByte: guest time lost per byte the host backend copies out of guest
 *    memory (both paths; the only per-byte term zero-copy has).
 * Observables: ns per packet = 1e9 / pps for copy and zero-copy at the two sizes. The model is
 * linear in (virtioXmitNs, memcpyFixedNs, 1/memcpyBytesPerNs, hostCopyStallNsPerByte) while
 * the guest CPU is the bottleneck, so Newton's method with a finite-difference Jacobian
 * converges in two or three steps; each evaluation is a short simulation of the real model,
 * so batching, rounding and completion timing are part of the fit.
 */
import type { KernelRef } from '../kernel/kernel-of.ts';
import type { NetDevOverrides } from '../nic/netdev.ts';
import { runXdpsockPoint } from './run-point.ts';

export interface FitTarget {
  sizeBytes: number;
  copyPps: number;
  zerocopyPps: number;
}

export interface FitOptions {
  kernel: KernelRef;
  costProfile: string;
  /** Priors: cost keys held fixed during the fit. */
  fixedOverrides: Readonly<Record<string, number>>;
  /** NIC settings of the zero-copy run; the copy run adds txSkbNoLinear: false. */
  nicOverrides?: NetDevOverrides;
  simTimeNs: number;
  initial?: FitParams;
  iterations?: number;
}

export interface FitParams {
  virtioXmitNs: number;
  memcpyFixedNs: number;
  memcpyBytesPerNs: number;
  hostCopyStallNsPerByte: number;
}

function toVector(p: FitParams): number[] {
  return [p.virtioXmitNs, p.memcpyFixedNs, 1 / p.memcpyBytesPerNs, p.hostCopyStallNsPerByte];
}

function fromVector(v: readonly number[]): FitParams {
  return { virtioXmitNs: v[0], memcpyFixedNs: v[1], memcpyBytesPerNs: 1 / v[2], hostCopyStallNsPerByte: v[3] };
}

/** The cost overrides a fitted parameter set stands for. */
export function fitOverrides(fixed: Readonly<Record<string, number>>, p: FitParams): Record<string, number> {
  return { ...fixed, ...p };
}

/** ns per packet of copy and zero-copy at each target size, under the given parameters. */
export function nsPerPacket(o: FitOptions, p: FitParams, sizes: readonly number[]): number[] {
  const out: number[] = [];
  for (const size of sizes) {
    for (const zerocopy of [false, true]) {
      const r = runXdpsockPoint({
        kernel: o.kernel,
        nic: 'virtio_net',
        nicOverrides: zerocopy ? { ...o.nicOverrides } : { ...o.nicOverrides, txSkbNoLinear: false },
        packetSizeBytes: size,
        costProfile: o.costProfile,
        costOverrides: fitOverrides(o.fixedOverrides, p),
      }, o.simTimeNs);
      out.push(1e9 / r.metrics.pps);
    }
  }
  return out;
}

/** Solves A x = b (4x4, Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    if (Math.abs(m[c][c]) < 1e-12) throw new RangeError('calibrate: singular Jacobian (the two sizes must differ)');
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

export interface FitResult {
  params: FitParams;
  /** Residuals (model − target) in ns per packet at the fit points, in the order copy/zc per size. */
  residualNs: number[];
}

// Not a kernel function: the calibration procedure documented in scenarios/xsk-seed-table.json.
export function fitVirtioCosts(targets: readonly [FitTarget, FitTarget], o: FitOptions): FitResult {
  const sizes = targets.map((t) => t.sizeBytes);
  const y = targets.flatMap((t) => [1e9 / t.copyPps, 1e9 / t.zerocopyPps]);
  let x = toVector(o.initial ?? { virtioXmitNs: 150, memcpyFixedNs: 20, memcpyBytesPerNs: 8, hostCopyStallNsPerByte: 0.01 });
  const steps = [5, 2, 0.005, 0.002];
  let f = nsPerPacket(o, fromVector(x), sizes);
  for (let it = 0; it < (o.iterations ?? 3); it++) {
    const jac: number[][] = y.map(() => [0, 0, 0, 0]);
    for (let j = 0; j < 4; j++) {
      const xj = [...x];
      xj[j] += steps[j];
      const fj = nsPerPacket(o, fromVector(xj), sizes);
      for (let i = 0; i < 4; i++) jac[i][j] = (fj[i] - f[i]) / steps[j];
    }
    const dx = solve(jac, y.map((yi, i) => yi - f[i]));
    x = x.map((xi, j) => xi + dx[j]);
    f = nsPerPacket(o, fromVector(x), sizes);
  }
  return { params: fromVector(x), residualNs: f.map((fi, i) => fi - y[i]) };
}
