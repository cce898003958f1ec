/**
 * The xdpsock model's hot path: simulated packets (completions read by the application) per
 * wall-clock second on one core, for the seed's virtio_net zero-copy and copy paths and for
 * mlx5, and the heap retained after a run 8x longer than another (memory must be flat in
 * simulated duration: one event per sendto, skbs from a free list, no per-packet objects).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { NicKind } from '../models/nic/netdev.ts';
import { runXdpsockPoint } from '../models/xsk/run-point.ts';
import { wallNs, type BenchRow, type BenchSection } from './section.ts';

interface Case {
  label: string;
  nic: NicKind;
  sizeBytes: number;
  txSkbNoLinear?: boolean;
}

const CASES: Case[] = [
  { label: 'virtio zc', nic: 'virtio_net', sizeBytes: 64 },
  { label: 'virtio cp', nic: 'virtio_net', sizeBytes: 1500, txSkbNoLinear: false },
  { label: 'mlx5 copy', nic: 'mlx5', sizeBytes: 64 },
];

/** Packets per second of this process's CPU time: the same figure, robust to a loaded machine. */
function packetsPerCpuSecond(c: Case, simTimeNs: number): number {
  const start = process.cpuUsage();
  const r = runXdpsockPoint({ kernel: '5.12', nic: c.nic, packetSizeBytes: c.sizeBytes, costProfile: 'aliyun-ecs-virtio' }, simTimeNs);
  const used = process.cpuUsage(start);
  return r.model.txNpkts / ((used.user + used.system) / 1e6) / 1e6;
}

function packetsPerWallSecond(c: Case, simTimeNs: number): number {
  const start = wallNs();
  const r = runXdpsockPoint({
    kernel: '5.12',
    nic: c.nic,
    nicOverrides: c.txSkbNoLinear === undefined ? {} : { txSkbNoLinear: c.txSkbNoLinear },
    packetSizeBytes: c.sizeBytes,
    costProfile: 'aliyun-ecs-virtio',
  }, simTimeNs);
  const wall = wallNs() - start;
  return r.model.txNpkts / (wall / 1e9) / 1e6;
}

/** A forced full GC (benchmark only), so heap figures are retained memory, not garbage. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function retainedHeapMb(simTimeNs: number): number {
  collect();
  const before = process.memoryUsage().heapUsed;
  const r = runXdpsockPoint({ kernel: '5.12', nic: 'virtio_net', packetSizeBytes: 64, costProfile: 'aliyun-ecs-virtio' }, simTimeNs);
  collect();
  const after = process.memoryUsage().heapUsed;
  if (r.model.txNpkts === 0) throw new Error('bench xdpsock: no packets');
  return (after - before) / 1e6;
}

export const xdpsockSection: BenchSection = {
  name: 'xdpsock',
  description: 'XSK generic transmit (xdpsock -t -S, kernel 5.12): simulated packets per wall second, heap vs simulated duration',
  run({ quick, runs }): BenchRow[] {
    const simTimeNs = quick ? 20_000_000 : 200_000_000;
    packetsPerWallSecond(CASES[0], 5_000_000);
    const rows: BenchRow[] = CASES.map((c) => ({
      label: c.label,
      unit: 'M pkt/s',
      samples: Array.from({ length: runs }, () => packetsPerWallSecond(c, simTimeNs)),
      targets: [{ kind: 'min', value: 2, source: 'issue 4: 2 M simulated packets/s on one core' }],
    }));
    rows.push({
      label: 'zc cpu-s',
      unit: 'M pkt/cpu-s',
      samples: Array.from({ length: runs }, () => packetsPerCpuSecond(CASES[0], simTimeNs)),
      targets: [{ kind: 'min', value: 2, source: 'issue 4, per CPU second of this process' }],
    });
    const short = retainedHeapMb(simTimeNs / 8);
    const long = retainedHeapMb(simTimeNs);
    rows.push({
      label: 'heap 8x',
      unit: 'MB more',
      samples: [Math.max(0, long - short)],
      targets: [{ kind: 'max', value: 1, source: 'flat memory: an 8x longer run retains < 1 MB more' }],
    });
    return rows;
  },
};
