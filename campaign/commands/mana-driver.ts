/**
 * Model-based command sequences (fc.commands) for MANA driver operations under RX traffic,
 * driven through the model's own API (models/mana/rx-sim.ts): time passing, XDP attach and
 * detach, MTU and ring-size changes, allocation and DMA-map failure windows switched on and off.
 *
 * The reference model knows the time, when the queued reconfigurations finish (each takes the
 * port down for reconfigDownNs) and whether faults are or were on.
 * After every command: every model invariant holds, each queue's ring footprint equals the
 * configuration's formula (P6), and with no fault ever injected and no reconfiguration under
 * way the port is up. At the end: faults off, traffic stops, the port is closed, and every
 * page, page_pool, DMA mapping and skb must come home (P1, P4, P5).
 *
 * The kernel is drawn from the registry (campaign/suites/mana.ts manaKernels()), so the driver
 * under test follows its MANA commits; every failure message starts with the kernel's spec.
 * Reconfigurations may overlap (the driver serialises them like rtnl_lock) and may ask for
 * MTUs the attached program refuses. Kept out: reconfigurations while allocations fail, which
 * reach the driver's own xdp_save_va overwrite leak (campaign/findings/).
 */
import fc from 'fast-check';
import { Simulator } from '../../engine/index.ts';
import { archProfile } from '../../models/kernel/arch.ts';
import { setMapFailure } from '../../models/kernel/dma.ts';
import { setAllocFailure } from '../../models/kernel/page.ts';
import { createManaRxSim, type ManaRxSim } from '../../models/mana/rx-sim.ts';
import { manaRxLeaks, ringFootprint } from '../../models/mana/report.ts';
import { kernelText } from '../../models/kernel/kernel-of.ts';
import type { KernelSpec } from '../../models/kernel/kernel-spec.ts';
import { archAndPageSize } from '../generators/machine.ts';
import { manaKernels } from '../suites/mana.ts';

const RECONFIG_DOWN_NS = 100_000;

export interface ManaDriverConfig {
  seed: number;
  arch: 'x86_64' | 'arm64';
  pageSizeBytes: number;
  /** The kernel; its MANA commits decide the driver (models/mana/driver.ts). */
  kernel: KernelSpec;
  mtu: number;
  queues: number;
  rxQueueSize: number;
  rateGbps: number;
  rcvbufBytes: number;
  appRateGbps: number;
}

export function manaDriverConfigs(): fc.Arbitrary<ManaDriverConfig> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      ap: archAndPageSize(),
      kernel: manaKernels(),
      mtu: fc.oneof(fc.constantFrom(1500, 9000), fc.integer({ min: 68, max: 9000 })),
      queues: fc.integer({ min: 1, max: 2 }),
      rxQueueSize: fc.constantFrom(128, 256, 512),
      rateGbps: fc.constantFrom(1, 5, 20),
      rcvbufBytes: fc.constantFrom(212992, 32768),
      appRateGbps: fc.constantFrom(0, 0.5, 5),
    })
    .map(({ ap, ...c }) => ({ ...c, ...ap }));
}

interface RefModel {
  nowNs: number;
  reconfigUntilNs: number;
  faultsOn: boolean;
  faultsEver: boolean;
}

export interface ManaDriverSystem {
  sim: Simulator;
  model: ManaRxSim;
  cfg: ManaDriverConfig;
  faultRng: ReturnType<Simulator['rng']['stream']>;
  reconfigs: number;
  reconfigsWithTraffic: number;
  peakZombiePools: number;
  /** Summed over the queues seen (queues are re-created by reconfigurations). */
  refillFailures: number;
  fragPagesShared: number;
  /** page_frag buffers seen (jumbo frames before fa37a8849634). */
  pageFragAllocs: number;
}

export function buildManaDriver(cfg: ManaDriverConfig): ManaDriverSystem {
  const sim = new Simulator({ seed: cfg.seed, checkEveryEvent: true });
  const model = createManaRxSim({
    name: 'mana.cmd',
    sim,
    arch: archProfile(cfg.arch, cfg.pageSizeBytes, cfg.kernel),
    cpus: 2,
    costProfile: 'default',
    costOverrides: {},
    iommu: false,
    mtu: cfg.mtu,
    rxQueueSize: cfg.rxQueueSize,
    numQueues: cfg.queues,
    reconfigDownNs: RECONFIG_DOWN_NS,
    flow: { kind: 'udp', rcvbufBytes: cfg.rcvbufBytes, arrivals: 'bursty', rateGbps: cfg.rateGbps, linkGbps: 100, burstFrames: 16, frameBytes: cfg.mtu + 14 },
    appRateGbps: cfg.appRateGbps,
    xdp: null,
    xdpOnAttach: { pass: 1 },
  });
  model.start();
  return { sim, model, cfg, faultRng: sim.rng.stream('campaign.mana.cmd.faults'), reconfigs: 0, reconfigsWithTraffic: 0, peakZombiePools: 0, refillFailures: 0, fragPagesShared: 0, pageFragAllocs: 0 };
}

/** Throws the failure, naming the kernel first (kernelOf(ref).spec). */
function fail(s: ManaDriverSystem, message: string): never {
  throw new Error(`kernel ${kernelText(s.cfg.kernel)}: ${message}`);
}

/** Checked after every command. */
export function checkManaDriver(s: ManaDriverSystem, m: RefModel): void {
  s.sim.checkInvariants();
  const port = s.model.port;
  const reconfiguring = s.model.pendingReconfig !== null;
  if (reconfiguring && m.nowNs >= m.reconfigUntilNs) fail(s, `a reconfiguration is still pending at ${m.nowNs} ns, after every queued one should have finished (${m.reconfigUntilNs} ns)`);
  if (!reconfiguring) {
    for (const rxq of port.rxqs) {
      if (rxq === null) continue;
      const fp = ringFootprint(port, rxq);
      if (fp.liveBytes !== fp.formulaBytes) fail(s, `P6: queue ${rxq.idx} ring holds ${fp.liveBytes} bytes, the formula gives ${fp.formulaBytes}`);
    }
    if (!m.faultsEver && !port.portIsUp) fail(s, `port down with no fault ever injected (reconfiguration errors ${s.model.reconfigErrors.join(', ') || 'none'})`);
  }
  const zombies = port.zombiePools.filter((p) => !p.freed).length;
  if (zombies > s.peakZombiePools) s.peakZombiePools = zombies;
  for (const rxq of port.rxqs) {
    if (rxq === null) continue;
    if (rxq.stats.refillFailures > 0) s.refillFailures = Math.max(s.refillFailures, rxq.stats.refillFailures);
    if (rxq.stats.fragPagesShared > 0) s.fragPagesShared = Math.max(s.fragPagesShared, rxq.stats.fragPagesShared);
    if (rxq.stats.pageFragAllocs > 0) s.pageFragAllocs = Math.max(s.pageFragAllocs, rxq.stats.pageFragAllocs);
  }
}

/** The fault-free end: faults off, traffic stops, reconfigurations finish, ifdown, leak check. */
export function finishManaDriver(s: ManaDriverSystem): void {
  setAllocFailure(s.model.port.pa, null, 0);
  setMapFailure(s.model.port.dev, null, 0);
  s.model.drain();
  s.sim.run({ untilNs: s.sim.nowNs + 50_000_000 });
  if (s.model.pendingReconfig !== null) fail(s, 'a reconfiguration is still pending 50 ms after traffic stopped');
  s.model.close();
  s.sim.run({ untilNs: s.sim.nowNs + 2_000_000_000 });
  s.sim.checkInvariants();
  const leak = manaRxLeaks(s.model);
  if (leak !== null) fail(s, `P1/P4/P5 after ifdown: ${leak}`);
}

export function manaDriverCoverage(s: ManaDriverSystem): string[] {
  const labels: string[] = [];
  if (s.refillFailures > 0) labels.push('refill-failure');
  if (s.fragPagesShared > 0) labels.push('frag-page-shared');
  if (s.reconfigsWithTraffic > 0) labels.push('reconfig-with-packets-in-flight');
  if (s.peakZombiePools > 0) labels.push('destroy-with-pages-held');
  if (s.pageFragAllocs > 0) labels.push('jumbo-page-frag');
  return labels;
}

type Cmd = fc.Command<RefModel, ManaDriverSystem>;

function packetsInFlight(s: ManaDriverSystem): boolean {
  return s.model.port.skbs.liveCount > 0 || s.model.port.lentBuffers > 0;
}

abstract class Reconfig implements Cmd {
  check(m: Readonly<RefModel>): boolean {
    return !m.faultsOn;
  }
  abstract start(s: ManaDriverSystem, m: RefModel): void;
  run(m: RefModel, s: ManaDriverSystem): void {
    if (packetsInFlight(s)) s.reconfigsWithTraffic++;
    s.reconfigs++;
    this.start(s, m);
    m.reconfigUntilNs = Math.max(m.nowNs, m.reconfigUntilNs) + RECONFIG_DOWN_NS + 1;
    checkManaDriver(s, m);
  }
}

class XdpAttach extends Reconfig {
  override start(s: ManaDriverSystem): void {
    s.model.xdpSet({ pass: 3, drop: 1, tx: 1, redirect: 1 });
  }
  override toString = () => 'xdpAttach()';
}

class XdpDetach extends Reconfig {
  override start(s: ManaDriverSystem): void {
    s.model.xdpSet(null);
  }
  override toString = () => 'xdpDetach()';
}

class SetMtu extends Reconfig {
  constructor(readonly mtu: number) {
    super();
  }
  override start(s: ManaDriverSystem): void {
    s.model.setMtu(this.mtu);
  }
  override toString = () => `setMtu(${this.mtu})`;
}

class SetRing extends Reconfig {
  constructor(readonly entries: number) {
    super();
  }
  override start(s: ManaDriverSystem): void {
    s.model.setRingEntries(this.entries);
  }
  override toString = () => `setRing(${this.entries})`;
}

class Advance implements Cmd {
  constructor(readonly ns: number) {}
  check = () => true;
  run(m: RefModel, s: ManaDriverSystem): void {
    m.nowNs += this.ns;
    s.sim.run({ untilNs: m.nowNs });
    checkManaDriver(s, m);
  }
  toString = () => `advance(${this.ns}ns)`;
}

class Faults implements Cmd {
  constructor(readonly allocProbability: number, readonly dmaProbability: number) {}
  check = () => true;
  run(m: RefModel, s: ManaDriverSystem): void {
    const on = this.allocProbability > 0 || this.dmaProbability > 0;
    setAllocFailure(s.model.port.pa, on ? s.faultRng : null, this.allocProbability);
    setMapFailure(s.model.port.dev, on ? s.faultRng : null, this.dmaProbability);
    m.faultsOn = on;
    m.faultsEver ||= on;
    checkManaDriver(s, m);
  }
  toString = () => `faults(alloc ${this.allocProbability}, dma ${this.dmaProbability})`;
}

export function manaDriverCommands(): fc.Arbitrary<Iterable<Cmd>> {
  return fc.commands(
    [
      fc.integer({ min: 1_000, max: 300_000 }).map((ns) => new Advance(ns)),
      fc.integer({ min: 1_000, max: 300_000 }).map((ns) => new Advance(ns)),
      fc.constant(new XdpAttach()),
      fc.constant(new XdpDetach()),
      fc.constantFrom(68, 1500, 3506, 4000, 9000).map((v) => new SetMtu(v)),
      fc.constantFrom(128, 256, 1024).map((v) => new SetRing(v)),
      fc.record({ a: fc.constantFrom(0, 0.05, 0.5), d: fc.constantFrom(0, 0.05, 0.5) }).map(({ a, d }) => new Faults(a, d)),
      fc.constant(new Faults(0, 0)),
    ],
    { maxCommands: 25 },
  );
}

export function manaDriverProperty(onCoverage?: (labels: string[]) => void) {
  return fc.property(manaDriverConfigs(), manaDriverCommands(), (cfg, cmds) => {
    const s = buildManaDriver(cfg);
    const initial: RefModel = { nowNs: 0, reconfigUntilNs: 0, faultsOn: false, faultsEver: false };
    try {
      fc.modelRun(() => ({ model: initial, real: s }), cmds);
      finishManaDriver(s);
    } catch (e) {
      // A model Violation does not know the kernel: name it, as fail() does.
      const text = e instanceof Error ? e.message : String(e);
      if (text.startsWith('kernel ')) throw e;
      throw new Error(`kernel ${kernelText(cfg.kernel)}: ${text}`, { cause: e });
    }
    onCoverage?.(manaDriverCoverage(s));
  });
}
