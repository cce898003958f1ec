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
import { Simulator, Violation } from '../../engine/index.ts';
import { archProfile, skbTruesize, type ArchProfile } from '../../models/kernel/arch.ts';
import { createKernelEnv } from '../../models/kernel/env.ts';
import { KERNEL_CHANGES, type KernelChangeName } from '../../models/kernel/features.ts';
import { kernelText, type KernelRef } from '../../models/kernel/kernel-of.ts';
import { batchBegin, batchEnd, createCpuBatch } from '../../models/nic/cpu-batch.ts';
import { netDevProfile, type NicKind } from '../../models/nic/netdev.ts';
import { createSkbTable } from '../../models/nic/skb-table.ts';
import { nicTxCosts } from '../../models/nic/tx-costs.ts';
import { createTxQueue, txInFlight, txStartDrain } from '../../models/nic/tx-queue.ts';
import { xskGenericXmit } from '../../models/xsk/generic-xmit.ts';
import { ringOccupancy, userConsPeek, userConsRelease, userProdReserve, userProdSubmit } from '../../models/xsk/ring.ts';
import { registerUmemOrThrow, umemPagesOffBaseline } from '../../models/xsk/umem.ts';
import { buildsBeforeCqReserve, createXskSocket, type XskSocket } from '../../models/xsk/xsk-socket.ts';
import type { TxQueue } from '../../models/nic/tx-queue.ts';
import { kernelSpecs, type KernelDrawOptions } from '../generators/kernel.ts';
import { minCleanFrameBytes, minTxRingEntries, nicDrivers } from '../generators/machine.ts';
import { registerCaseRunner, type CaseRun } from '../cases.ts';
import { PropertyBreach, type Failure } from '../failure.ts';
import type { CampaignProperty } from '../property.ts';

export interface XskSystemConfig {
  seed: number;
  kernel: KernelRef;
  nic: NicKind;
  nicRingEntries: number;
  txEntries: number;
  cqEntries: number;
  numFrames: number;
  frameSizeBytes: number;
  packetSizeBytes: number;
  sndbufBytes: number;
  /** Known-bad switches (off unless a known-bad variant sets them). */
  bugs?: { bugV4WmemDoubleCharge?: boolean; bugV3TruesizeBytes?: boolean };
}

export interface XskSystem {
  sim: Simulator;
  xs: XskSocket;
  q: TxQueue;
  arch: ArchProfile;
  cfg: XskSystemConfig;
  /** Application state: free frames, and which frames are out (submitted, not completed). */
  freeFrames: number[];
  out: Set<number>;
  invalidSubmitted: number;
  validSubmitted: number;
  completionsReaped: number;
}

/**
 * The registered changes the XSK transmit models ask (the netdev-, virtio- and xsk- entries),
 * read from the registry so that a new XSK commit is drawn on and off without a list to update.
 */
export const XSK_TOGGLES: readonly KernelChangeName[] = KERNEL_CHANGES.map((c) => c.name).filter((n) => /^(xsk|netdev|virtio)-/.test(n));

/**
 * The kernels XSK properties draw (campaign/generators/kernel.ts): today's classes plus the
 * mainline releases whose stable branches carry XSK backports (5.13.2, 6.13.11, 6.14.2), the
 * point releases on either side of every registered backport on those branches (5.12.4/5.12.5,
 * 5.13.1/5.13.2, 5.15.50/5.15.51, 6.6.18/6.6.19, ...), the jammy linux-azure distro kernel, and
 * random with/without sets of the XSK entries around any of them. Whether a kernel builds the
 * skb before it reserves the CQ slot is asked of the drawn kernel (buildsBeforeCqReserve).
 */
export const XSK_KERNEL_DRAW: KernelDrawOptions = {
  bases: ['5.11', '5.12', '5.13', '5.15', '5.19', '6.6', '6.13', '6.14', '6.x'],
  toggles: XSK_TOGGLES,
};

const pow2 = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((e) => 2 ** e);

/**
 * Systems the models handle correctly. On a kernel that builds the skb before it reserves the
 * CQ slot (9c8f21e6f885 without a6e944f25cdb: 5.12, 5.15.0-5.15.50, ...) the completion ring is
 * made at least as large as the frame count, so it can never be full; the known-bad variant
 * generator lifts that restriction. `drivers`: the NICs to draw (default: every registered one).
 */
export function xskSystemConfigs(options: { allowBuildBeforeReserveCqFull?: boolean; drivers?: readonly NicKind[] } = {}): fc.Arbitrary<XskSystemConfig> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      kernel: kernelSpecs(XSK_KERNEL_DRAW) as fc.Arbitrary<KernelRef>,
      nic: options.drivers === undefined ? nicDrivers() : fc.constantFrom(...options.drivers),
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
      // A frame shorter than the driver's minimum (mlx5 ConnectX-4: 18 inline header bytes) draws
      // error CQEs, and a second one inside the devlink grace period leaves the SQ in error for
      // good (the model has no TX watchdog; campaign/findings/xsk-mlx5-short-frame-sq-error-never-recovers.json).
      const packetSizeBytes = Math.max(minCleanFrameBytes(c.nic, c.kernel), Math.min(c.packetSizeBytes, c.frameSizeBytes - 1));
      // The driver stops its queue with fewer than stopRoomSlots free (virtio 19, mlx5 16): the ring must be larger.
      const nicRingEntries = Math.max(minTxRingEntries(c.nic, c.kernel), c.nicRingEntries);
      let cqEntries = c.cqEntries;
      if (buildsBeforeCqReserve(c.kernel) && options.allowBuildBeforeReserveCqFull !== true) {
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
  const xs = createXskSocket(env, umem, q, { txEntries: cfg.txEntries, cqEntries: cfg.cqEntries, sndbufBytes: cfg.sndbufBytes, ...(cfg.bugs ?? {}) });
  const freeFrames: number[] = [];
  for (let f = cfg.numFrames - 1; f >= 0; f--) freeFrames.push(f);
  return { sim, xs, q, arch, cfg, freeFrames, out: new Set(), invalidSubmitted: 0, validSubmitted: 0, completionsReaped: 0 };
}

function fail(invariant: string, kernelFn: string, message: string): never {
  throw new PropertyBreach(invariant, kernelFn, message);
}

/**
 * Checked after every command: the completion ring is within its reservations and size, and
 * socket memory follows its formula (P6): sk_wmem_alloc − 1 is the sum of the live skbs'
 * truesize, and a zero-copy skb's truesize covers the whole UMEM chunk it pins (aligned mode).
 */
export function checkXskBounds(s: XskSystem): void {
  const cq = s.xs.cq;
  if (cq.producer > cq.kCachedProd) fail('P3-cq-within-reservations', 'xskq_prod_submit_addr', `CQ producer ${cq.producer} beyond its reservations (cached_prod ${cq.kCachedProd})`);
  if (ringOccupancy(cq) > cq.entries) fail('P3-cq-within-size', 'xskq_prod_reserve', `CQ holds ${ringOccupancy(cq)} reserved or produced entries in a ring of ${cq.entries}`);
  if (s.xs.wmemAlloc < 1) fail('P1-wmem-nonneg', 'sock_wfree', `sk_wmem_alloc refcount ${s.xs.wmemAlloc} < 1`);
  if (s.out.size + s.freeFrames.length !== s.cfg.numFrames) throw new Error(`xsk commands model: frames out ${s.out.size} + free ${s.freeFrames.length} != ${s.cfg.numFrames}`);
  const t = s.xs.skbs;
  const minZerocopyTruesize = skbTruesize(s.arch, 0) + s.cfg.frameSizeBytes;
  let sum = 0;
  for (let id = 0; id < t.capacity; id++) {
    if (t.state[id] !== 1) continue;
    sum += t.truesize[id];
    if (t.nrFrags[id] > 0 && t.truesize[id] < minZerocopyTruesize) {
      fail('P6-zerocopy-truesize-covers-chunk', 'xsk_build_skb_zerocopy', `zero-copy skb ${id} pins a ${s.cfg.frameSizeBytes}-byte UMEM chunk but its truesize is ${t.truesize[id]} (< ${minZerocopyTruesize})`);
    }
  }
  if (s.xs.wmemAlloc - 1 !== sum) fail('P6-wmem-equals-truesize-sum', 'skb_set_owner_w', `sk_wmem_alloc − 1 = ${s.xs.wmemAlloc - 1} but the live skbs' truesize sums to ${sum}`);
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
      fail('P3-completion-of-outstanding-desc', 'xsk_destruct_skb', `completion for address ${addr}, which the application has not submitted or already got back (invalid descriptors must never complete)`);
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
  if (s.out.size !== 0) fail('P3-every-valid-desc-completed', 'xsk_generic_xmit', `${s.out.size} valid descriptors never completed after the drain (frames ${[...s.out].slice(0, 8).join(', ')})`);
  if (s.completionsReaped !== s.validSubmitted) fail('P3-every-valid-desc-completed', 'xsk_generic_xmit', `${s.completionsReaped} completions for ${s.validSubmitted} valid descriptors`);
  if (xs.tx.invalidDescs !== s.invalidSubmitted) fail('P3-invalid-descs-counted', 'xskq_cons_read_desc', `${xs.tx.invalidDescs} descriptors counted invalid, ${s.invalidSubmitted} submitted`);
  if (xs.wmemAlloc !== 1) fail('P1-wmem-back-to-1', 'sock_wfree', `sk_wmem_alloc is ${xs.wmemAlloc} after the drain, expected 1`);
  const off = umemPagesOffBaseline(xs.umem);
  if (off !== 0) fail('P1-umem-pages-at-pin', 'put_page', `${off} UMEM pages not at their pinned refcount after the drain`);
  if (xs.skbs.live !== 0) fail('P5-no-skb-left', 'kfree_skb', `${xs.skbs.live} skbs still allocated after the drain`);
  if (s.q.counters.dmaMaps !== s.q.counters.dmaUnmaps) fail('P4-dma-unmapped-once', 'dma_unmap_single', `${s.q.counters.dmaMaps} DMA maps, ${s.q.counters.dmaUnmaps} unmaps`);
  const cq = xs.cq;
  if (cq.reservedTotal !== cq.submittedTotal + cq.cancelledTotal) fail('P3-cq-reservations-balanced', 'xskq_prod_reserve', `CQ reservations ${cq.reservedTotal} != produced ${cq.submittedTotal} + cancelled ${cq.cancelledTotal}`);
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

/** One command as data, so a failing sequence can be stored in a bug report and replayed. */
export type CmdData =
  | { op: 'submit'; count: number; invalidEvery: number }
  | { op: 'sendto' }
  | { op: 'advance'; ns: number }
  | { op: 'reap'; max: number }
  | { op: 'link'; up: boolean };

export function applyCommand(s: XskSystem, c: CmdData): void {
  switch (c.op) {
    case 'submit':
      submit(s, c.count, c.invalidEvery);
      break;
    case 'sendto':
      sendto(s);
      break;
    case 'advance':
      advance(s, c.ns);
      break;
    case 'reap':
      reap(s, c.max);
      break;
    case 'link':
      setLink(s, c.up);
      break;
  }
  checkXskBounds(s);
}

export function cmdData(): fc.Arbitrary<CmdData> {
  return fc.oneof(
    fc.record({ op: fc.constant('submit' as const), count: fc.integer({ min: 1, max: 80 }), invalidEvery: fc.constantFrom(0, 0, 3, 7) }),
    fc.constant({ op: 'sendto' as const }),
    fc.constant({ op: 'sendto' as const }),
    fc.record({ op: fc.constant('advance' as const), ns: fc.integer({ min: 100, max: 200_000 }) }),
    fc.record({ op: fc.constant('reap' as const), max: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ op: fc.constant('link' as const), up: fc.boolean() }),
  );
}

class DataCmd implements fc.Command<object, XskSystem> {
  constructor(readonly data: CmdData) {}
  check = () => true;
  run(_m: object, s: XskSystem): void {
    applyCommand(s, this.data);
  }
  toString = () => JSON.stringify(this.data);
}

export function xskCommands(): fc.Arbitrary<Iterable<fc.Command<object, XskSystem>>> {
  return fc.commands([cmdData().map((d) => new DataCmd(d))], { maxCommands: 80, size: 'large' });
}

/**
 * The model-based property: any system, any command sequence (fc.commands), then drain and check.
 * A failure's message starts with the kernel it ran on (the resolved spec text), so a report of a
 * 5.15.50 failure cannot be read as one on 5.15.
 */
export function xskSocketProperty(onCoverage?: (labels: string[]) => void, configs = xskSystemConfigs()) {
  return fc.property(configs, xskCommands(), (cfg, cmds) => {
    const system = buildXskSystem(cfg);
    try {
      fc.modelRun(() => ({ model: {}, real: system }), cmds);
      drainAndCheck(system);
    } catch (error) {
      if (error instanceof Error) error.message = `kernel ${kernelText(cfg.kernel)}: ${error.message}`;
      throw error;
    }
    onCoverage?.(xskCoverage(system));
  });
}

export interface XskCaseInput {
  config: XskSystemConfig;
  commands: CmdData[];
}

export const XSK_CASE_RUNNER = 'xsk-socket-commands';

/** Runs a stored case: build, every command (checked after each), drain, leak checks. */
export function runXskCase(input: unknown): CaseRun {
  const { config, commands } = input as XskCaseInput;
  const s = buildXskSystem(config);
  let failure: Failure | null = null;
  try {
    for (const c of commands) applyCommand(s, c);
    drainAndCheck(s);
  } catch (error) {
    if (error instanceof Violation) failure = { kind: 'violation', invariant: error.invariant, kernelFn: error.kernelFn, simTimeNs: error.simTimeNs, eventNumber: error.eventNumber, message: error.message, details: error.details };
    else if (error instanceof PropertyBreach) failure = { kind: 'property', invariant: error.invariant, kernelFn: error.kernelFn, simTimeNs: s.sim.nowNs, eventNumber: s.sim.eventNumber, message: error.message };
    else throw error;
  }
  return {
    seed: config.seed,
    fingerprint: s.sim.fingerprintHex(),
    events: s.sim.eventNumber,
    simTimeNs: s.sim.nowNs,
    recentEvents: s.sim.recentEvents(),
    caseInput: { runner: XSK_CASE_RUNNER, input: structuredClone({ config, commands }) },
    failure,
    coverage: failure === null ? xskCoverage(s) : [],
  };
}

registerCaseRunner(XSK_CASE_RUNNER, runXskCase);

export function xskCaseInputs(configs = xskSystemConfigs()): fc.Arbitrary<XskCaseInput> {
  return fc.record({ config: configs, commands: fc.array(cmdData(), { maxLength: 80, size: 'large' }) });
}

/** The same checks as a campaign property over stored-case inputs (fuzzable, replayable). */
export const xskSocketCommands: CampaignProperty = {
  name: 'xsk.socket-commands',
  description: 'Command sequences on an AF_XDP socket and NIC queue: completions exactly once, CQ within reservations, socket memory equal to the live skbs\' truesize and covering pinned chunks, everything home after the drain (P1, P3-P6).',
  checks: ['P1', 'P3', 'P4', 'P5', 'P6'],
  scenarios: () => xskCaseInputs(),
  evaluate(input) {
    const run = runXskCase(input);
    return { result: run, failure: run.failure, coverage: run.coverage };
  },
};
