/**
 * Model-based command sequences (fc.commands) for one AF_XDP socket in copy mode on one NIC
 * TX queue, driven through the models' own API the way an application and the kernel drive
 * the real thing: submit descriptors (some invalid), kick with sendto(), let simulated time
 * pass (the device sends, NAPI or the next xmit frees skbs, their destructors complete), reap
 * completions, take the link down and up.
 *
 * The reference model is what the application knows: which frames it submitted and has not
 * got back. After every command: every completion names a frame the application submitted
 * and has not got back (exactly once, invalid descriptors never); the completion ring never
 * holds more than its reservations nor more than its size; socket memory stays ≥ its base.
 * After the sequence, a fault-free drain (link up, kicks until the TX ring is empty, TX
 * NAPI until the NIC ring is empty, reap everything) must bring every valid descriptor back
 * exactly once, every UMEM page to its pinned refcount, sk_wmem_alloc to 1, DMA maps to 0.
 */
import fc from 'fast-check';
import { Simulator } from '../../engine/index.ts';
import { archProfile } from '../../models/kernel/arch.ts';
import { createKernelEnv } from '../../models/kernel/env.ts';
import type { KernelVersion } from '../../models/kernel/version.ts';
import { batchBegin, batchEnd, createCpuBatch } from '../../models/nic/cpu-batch.ts';
import { netDevProfile, type NicKind } from '../../models/nic/netdev.ts';
import { createSkbTable } from '../../models/nic/skb-table.ts';
import { nicTxCosts } from '../../models/nic/tx-costs.ts';
import { createTxQueue, txInFlight, txStartDrain } from '../../models/nic/tx-queue.ts';
import { xskGenericXmit } from '../../models/xsk/generic-xmit.ts';
import { ringOccupancy, userConsPeek, userConsRelease, userProdReserve, userProdSubmit } from '../../models/xsk/ring.ts';
import { registerUmemOrThrow, umemPagesOffBaseline } from '../../models/xsk/umem.ts';
import { createXskSocket, wmemAllocGet, type XskSocket } from '../../models/xsk/xsk-socket.ts';
import type { TxQueue } from '../../models/nic/tx-queue.ts';

export interface XskSystemConfig {
  seed: number;
  kernel: KernelVersion;
  nic: NicKind;
  nicRingEntries: number;
  txEntries: number;
  cqEntries: number;
  numFrames: number;
  frameSizeBytes: number;
  packetSizeBytes: number;
  sndbufBytes: number;
}

export interface XskSystem {
  sim: Simulator;
  xs: XskSocket;
  q: TxQueue;
  cfg: XskSystemConfig;
  /** Application state: free frames, and which frames are out (submitted, not completed). */
  freeFrames: number[];
  out: Set<number>;
  invalidSubmitted: number;
  validSubmitted: number;
  completionsReaped: number;
}

/** Versions whose behaviour is correct for every CQ size (5.12/5.15 build before reserving). */
const SAFE_ANY_CQ: readonly KernelVersion[] = ['5.11', '5.19', '6.6', '6.x'];
const BUILD_BEFORE_RESERVE: readonly KernelVersion[] = ['5.12', '5.15'];

const pow2 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((e) => 2 ** e);

/**
 * Systems the models handle correctly. On 5.12/5.15 (build before reserve) the completion
 * ring is made at least as large as the frame count, so it can never be full; the known-bad
 * variant generator lifts that restriction.
 */
export function xskSystemConfigs(options: { allowBuildBeforeReserveCqFull?: boolean } = {}): fc.Arbitrary<XskSystemConfig> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      kernel: fc.constantFrom<KernelVersion>(...SAFE_ANY_CQ, ...BUILD_BEFORE_RESERVE),
      nic: fc.constantFrom<NicKind>('virtio_net', 'mlx5', 'mana', 'generic'),
      nicRingEntries: pow2(3, 8),
      txEntries: pow2(2, 7),
      cqEntries: pow2(2, 7),
      numFrames: fc.integer({ min: 4, max: 160 }),
      frameSizeBytes: fc.constantFrom(2048, 4096),
      packetSizeBytes: fc.integer({ min: 14, max: 2048 }),
      sndbufBytes: fc.constantFrom(212992, 16384, 4096),
    })
    .map((c) => {
      // len == chunk_size at a chunk start is rejected before 5.12.5 (the off-by-one of §1.5);
      // the application's notion of a valid descriptor stays version-independent below it.
      const packetSizeBytes = Math.min(c.packetSizeBytes, c.frameSizeBytes - 1);
      // The driver stops its queue with fewer than stopRoomSlots free (virtio 19, mlx5 16): the ring must be larger.
      const nicRingEntries = c.nic === 'virtio_net' || c.nic === 'mlx5' ? Math.max(32, c.nicRingEntries) : c.nicRingEntries;
      let cqEntries = c.cqEntries;
      if (BUILD_BEFORE_RESERVE.includes(c.kernel) && options.allowBuildBeforeReserveCqFull !== true) {
        while (cqEntries < c.numFrames) cqEntries *= 2;
      }
      return { ...c, packetSizeBytes, cqEntries, nicRingEntries };
    });
}

export function buildXskSystem(cfg: XskSystemConfig): XskSystem {
  const sim = new Simulator({ seed: cfg.seed, checkEveryEvent: true });
  const arch = archProfile('x86_64', 4096, cfg.kernel);
  const env = createKernelEnv({ sim, arch, cpus: 1 });
  const umem = registerUmemOrThrow(
    { startAddr: 0, sizeBytes: cfg.frameSizeBytes * cfg.numFrames, chunkSizeBytes: cfg.frameSizeBytes, headroomBytes: 0, unaligned: false },
    arch.pageSizeBytes,
  );
  const profile = netDevProfile(cfg.nic, cfg.kernel, { txRingEntries: cfg.nicRingEntries });
  const costs = nicTxCosts(env.cpu.costs, profile.kind, profile.usesDmaApi, false);
  const batch = createCpuBatch(env.cpu, 0);
  const q = createTxQueue(env, profile, costs, createSkbTable(64), batch);
  const xs = createXskSocket(env, umem, q, { txEntries: cfg.txEntries, cqEntries: cfg.cqEntries, sndbufBytes: cfg.sndbufBytes });
  const freeFrames: number[] = [];
  for (let f = cfg.numFrames - 1; f >= 0; f--) freeFrames.push(f);
  return { sim, xs, q, cfg, freeFrames, out: new Set(), invalidSubmitted: 0, validSubmitted: 0, completionsReaped: 0 };
}

function fail(message: string): never {
  throw new Error(message);
}

/** Checked after every command: the completion ring and socket memory are within bounds. */
export function checkXskBounds(s: XskSystem): void {
  const cq = s.xs.cq;
  if (cq.producer > cq.kCachedProd) fail(`P3: CQ producer ${cq.producer} beyond its reservations (cached_prod ${cq.kCachedProd})`);
  if (ringOccupancy(cq) > cq.entries) fail(`P3: CQ holds ${ringOccupancy(cq)} reserved or produced entries in a ring of ${cq.entries}`);
  if (s.xs.wmemAlloc < 1) fail(`P1: sk_wmem_alloc refcount ${s.xs.wmemAlloc} < 1`);
  if (s.out.size + s.freeFrames.length !== s.cfg.numFrames) fail(`model: frames out ${s.out.size} + free ${s.freeFrames.length} != ${s.cfg.numFrames}`);
}

// ---- commands ----

/** The application fills `count` TX descriptors (every `invalidEvery`-th past the UMEM) and submits them. */
export function submit(s: XskSystem, count: number, invalidEvery: number): void {
  const tx = s.xs.tx;
  let n = 0;
  while (n < count && s.freeFrames.length > n) n++;
  if (n === 0) return;
  const idx = userProdReserve(tx, n);
  if (idx < 0) return;
  for (let i = 0; i < n; i++) {
    const slot = (idx + i) & tx.mask;
    if (invalidEvery > 0 && (s.invalidSubmitted + s.validSubmitted + 1) % invalidEvery === 0) {
      tx.addrLo[slot] = s.xs.umem.sizeBytes;
      s.invalidSubmitted++;
    } else {
      const frame = s.freeFrames.pop()!;
      s.out.add(frame);
      tx.addrLo[slot] = frame * s.cfg.frameSizeBytes;
      s.validSubmitted++;
    }
    tx.addrHi[slot] = 0;
    tx.len[slot] = s.cfg.packetSizeBytes;
    tx.options[slot] = 0;
  }
  userProdSubmit(s.sim, tx, n);
}

/** sendto(MSG_DONTWAIT): one xsk_generic_xmit() call as one CPU batch. */
export function sendto(s: XskSystem): number {
  batchBegin(s.xs.batch, s.sim.nowNs);
  const ret = xskGenericXmit(s.xs);
  batchEnd(s.xs.batch);
  return ret;
}

/** Lets `ns` of simulated time pass: the device sends, completions are polled. */
export function advance(s: XskSystem, ns: number): void {
  s.sim.run({ untilNs: s.sim.nowNs + ns });
}

/** The application peeks up to `max` completions and takes their frames back. */
export function reap(s: XskSystem, max: number): number {
  const cq = s.xs.cq;
  const n = userConsPeek(cq, max);
  const start = cq.uCachedCons - n;
  for (let i = 0; i < n; i++) {
    const addr = cq.addrLo[(start + i) & cq.mask];
    const frame = addr / s.cfg.frameSizeBytes;
    if (!Number.isInteger(frame) || !s.out.has(frame)) {
      fail(`P3: completion for address ${addr}, which the application has not submitted or already got back (invalid descriptors must never complete)`);
    }
    s.out.delete(frame);
    s.freeFrames.push(frame);
  }
  if (n > 0) userConsRelease(s.sim, cq, n);
  s.completionsReaped += n;
  return n;
}

/** netif_carrier_off / on: __dev_direct_xmit drops while the link is down. */
export function setLink(s: XskSystem, up: boolean): void {
  s.q.running = up;
}

/**
 * The fault-free drain: link up, kick until the TX ring is consumed, let the NIC finish and
 * TX NAPI free everything, reap every completion. Then the leak checks (P1, P3, P4).
 */
export function drainAndCheck(s: XskSystem): void {
  setLink(s, true);
  for (let round = 0; round < 10_000; round++) {
    sendto(s);
    txStartDrain(s.q);
    advance(s, 1_000_000);
    reap(s, s.xs.cq.entries);
    const txPending = s.xs.tx.producer - s.xs.tx.kCachedCons;
    if (txPending === 0 && txInFlight(s.q) === 0 && s.xs.cq.producer === s.xs.cq.consumer) break;
  }
  s.sim.run({});
  reap(s, s.xs.cq.entries);
  const xs = s.xs;
  if (s.out.size !== 0) fail(`P3: ${s.out.size} valid descriptors never completed after the drain (frames ${[...s.out].slice(0, 8).join(', ')})`);
  if (s.completionsReaped !== s.validSubmitted) fail(`P3: ${s.completionsReaped} completions for ${s.validSubmitted} valid descriptors`);
  if (xs.tx.invalidDescs !== s.invalidSubmitted) fail(`P3: ${xs.tx.invalidDescs} descriptors counted invalid, ${s.invalidSubmitted} submitted`);
  if (xs.wmemAlloc !== 1) fail(`P1: sk_wmem_alloc is ${xs.wmemAlloc} after the drain, expected 1`);
  if (wmemAllocGet(xs) !== 0) fail(`P1: socket write memory ${wmemAllocGet(xs)} bytes after the drain`);
  const off = umemPagesOffBaseline(xs.umem);
  if (off !== 0) fail(`P1: ${off} UMEM pages not at their pinned refcount after the drain`);
  if (xs.skbs.live !== 0) fail(`P5: ${xs.skbs.live} skbs still allocated after the drain`);
  if (s.q.counters.dmaMaps !== s.q.counters.dmaUnmaps) fail(`P4: ${s.q.counters.dmaMaps} DMA maps, ${s.q.counters.dmaUnmaps} unmaps`);
  const cq = xs.cq;
  if (cq.reservedTotal !== cq.submittedTotal + cq.cancelledTotal) fail(`P3: CQ reservations ${cq.reservedTotal} != produced ${cq.submittedTotal} + cancelled ${cq.cancelledTotal}`);
  s.sim.checkInvariants();
}

/** Coverage labels of one finished sequence. */
export function xskCoverage(s: XskSystem): string[] {
  const c = s.xs.counters;
  const labels: string[] = [];
  if (c.cqFull > 0) labels.push('cq-full');
  if (c.eagainBusy > 0) labels.push('tx-busy');
  if (c.eagainSndbuf > 0) labels.push('sndbuf-full');
  if (c.ebusyDrop > 0) labels.push('link-down-drop');
  if (c.eagainBatch > 0) labels.push('batch-limit');
  if (s.xs.tx.invalidDescs > 0) labels.push('invalid-desc');
  if (c.builtZerocopy > 0) labels.push('zerocopy-skb');
  return labels;
}

type Cmd = fc.Command<{ submitted: number }, XskSystem>;

class SubmitCmd implements Cmd {
  constructor(readonly count: number, readonly invalidEvery: number) {}
  check = () => true;
  run(m: { submitted: number }, s: XskSystem): void {
    submit(s, this.count, this.invalidEvery);
    m.submitted = s.validSubmitted + s.invalidSubmitted;
    checkXskBounds(s);
  }
  toString = () => `submit(${this.count}, invalidEvery=${this.invalidEvery})`;
}

class SendtoCmd implements Cmd {
  check = () => true;
  run(_m: { submitted: number }, s: XskSystem): void {
    sendto(s);
    checkXskBounds(s);
  }
  toString = () => 'sendto()';
}

class AdvanceCmd implements Cmd {
  constructor(readonly ns: number) {}
  check = () => true;
  run(_m: { submitted: number }, s: XskSystem): void {
    advance(s, this.ns);
    checkXskBounds(s);
  }
  toString = () => `advance(${this.ns}ns)`;
}

class ReapCmd implements Cmd {
  constructor(readonly max: number) {}
  check = () => true;
  run(_m: { submitted: number }, s: XskSystem): void {
    reap(s, this.max);
    checkXskBounds(s);
  }
  toString = () => `reap(${this.max})`;
}

class LinkCmd implements Cmd {
  constructor(readonly up: boolean) {}
  check = () => true;
  run(_m: { submitted: number }, s: XskSystem): void {
    setLink(s, this.up);
    checkXskBounds(s);
  }
  toString = () => `link(${this.up ? 'up' : 'down'})`;
}

export function xskCommands(): fc.Arbitrary<Iterable<Cmd>> {
  return fc.commands(
    [
      fc.record({ count: fc.integer({ min: 1, max: 80 }), invalidEvery: fc.constantFrom(0, 0, 3, 7) }).map(({ count, invalidEvery }) => new SubmitCmd(count, invalidEvery)),
      fc.constant(new SendtoCmd()),
      fc.constant(new SendtoCmd()),
      fc.integer({ min: 100, max: 200_000 }).map((ns) => new AdvanceCmd(ns)),
      fc.integer({ min: 1, max: 64 }).map((n) => new ReapCmd(n)),
      fc.boolean().map((up) => new LinkCmd(up)),
    ],
    { maxCommands: 80, size: 'large' },
  );
}

/** The whole property: any system, any command sequence, then drain and check. */
export function xskSocketProperty(onCoverage?: (labels: string[]) => void, configs = xskSystemConfigs()) {
  return fc.property(configs, xskCommands(), (cfg, cmds) => {
    const system = buildXskSystem(cfg);
    fc.modelRun(() => ({ model: { submitted: 0 }, real: system }), cmds);
    drainAndCheck(system);
    onCoverage?.(xskCoverage(system));
  });
}
