/**
 * The DMA API with CONFIG_DMA_API_DEBUG-style tracking: map / unmap / sync_for_device /
 * sync_for_cpu, seeded map failures, and device accesses checked against live mappings.
 *
 * API:
 *   createDmaDevice(env, name, { iommu? }) -> DmaDevice
 *   dmaMap(dev, buffer, offsetBytes, sizeBytes, dir, who) -> dma address or DMA_MAPPING_ERROR
 *                                                     Mirrors dma_map_page_attrs() / dma_map_single()
 *   dmaMappingError(addr) -> boolean                  Mirrors dma_mapping_error()
 *   dmaUnmap(dev, addr, sizeBytes, dir, who)          Mirrors dma_unmap_page_attrs() / dma_unmap_single()
 *   dmaSyncForDevice / dmaSyncForCpu(dev, addr, sizeBytes, dir, who)
 *   deviceWrite(dev, addr, len, who), deviceRead(dev, addr, len, who)   the NIC touching memory
 *   setMapFailure(dev, rng, p), failNextMaps(dev, n)  failure injection (dev.fault, fault.ts)
 *   dmaOutstanding(dev), dmaTeardownCheck(dev, who)   leak check at teardown (violation if any remain)
 *   DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE (kernel enum values), DMA_MAPPING_ERROR
 *
 * A `buffer` is anything with { kind, id, freed }: a Page, an skb head, a UMEM chunk. Each
 * mapping gets its own 16 MiB window of the simulated IOVA space, addr = (handle + 1) * 2^24 +
 * offsetBytes with handle = generation << 20 | slot, so address arithmetic inside a mapping works,
 * any address names its mapping, 0 is never a mapped address, and a slot table with LIFO reuse
 * replaces a hash map on the per-packet path. A stale address from before its slot was reused
 * is still reported as a double unmap (the generation differs).
 * Violations name the buffer, the caller that mapped it and the caller that broke the rule.
 *
 * Simplified: no bounce buffers (swiotlb), no IOMMU page tables, no coherency effects: a sync on a
 * coherent device (x86_64) only costs its check; the cost profile carries per-op costs with
 * and without an IOMMU.
 */
import { violate, type RandomStream } from '../../engine/index.ts';
import { chargeHere, PHASE_DMA } from './cpu.ts';
import type { KernelEnv } from './env.ts';
import { armFault, createFaultPoint, failNext, shouldFail, type FaultPoint } from './fault.ts';

export const DMA_BIDIRECTIONAL = 0;
export const DMA_TO_DEVICE = 1;
export const DMA_FROM_DEVICE = 2;
export const DMA_NONE = 3;
export type DmaDirection = 0 | 1 | 2 | 3;
const DIR_NAMES = ['DMA_BIDIRECTIONAL', 'DMA_TO_DEVICE', 'DMA_FROM_DEVICE', 'DMA_NONE'];

/** DMA_MAPPING_ERROR (the kernel's ~0): never a valid address here. */
export const DMA_MAPPING_ERROR = -1;

const WINDOW_BYTES = 2 ** 24;
/** Mapping handles are gen * 2^20 + slot: up to 2^20 concurrent mappings, 512 generations per slot. */
const SLOT_BITS = 20;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
const GEN_MASK = 511;

/** A buffer the DMA API can map: Page, skb head, UMEM chunk. */
export interface DmaBuffer {
  readonly kind: string;
  readonly id: number;
  readonly freed: boolean;
}

/**
 * One slot of the mapping table. Slots are reused (LIFO) with a new generation, so the record
 * of an unmapped mapping stays readable until its slot is reused: a double unmap still names
 * the buffer and both callers.
 */
export interface DmaMapping {
  readonly slot: number;
  gen: number;
  live: boolean;
  addr: number;
  sizeBytes: number;
  dir: DmaDirection;
  buffer: DmaBuffer;
  offsetBytes: number;
  /** The kernel function that mapped it. */
  who: string;
  mappedAtNs: number;
  /** The kernel function that unmapped it ('' while live). */
  unmappedBy: string;
}

export interface DmaDevice {
  readonly env: KernelEnv;
  readonly name: string;
  readonly iommu: boolean;
  readonly slots: DmaMapping[];
  readonly freeSlots: number[];
  outstanding: number;
  maps: number;
  unmaps: number;
  syncsForDevice: number;
  syncsForCpu: number;
  mapFailures: number;
  deviceWrites: number;
  deviceReads: number;
  /** Injected failures of dma_map_*(). */
  readonly fault: FaultPoint;
}

export interface DmaDeviceOptions {
  /** An IOMMU translates this device's DMA (costs dmaMapIommuNs / dmaUnmapIommuNs). */
  iommu?: boolean;
}

export function createDmaDevice(env: KernelEnv, name: string, options: DmaDeviceOptions = {}): DmaDevice {
  return {
    env,
    name,
    iommu: options.iommu ?? false,
    slots: [],
    freeSlots: [],
    outstanding: 0,
    maps: 0,
    unmaps: 0,
    syncsForDevice: 0,
    syncsForCpu: 0,
    mapFailures: 0,
    deviceWrites: 0,
    deviceReads: 0,
    fault: createFaultPoint('dma_map', env.sim),
  };
}

/** Every later map fails with `probability`, drawn from `rng` (a named stream). */
export function setMapFailure(dev: DmaDevice, rng: RandomStream | null, probability: number): void {
  armFault(dev.fault, rng, probability);
}

/** The next n map attempts fail (tests). */
export function failNextMaps(dev: DmaDevice, n = 1): void {
  failNext(dev.fault, n);
}

function describe(m: DmaMapping): string {
  return `${m.buffer.kind} #${m.buffer.id}+${m.offsetBytes} (${m.sizeBytes} bytes ${DIR_NAMES[m.dir]}, mapped by ${m.who} at ${m.mappedAtNs} ns)`;
}

/** Mirrors dma_map_page_attrs() / dma_map_single(), kernel/dma/mapping.c (v5.15, v6.x): returns an address or DMA_MAPPING_ERROR. */
export function dmaMap(dev: DmaDevice, buffer: DmaBuffer, offsetBytes: number, sizeBytes: number, dir: DmaDirection, who: string): number {
  const costs = dev.env.cpu.costs;
  chargeHere(dev.env.cpu, dev.iommu ? costs.dmaMapIommuNs : costs.dmaMapNs, PHASE_DMA);
  if (buffer.freed) {
    violate(dev.env.sim, who, 'dma-map-freed-buffer', `${dev.name}: ${who} maps ${buffer.kind} #${buffer.id} after it was freed`);
  }
  if (!(sizeBytes > 0 && offsetBytes >= 0 && offsetBytes + sizeBytes <= WINDOW_BYTES && dir !== DMA_NONE)) {
    violate(dev.env.sim, who, 'dma-map-args', `${dev.name}: ${who} maps ${buffer.kind} #${buffer.id} offset ${offsetBytes} size ${sizeBytes} dir ${dir}`);
  }
  if (shouldFail(dev.fault)) {
    dev.mapFailures++;
    return DMA_MAPPING_ERROR;
  }
  let m: DmaMapping;
  if (dev.freeSlots.length > 0) {
    m = dev.slots[dev.freeSlots.pop()!];
    m.gen = (m.gen + 1) & GEN_MASK;
  } else {
    const slot = dev.slots.length;
    if (slot > SLOT_MASK) throw new RangeError(`dmaMap: ${dev.name} has more than ${SLOT_MASK + 1} mappings outstanding`);
    m = { slot, gen: 0, live: false, addr: 0, sizeBytes: 0, dir: DMA_BIDIRECTIONAL, buffer, offsetBytes: 0, who, mappedAtNs: 0, unmappedBy: '' };
    dev.slots.push(m);
  }
  const addr = ((m.gen << SLOT_BITS) + m.slot + 1) * WINDOW_BYTES + offsetBytes;
  m.live = true;
  m.addr = addr;
  m.sizeBytes = sizeBytes;
  m.dir = dir;
  m.buffer = buffer;
  m.offsetBytes = offsetBytes;
  m.who = who;
  m.mappedAtNs = dev.env.sim.nowNs;
  m.unmappedBy = '';
  dev.outstanding++;
  dev.maps++;
  return addr;
}

/** Mirrors dma_mapping_error(), include/linux/dma-mapping.h (v5.15, v6.x). */
export function dmaMappingError(addr: number): boolean {
  return addr === DMA_MAPPING_ERROR;
}

/** The mapping handle (gen << 20 | slot) an address encodes, or -1 for an address below the first window. */
function handleOf(addr: number): number {
  // Addresses stay below 2^53, so the quotient truncates exactly in int32.
  return addr >= WINDOW_BYTES ? ((addr / WINDOW_BYTES) | 0) - 1 : -1;
}

/** The mapping record an address falls in, live or not (undefined if its slot was never used or reused since). */
function record(dev: DmaDevice, addr: number): DmaMapping | undefined {
  const handle = handleOf(addr);
  if (handle < 0) return undefined;
  const m = dev.slots[handle & SLOT_MASK];
  return m !== undefined && m.gen === handle >>> SLOT_BITS ? m : undefined;
}

function lookup(dev: DmaDevice, addr: number): DmaMapping | undefined {
  const m = record(dev, addr);
  return m !== undefined && m.live ? m : undefined;
}

/** Mirrors dma_unmap_page_attrs() with debug_dma_unmap_page() (check_unmap), kernel/dma/debug.c (v5.15, v6.x). */
export function dmaUnmap(dev: DmaDevice, addr: number, sizeBytes: number, dir: DmaDirection, who: string): void {
  const costs = dev.env.cpu.costs;
  chargeHere(dev.env.cpu, dev.iommu ? costs.dmaUnmapIommuNs : costs.dmaUnmapNs, PHASE_DMA);
  const m = lookup(dev, addr);
  if (m === undefined || m.addr !== addr) {
    if (m !== undefined) {
      violate(dev.env.sim, who, 'dma-unmap-unmapped', `${dev.name}: ${who} unmaps address ${addr} inside ${describe(m)}, not its start`);
    }
    const old = record(dev, addr);
    if (old !== undefined) {
      violate(dev.env.sim, who, 'dma-double-unmap', `${dev.name}: ${who} unmaps ${describe(old)} again; ${old.unmappedBy} already unmapped it`);
    }
    const handle = handleOf(addr);
    if (handle >= 0 && dev.slots[handle & SLOT_MASK] !== undefined) {
      violate(dev.env.sim, who, 'dma-double-unmap', `${dev.name}: ${who} unmaps address ${addr}, whose mapping was already unmapped (its slot has been reused since)`);
    }
    violate(dev.env.sim, who, 'dma-unmap-unmapped', `${dev.name}: ${who} unmaps address ${addr}, which was never mapped`);
  }
  if (m.sizeBytes !== sizeBytes || m.dir !== dir) {
    violate(dev.env.sim, who, 'dma-unmap-mismatch', `${dev.name}: ${who} unmaps ${describe(m)} with size ${sizeBytes} and ${DIR_NAMES[dir]}`);
  }
  m.live = false;
  m.unmappedBy = who;
  dev.freeSlots.push(m.slot);
  dev.outstanding--;
  dev.unmaps++;
}

function checkSync(dev: DmaDevice, addr: number, sizeBytes: number, dir: DmaDirection, who: string, fn: string): void {
  const m = lookup(dev, addr);
  if (m === undefined) {
    violate(dev.env.sim, who, 'dma-sync-unmapped', `${dev.name}: ${who} calls ${fn} on address ${addr}, which is not mapped`);
  }
  if (addr + sizeBytes > m.addr + m.sizeBytes || sizeBytes < 0) {
    violate(dev.env.sim, who, 'dma-sync-range', `${dev.name}: ${who} calls ${fn} for ${sizeBytes} bytes at +${addr - m.addr}, beyond ${describe(m)}`);
  }
  if (m.dir !== DMA_BIDIRECTIONAL && m.dir !== dir) {
    violate(dev.env.sim, who, 'dma-sync-direction', `${dev.name}: ${who} calls ${fn} with ${DIR_NAMES[dir]} on ${describe(m)}`);
  }
}

/** Mirrors dma_sync_single_for_device(), kernel/dma/mapping.c (v5.15, v6.x) (with debug_dma_sync_single_for_device). */
export function dmaSyncForDevice(dev: DmaDevice, addr: number, sizeBytes: number, dir: DmaDirection, who: string): void {
  chargeHere(dev.env.cpu, dev.env.cpu.costs.dmaSyncNs, PHASE_DMA);
  checkSync(dev, addr, sizeBytes, dir, who, 'dma_sync_single_for_device');
  dev.syncsForDevice++;
}

/** Mirrors dma_sync_single_for_cpu(), kernel/dma/mapping.c (v5.15, v6.x) (with debug_dma_sync_single_for_cpu). */
export function dmaSyncForCpu(dev: DmaDevice, addr: number, sizeBytes: number, dir: DmaDirection, who: string): void {
  chargeHere(dev.env.cpu, dev.env.cpu.costs.dmaSyncNs, PHASE_DMA);
  checkSync(dev, addr, sizeBytes, dir, who, 'dma_sync_single_for_cpu');
  dev.syncsForCpu++;
}

function checkAccess(dev: DmaDevice, addr: number, len: number, who: string, write: boolean): void {
  const m = lookup(dev, addr);
  const verb = write ? 'writes' : 'reads';
  if (m === undefined) {
    violate(dev.env.sim, who, write ? 'dma-write-unmapped' : 'dma-read-unmapped', `${dev.name}: device ${verb} ${len} bytes at ${addr} (for ${who}), which is not mapped`);
  }
  if (addr < m.addr || addr + len > m.addr + m.sizeBytes) {
    violate(dev.env.sim, who, 'dma-access-range', `${dev.name}: device ${verb} ${len} bytes at +${addr - m.addr} (for ${who}), beyond ${describe(m)}`);
  }
  if (m.buffer.freed) {
    violate(dev.env.sim, who, write ? 'dma-write-freed' : 'dma-read-freed', `${dev.name}: device ${verb} into ${describe(m)} (for ${who}) after the buffer was freed`);
  }
  if (write ? m.dir === DMA_TO_DEVICE : m.dir === DMA_FROM_DEVICE) {
    violate(dev.env.sim, who, 'dma-access-direction', `${dev.name}: device ${verb} ${describe(m)} (for ${who}) against its direction`);
  }
}

/** The device writes len bytes at addr (RX DMA): the range must be mapped, live and device-writable. */
export function deviceWrite(dev: DmaDevice, addr: number, len: number, who: string): void {
  checkAccess(dev, addr, len, who, true);
  dev.deviceWrites++;
}

/** The device reads len bytes at addr (TX DMA): the range must be mapped, live and device-readable. */
export function deviceRead(dev: DmaDevice, addr: number, len: number, who: string): void {
  checkAccess(dev, addr, len, who, false);
  dev.deviceReads++;
}

export function dmaOutstanding(dev: DmaDevice): number {
  return dev.outstanding;
}

/** Mirrors dma_debug_device_change(), kernel/dma/debug.c (v5.15, v6.x): at driver unbind every live mapping is a leak. */
export function dmaTeardownCheck(dev: DmaDevice, who: string): void {
  if (dev.outstanding === 0) return;
  const shown: string[] = [];
  for (const m of dev.slots) {
    if (shown.length >= 8) break;
    if (m.live) shown.push(describe(m));
  }
  violate(dev.env.sim, who, 'dma-mapping-leak', `${dev.name}: ${dev.outstanding} DMA mappings outstanding at ${who}: ${shown.join('; ')}${dev.outstanding > 8 ? '; ...' : ''}`);
}
