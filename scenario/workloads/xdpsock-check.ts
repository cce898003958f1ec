/**
 * Checks of an `xdpsock` workload against itself and the rest of the scenario, run before
 * anything is built: every rule the models enforce when an instance is created (ring sizes
 * are powers of two, XDP_UMEM_REG's chunk and headroom rules, a NIC ring larger than its
 * driver's stop room, multi-buffer only from v6.6) is reported here naming the field the
 * user set, not as a builder error about a field the user never wrote.
 */
import { has, kernelOf, kernelText, type KernelRef } from '../../models/kernel/kernel-of.ts';
import { KernelSpecError } from '../../models/kernel/kernel-spec.ts';
import { DRIVER_NAMES, DRIVERS } from '../../models/drivers/index.ts';
import { netDevProfile, type NetDevProfile } from '../../models/nic/netdev.ts';
import { XDP_PACKET_HEADROOM_BYTES, XDP_UMEM_MIN_CHUNK_SIZE_BYTES } from '../../models/xsk/constants.ts';
import { jsonPath, type ScenarioProblem } from '../problems.ts';
import type { Nic, ResolvedScenario } from '../schema.ts';
import { MAX_XDPSOCK_INSTANCES } from '../limits.ts';
import type { XdpsockSpec } from './xdpsock-schema.ts';
import { nicOverrides, selectedNics } from './xdpsock-nics.ts';

/** The skb table each instance starts with (models/xsk/xdpsock.ts createSkbTable(512)). */
const SKB_TABLE_SLOTS = 512;

export function xdpsockCheck(w: XdpsockSpec, scenario: ResolvedScenario, index: number): ScenarioProblem[] {
  const at = `/workloads/${index}`;
  const problem = (pointer: string, message: string): ScenarioProblem => ({ where: jsonPath(pointer), message });
  // The other checks ask each kernel what it carries: a kernel that does not resolve is reported alone.
  const kernelProblems = (w.kernels ?? []).flatMap((k, i) => kernelSpecProblem(k as KernelRef, `${at}/kernels/${i}`));
  if (kernelProblems.length > 0) return kernelProblems;
  const problems: ScenarioProblem[] = [];
  const names = scenario.topology.nics.map((n) => n.name);
  if (names.length === 0) problems.push(problem(at, 'xdpsock needs at least one NIC in topology.nics'));
  (w.nics ?? []).forEach((n, i) => {
    if (!names.includes(n)) problems.push(problem(`${at}/nics/${i}`, `expected one of ${names.join(', ')}, found "${n}"`));
  });
  for (const [field, v] of [['txEntries', w.txEntries], ['cqEntries', w.cqEntries]] as const) {
    if (v !== undefined && (v & (v - 1)) !== 0) problems.push(problem(`${at}/${field}`, `expected a power of two (XSK ring entries), found ${v}`));
  }
  for (const [n, knobs] of Object.entries(w.nicTuning ?? {})) {
    if (!names.includes(n)) problems.push(problem(`${at}/nicTuning/${pointerKey(n)}`, `expected a NIC of topology.nics (${names.join(', ')}), found "${n}"`));
    else problems.push(...foreignKnobProblems(n, knobs, scenario, `${at}/nicTuning/${pointerKey(n)}`));
  }
  if (w.reference !== undefined) {
    for (const [n, pps] of Object.entries(w.reference.pps)) {
      if (pps.length !== w.packetSizesBytes.length) problems.push(problem(`${at}/reference/pps/${pointerKey(n)}`, `expected ${w.packetSizesBytes.length} values (one per packet size), found ${pps.length}`));
    }
  }
  problems.push(...umemProblems(w, scenario.machine.pageSizeBytes, at));
  problems.push(...packetProblems(w, scenario, at));
  const nics = selectedNics(w, scenario);
  const kernels = (w.kernels ?? [scenario.machine.kernel]) as KernelRef[];
  for (const nic of nics) {
    const ring = ringProblem(w, nic, scenario.topology.nics.indexOf(nic), kernels, at);
    if (ring !== null) problems.push(ring);
  }
  const instances = nics.length * kernels.length * w.packetSizesBytes.length;
  if (instances > MAX_XDPSOCK_INSTANCES) {
    problems.push(
      problem(at, `expected at most ${MAX_XDPSOCK_INSTANCES} model instances (NICs x kernels x packet sizes), found ${nics.length} x ${kernels.length} x ${w.packetSizesBytes.length} = ${instances}`),
    );
  }
  return problems;
}

/** A workload kernel that does not resolve, at the part that is wrong ($.workloads[0].kernels[1].with[0]). */
function kernelSpecProblem(spec: KernelRef, pointer: string): ScenarioProblem[] {
  try {
    kernelOf(spec);
    return [];
  } catch (error) {
    if (!(error instanceof KernelSpecError)) throw error;
    return [{ where: jsonPath(pointer + error.pointer), message: error.detail }];
  }
}

/** The buffer slots of every instance: UMEM frames and pages, the XSK rings, the NIC ring, the skb table. */
export function xdpsockModelSlots(w: XdpsockSpec, scenario: ResolvedScenario): number {
  const frame = w.frameSizeBytes ?? 4096;
  const frames = w.numFrames ?? 4096;
  const perInstance = frames + Math.ceil((frames * frame) / scenario.machine.pageSizeBytes) + (w.txEntries ?? 2048) + (w.cqEntries ?? 2048) + SKB_TABLE_SLOTS;
  const kernels = (w.kernels ?? [scenario.machine.kernel]) as KernelRef[];
  let slots = 0;
  for (const nic of selectedNics(w, scenario)) {
    for (const kernel of kernels) slots += w.packetSizesBytes.length * (perInstance + profileOf(nic, w, kernel).txRingEntries);
  }
  return slots;
}

/** XDP_UMEM_REG's rules (models/xsk/umem.ts xdpUmemReg), on the fields that set them. */
function umemProblems(w: XdpsockSpec, pageSizeBytes: number, at: string): ScenarioProblem[] {
  const frame = w.frameSizeBytes ?? 4096;
  const problems: ScenarioProblem[] = [];
  if (frame > pageSizeBytes) {
    problems.push({
      where: jsonPath(`${at}/frameSizeBytes`),
      message: `expected at most the page size ${pageSizeBytes} (XDP_UMEM_REG takes chunks of ${XDP_UMEM_MIN_CHUNK_SIZE_BYTES} bytes to PAGE_SIZE), found ${frame}`,
    });
  } else if (w.unaligned !== true && (frame & (frame - 1)) !== 0) {
    problems.push({ where: jsonPath(`${at}/frameSizeBytes`), message: `expected a power of two (aligned UMEM chunks; set "unaligned": true for others), found ${frame}` });
  }
  const headroom = w.umemHeadroomBytes ?? 0;
  if (headroom >= frame - XDP_PACKET_HEADROOM_BYTES) {
    problems.push({
      where: jsonPath(`${at}/umemHeadroomBytes`),
      message: `expected less than frameSizeBytes - XDP_PACKET_HEADROOM = ${frame - XDP_PACKET_HEADROOM_BYTES} (XDP_UMEM_REG), found ${headroom}`,
    });
  }
  return problems;
}

/** Each packet is split into descsPerPacket descriptors of 1..frameSizeBytes bytes; multi-buffer needs v6.6. */
function packetProblems(w: XdpsockSpec, scenario: ResolvedScenario, at: string): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const frame = w.frameSizeBytes ?? 4096;
  const k = w.descsPerPacket ?? 1;
  w.packetSizesBytes.forEach((s, i) => {
    // models/xsk/xdpsock.ts: every descriptor but the last carries ceil(s / k) bytes, the last the rest.
    const part = Math.ceil(s / k);
    const last = s - part * (k - 1);
    if (part > frame || last < 1) {
      const why = part > frame ? `a descriptor would carry ${part} bytes, more than frameSizeBytes ${frame}` : `the last descriptor would carry ${last} bytes`;
      problems.push({ where: jsonPath(`${at}/packetSizesBytes/${i}`), message: `expected a frame length that splits into ${k} descriptor(s) of 1 to ${frame} bytes (${why}), found ${s}` });
    }
  });
  if (k > 1) {
    for (const v of w.kernels ?? [scenario.machine.kernel]) {
      if (!has(kernelOf(v as KernelRef), 'xsk-tx-multi-buffer')) {
        problems.push({ where: jsonPath(`${at}/descsPerPacket`), message: `multi-buffer needs kernel 6.6 or later (cf24f5a5feea, xsk-tx-multi-buffer), found ${kernelText(v as KernelRef)}` });
      }
    }
    if ((w.invalidEvery ?? 0) > 0) {
      problems.push({ where: jsonPath(`${at}/invalidEvery`), message: `expected 0 with multi-buffer packets (descsPerPacket ${k}), found ${w.invalidEvery}` });
    }
  }
  return problems;
}

/**
 * The NIC's TX ring must be at least its driver's minimum (DriverModule.limits) and larger
 * than its stop room (models/nic/tx-queue.ts createTxQueue), naming the field the user set:
 * the tuning's stopRoomSlots if given, else the NIC's txRingEntries.
 */
function ringProblem(w: XdpsockSpec, nic: Nic, nicIndex: number, kernels: readonly KernelRef[], at: string): ScenarioProblem | null {
  const floor = DRIVERS[nic.driver].limits?.ringEntries;
  if (floor?.min !== undefined && nic.txRingEntries !== undefined && nic.txRingEntries < floor.min) {
    return { where: jsonPath(`/topology/nics/${nicIndex}/txRingEntries`), message: `expected at least ${floor.min} entries for ${nic.driver} (${floor.minSource ?? 'its minimum ring'}), found ${nic.txRingEntries}` };
  }
  for (const kernel of kernels) {
    const p = profileOf(nic, w, kernel);
    const ring = p.txRingEntries;
    const stop = p.stopRoomSlots;
    if (ring >= 2 && stop < ring) continue;
    const tunedStop = w.nicTuning?.[nic.name]?.stopRoomSlots;
    if (tunedStop !== undefined && ring >= 2) {
      const whose = nic.txRingEntries === undefined ? `, the ${nic.driver} default` : '';
      return { where: jsonPath(`${at}/nicTuning/${pointerKey(nic.name)}/stopRoomSlots`), message: `expected less than the TX ring of ${nic.name} (${ring} entries${whose}), found ${stop}` };
    }
    const minimum = Math.max(2, stop + 1);
    const why = stop + 1 > 2 ? ` (${nic.driver} stops its TX queue when fewer than ${stop} slots are free)` : '';
    return { where: jsonPath(`/topology/nics/${nicIndex}/txRingEntries`), message: `expected at least ${minimum} entries for xdpsock${why}, found ${ring}` };
  }
  return null;
}

/** Which driver owns each private knob (models/drivers/<name>/ `tuning`). */
const KNOB_OWNER: ReadonlyMap<string, string> = new Map(DRIVER_NAMES.flatMap((d) => Object.keys(DRIVERS[d].tuning).map((k) => [k, d] as const)));

/** A driver's own knob set on a NIC of another driver, which would be ignored. */
function foreignKnobProblems(nicName: string, knobs: object, scenario: ResolvedScenario, at: string): ScenarioProblem[] {
  const driver = scenario.topology.nics.find((x) => x.name === nicName)?.driver;
  return Object.keys(knobs).flatMap((k) => {
    const owner = KNOB_OWNER.get(k);
    if (owner === undefined || owner === driver) return [];
    return [{ where: jsonPath(`${at}/${pointerKey(k)}`), message: `expected a knob of ${driver} or a shared one, found ${k} (a ${owner} knob, which ${driver} ignores)` }];
  });
}

function profileOf(nic: Nic, w: XdpsockSpec, kernel: KernelRef): NetDevProfile {
  return netDevProfile(nic.driver, kernel, nicOverrides(nic, w.nicTuning));
}

function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
