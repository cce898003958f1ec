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
 *   setMapFailure(dev, rng, p), failNextMaps(dev, n)  failure injection
 *   dmaOutstanding(dev), dmaTeardownCheck(dev, who)   leak check at teardown (violation if any remain)
 *   DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE (kernel enum values), DMA_MAPPING_ERROR
 *
 * A `buffer` is anything with { kind, id, freed }: a Page, an skb head, a UMEM chunk. Each
 * mapping gets its own 16 MiB window of the simulated IOVA space (addr = mappingId << 24 +
 * offsetBytes), so address arithmetic inside a mapping works and any address names its mapping.
 * Violations name the buffer, the caller that mapped it and the caller that broke the rule.
 *
 * Simplified: no bounce buffers (swiotlb), no IOVA reuse, no coherency effects: a sync on a
 * coherent device (x86_64) only costs its check; the cost profile carries per-op costs with
 * and without an IOMMU.
 */
import { violate, type RandomStream } from '../../engine/index.ts';
import { chargeHere, PHASE_DMA } from './cpu.ts';
import type { KernelEnv } from './env.ts';

export const DMA_BIDIRECTIONAL = 0;
export const DMA_TO_DEVICE = 1;
export const DMA_FROM_DEVICE = 2;
export const DMA_NONE = 3;
export type DmaDirection = 0 | 1 | 2 | 3;
const DIR_NAMES = ['DMA_BIDIRECTIONAL', 'DMA_TO_DEVICE', 'DMA_FROM_DEVICE', 'DMA_NONE'];

/** DMA_MAPPING_ERROR (the kernel's ~0): never a valid address here. */
export const DMA_MAPPING_ERROR = -1;

const WINDOW_BYTES = 2 ** 24;
/** The last 256 unmapped mappings are remembered to name the buffer in a double-unmap report. */
const RECENT_MASK = 255;

/** A buffer the DMA API can map: Page, skb head, UMEM chunk. */
export interface DmaBuffer {
  readonly kind: string;
  readonly id: number;
  readonly freed: boolean;
}

export interface DmaMapping {
  readonly id: number;
  readonly addr: number;
  readonly sizeBytes: number;
  readonly dir: DmaDirection;
  readonly buffer: DmaBuffer;
  readonly offsetBytes: number;
  /** The kernel function that mapped it. */
  readonly who: string;
  readonly mappedAtNs: number;
}

export interface DmaDevice {
  readonly env: KernelEnv;
  readonly name: string;
  readonly iommu: boolean;
  readonly mappings: Map<number, DmaMapping>;
  nextMappingId: number;
  maps: number;
  unmaps: number;
  syncsForDevice: number;
  syncsForCpu: number;
  mapFailures: number;
  deviceWrites: number;
  deviceReads: number;
  failProbability: number;
  failRng: RandomStream | null;
  failNextCount: number;
  readonly recentUnmapped: (DmaMapping | undefined)[];
  readonly recentUnmappedBy: string[];
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
    mappings: new Map(),
    nextMappingId: 1,
    maps: 0,
    unmaps: 0,
    syncsForDevice: 0,
    syncsForCpu: 0,
    mapFailures: 0,
    deviceWrites: 0,
    deviceReads: 0,
    failProbability: 0,
    failRng: null,
    failNextCount: 0,
    recentUnmapped: new Array<DmaMapping | undefined>(RECENT_MASK + 1).fill(undefined),
    recentUnmappedBy: new Array<string>(RECENT_MASK + 1).fill(''),
  };
}

export function setMapFailure(dev: DmaDevice, rng: RandomStream | null, probability: number): void {
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`setMapFailure: probability must be in [0, 1], found ${probability}`);
  if (probability > 0 && rng === null) throw new RangeError('setMapFailure: a random stream is needed for a non-zero probability');
  dev.failRng = rng;
  dev.failProbability = probability;
}

export function failNextMaps(dev: DmaDevice, n = 1): void {
  dev.failNextCount += n;
}

function describe(m: DmaMapping): string {
  return `${m.buffer.kind} #${m.buffer.id}+${m.offsetBytes} (${m.sizeBytes} bytes ${DIR_NAMES[m.dir]}, mapped by ${m.who} at ${m.mappedAtNs} ns)`;
}

/** Mirrors dma_map_page_attrs() / dma_map_single(), kernel/dma/mapping.c: returns an address or DMA_MAPPING_ERROR. */
export function dmaMap(dev: DmaDevice, buffer: DmaBuffer, offsetBytes: number, sizeBytes: number, dir: DmaDirection, who: string): number {
  const costs = dev.env.cpu.costs;
  chargeHere(dev.env.cpu, dev.iommu ? costs.dmaMapIommuNs : costs.dmaMapNs, PHASE_DMA);
  if (buffer.freed) {
    violate(dev.env.sim, who, 'dma-map-freed-buffer', `${dev.name}: ${who} maps ${buffer.kind} #${buffer.id} after it was freed`);
  }
  if (!(sizeBytes > 0 && offsetBytes >= 0 && offsetBytes + sizeBytes <= WINDOW_BYTES && dir !== DMA_NONE)) {
    violate(dev.env.sim, who, 'dma-map-args', `${dev.name}: ${who} maps ${buffer.kind} #${buffer.id} offset ${offsetBytes} size ${sizeBytes} dir ${dir}`);
  }
  if (dev.failNextCount > 0 || (dev.failProbability > 0 && dev.failRng!.bernoulli(dev.failProbability))) {
    if (dev.failNextCount > 0) dev.failNextCount--;
    dev.mapFailures++;
    return DMA_MAPPING_ERROR;
  }
  const id = dev.nextMappingId++;
  const addr = id * WINDOW_BYTES + offsetBytes;
  dev.mappings.set(id, { id, addr, sizeBytes, dir, buffer, offsetBytes, who, mappedAtNs: dev.env.sim.nowNs });
  dev.maps++;
  return addr;
}

/** Mirrors dma_mapping_error(), include/linux/dma-mapping.h. */
export function dmaMappingError(addr: number): boolean {
  return addr === DMA_MAPPING_ERROR;
}

function lookup(dev: DmaDevice, addr: number): DmaMapping | undefined {
  return dev.mappings.get(Math.floor(addr / WINDOW_BYTES));
}

/** Mirrors dma_unmap_page_attrs() with debug_dma_unmap_page() (check_unmap), kernel/dma/debug.c. */
export function dmaUnmap(dev: DmaDevice, addr: number, sizeBytes: number, dir: DmaDirection, who: string): void {
  const costs = dev.env.cpu.costs;
  chargeHere(dev.env.cpu, dev.iommu ? costs.dmaUnmapIommuNs : costs.dmaUnmapNs, PHASE_DMA);
  const m = lookup(dev, addr);
  if (m === undefined || m.addr !== addr) {
    if (m !== undefined) {
      violate(dev.env.sim, who, 'dma-unmap-unmapped', `${dev.name}: ${who} unmaps address ${addr} inside ${describe(m)}, not its start`);
    }
    const id = Math.floor(addr / WINDOW_BYTES);
    const old = dev.recentUnmapped[id & RECENT_MASK];
    if (old !== undefined && old.id === id) {
      violate(dev.env.sim, who, 'dma-double-unmap', `${dev.name}: ${who} unmaps ${describe(old)} again; ${dev.recentUnmappedBy[id & RECENT_MASK]} already unmapped it`);
    }
    if (id >= 1 && id < dev.nextMappingId) {
      violate(dev.env.sim, who, 'dma-double-unmap', `${dev.name}: ${who} unmaps address ${addr}, whose mapping #${id} was already unmapped`);
    }
    violate(dev.env.sim, who, 'dma-unmap-unmapped', `${dev.name}: ${who} unmaps address ${addr}, which was never mapped`);
  }
  if (m.sizeBytes !== sizeBytes || m.dir !== dir) {
    violate(dev.env.sim, who, 'dma-unmap-mismatch', `${dev.name}: ${who} unmaps ${describe(m)} with size ${sizeBytes} and ${DIR_NAMES[dir]}`);
  }
  dev.mappings.delete(m.id);
  dev.recentUnmapped[m.id & RECENT_MASK] = m;
  dev.recentUnmappedBy[m.id & RECENT_MASK] = who;
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

/** Mirrors dma_sync_single_for_device(), kernel/dma/mapping.c (with debug_dma_sync_single_for_device). */
export function dmaSyncForDevice(dev: DmaDevice, addr: number, sizeBytes: number, dir: DmaDirection, who: string): void {
  chargeHere(dev.env.cpu, dev.env.cpu.costs.dmaSyncNs, PHASE_DMA);
  checkSync(dev, addr, sizeBytes, dir, who, 'dma_sync_single_for_device');
  dev.syncsForDevice++;
}

/** Mirrors dma_sync_single_for_cpu(), kernel/dma/mapping.c (with debug_dma_sync_single_for_cpu). */
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
  return dev.mappings.size;
}

/** Mirrors the DMA-API debug leak report at driver unbind (dma_debug_device_change): every live mapping is a violation. */
export function dmaTeardownCheck(dev: DmaDevice, who: string): void {
  if (dev.mappings.size === 0) return;
  const shown: string[] = [];
  for (const m of dev.mappings.values()) {
    if (shown.length >= 8) break;
    shown.push(describe(m));
  }
  violate(dev.env.sim, who, 'dma-mapping-leak', `${dev.name}: ${dev.mappings.size} DMA mappings outstanding at ${who}: ${shown.join('; ')}${dev.mappings.size > 8 ? '; ...' : ''}`);
}
