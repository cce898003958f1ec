/**
 * The MANA RX model's hot path: simulated RX packets per wall-clock second on one core, after
 * 730ff06d (page_pool fragments, 64K pages, link-bound TCP) and before it (a full page and a
 * dma_map_single per packet). Target: at least 1 M packets per wall second.
 */
import { Simulator } from '../engine/index.ts';
import { archProfile } from '../models/kernel/arch.ts';
import { createManaRxSim } from '../models/mana/rx-sim.ts';
import type { ManaRxVariant } from '../models/mana/rxbuf-cfg.ts';
import { wallNs, type BenchRow, type BenchSection } from './section.ts';

/** Simulated RX packets per second of wall time and of this process's CPU time (robust to a loaded machine). */
function packetsPerSecond(variant: ManaRxVariant, simTimeNs: number): { wall: number; cpu: number } {
  const sim = new Simulator({ seed: 1 });
  const model = createManaRxSim({
    name: 'bench.mana',
    sim,
    arch: archProfile('arm64', 65536, '6.x'),
    cpus: 2,
    costProfile: 'default',
    costOverrides: {},
    iommu: false,
    variant,
    mtu: 1500,
    numQueues: 1,
    flow: { kind: 'tcp', rcvbufBytes: 6291456, rttNs: 100_000, linkGbps: 30 },
    appRateGbps: 0,
    xdp: null,
  });
  const start = wallNs();
  const cpuStart = process.cpuUsage();
  model.start();
  sim.run({ untilNs: simTimeNs });
  const wall = wallNs() - start;
  const used = process.cpuUsage(cpuStart);
  let packets = 0;
  for (const rxq of model.port.rxqs) if (rxq !== null) packets += rxq.stats.packets;
  if (packets === 0) throw new Error(`bench mana: no packets (${variant})`);
  return { wall: packets / (wall / 1e9) / 1e6, cpu: packets / ((used.user + used.system) / 1e6) / 1e6 };
}

export const manaSection: BenchSection = {
  name: 'mana-rx',
  description: 'MANA RX TCP flow on arm64 64K pages: simulated RX packets per wall second (M)',
  run({ quick, runs }) {
    const simTimeNs = quick ? 20_000_000 : 1_000_000_000;
    const target = [{ kind: 'min' as const, value: 1, source: 'issue 5: >= 1 M packets per wall second' }];
    const rows: BenchRow[] = [
      { label: 'fragments (730ff06d), wall', unit: 'Mpkt/s', samples: [], targets: target },
      { label: 'fragments (730ff06d), CPU', unit: 'Mpkt/s', samples: [], targets: target },
      { label: 'full pages (before), wall', unit: 'Mpkt/s', samples: [], targets: target },
      { label: 'full pages (before), CPU', unit: 'Mpkt/s', samples: [], targets: target },
    ];
    for (let i = 0; i < runs; i++) {
      const a = packetsPerSecond('upstream-6x', simTimeNs);
      const b = packetsPerSecond('pre-730ff06d', simTimeNs);
      rows[0].samples.push(a.wall);
      rows[1].samples.push(a.cpu);
      rows[2].samples.push(b.wall);
      rows[3].samples.push(b.cpu);
    }
    return rows;
  },
};
