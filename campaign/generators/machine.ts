/**
 * Generators for the parts of a scenario every workload shares: the machine (architecture and
 * page size, kernel version), NICs as the topology declares them, and fault schedules.
 * They produce scenario *file* fragments (defaults may be left out); the scenario loader
 * validates and resolves them, so a generator bug shows up as a scenario error, not as a
 * silently different run.
 */
import fc from 'fast-check';
import { DRIVER_NAMES, DRIVERS, type DriverName } from '../../models/drivers/index.ts';
import type { DriverModule } from '../../models/drivers/driver.ts';
import { KERNEL_VERSIONS } from '../../models/kernel/version.ts';
import type { KernelRef } from '../../models/kernel/kernel-of.ts';

export interface MachineSpec {
  arch: 'x86_64' | 'arm64';
  pageSizeBytes: 4096 | 16384 | 65536;
  kernel: KernelRef;
  cpus?: number;
}

/** x86_64 has only 4K pages; arm64 4K, 16K or 64K. */
export function archAndPageSize(): fc.Arbitrary<Pick<MachineSpec, 'arch' | 'pageSizeBytes'>> {
  return fc.oneof(
    fc.constant({ arch: 'x86_64' as const, pageSizeBytes: 4096 as const }),
    fc.constantFrom(4096, 16384, 65536).map((p) => ({ arch: 'arm64' as const, pageSizeBytes: p as 4096 | 16384 | 65536 })),
  );
}

export function machines(kernels: readonly KernelRef[] = KERNEL_VERSIONS): fc.Arbitrary<MachineSpec> {
  return fc.record({ ap: archAndPageSize(), kernel: fc.constantFrom(...kernels) }).map(({ ap, kernel }) => ({ ...ap, kernel }));
}

export const seeds = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 0x7fffffff });

/** A power of two in [2^lo, 2^hi]. */
export const powerOfTwo = (lo: number, hi: number): fc.Arbitrary<number> => fc.integer({ min: lo, max: hi }).map((e) => 2 ** e);

/** Allocation and DMA-map failure windows inside the main phase (the drain is always fault-free). */
export function allocAndDmaFaults(simTimeNs: number, nic?: string): fc.Arbitrary<Record<string, unknown>[]> {
  const window = fc
    .tuple(fc.integer({ min: 0, max: simTimeNs - 1 }), fc.integer({ min: 1, max: simTimeNs }))
    .map(([startNs, lengthNs]) => ({ startNs, endNs: Math.min(simTimeNs, startNs + lengthNs) }));
  const probability = fc.constantFrom(0.001, 0.01, 0.05, 0.2, 0.5);
  const alloc = fc.record({ probability, target: fc.constantFrom('any', 'page', 'page-pool', 'skb'), w: window }).map(({ w, ...f }) => ({ kind: 'alloc-fail', ...f, ...w }));
  const dma = fc.record({ probability, w: window }).map(({ w, ...f }) => ({ kind: 'dma-map-fail', ...f, ...w, ...(nic !== undefined ? { nic } : {}) }));
  return fc.array(fc.oneof(alloc, dma), { maxLength: 3 });
}

/** Every registered NIC driver (models/drivers/index.ts), so a new driver is drawn without a list to update. */
export function nicDrivers(): fc.Arbitrary<DriverName> {
  return fc.constantFrom(...DRIVER_NAMES);
}

function driverProfile(driver: DriverName, kernel: KernelRef) {
  const m: DriverModule = DRIVERS[driver];
  return { m, p: m.profile(kernel, {}) };
}

/**
 * The smallest TX ring a generator gives `driver`: a power of two, at least 8, above its stop
 * room (virtio_net stops below 19 free slots, so 32), since a queue with a ring no larger than
 * its stop room is refused when it is made, and at least the driver's own floor
 * (DriverModule.limits.ringEntries.min).
 */
export function minTxRingEntries(driver: DriverName, kernel: KernelRef): number {
  const { m, p } = driverProfile(driver, kernel);
  const floor = m.limits?.ringEntries?.min ?? 0;
  let n = 8;
  while (n <= p.stopRoomSlots || n < floor) n *= 2;
  return n;
}

/** The shortest frame `driver` sends without an error completion (DriverModule.minCleanFrameBytes). */
export function minCleanFrameBytes(driver: DriverName, kernel: KernelRef): number {
  const { m, p } = driverProfile(driver, kernel);
  return m.minCleanFrameBytes(p);
}

/** True for a device model whose capability flags are the scenario's to choose (DriverModule.flagsFromScenario). */
export function flagsFromScenario(driver: DriverName): boolean {
  return (DRIVERS[driver] as DriverModule).flagsFromScenario === true;
}

/** True when `driver` frees TX skbs only on its next xmit unless told to use TX NAPI (virtio_net's default). */
export function freesOnNextXmit(driver: DriverName, kernel: KernelRef): boolean {
  return driverProfile(driver, kernel).p.completionMode === 'free-on-next-xmit';
}
