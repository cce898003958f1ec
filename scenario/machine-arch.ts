/**
 * The architecture profile of a scenario's machine: arch, page size, kernel and the CPU's cache
 * line (models/kernel/cpu-models.ts), which on arm64 from 6.5 is dma_get_cache_alignment().
 * Every workload builds its ArchProfile here, so none can forget the CPU.
 */
import { archProfile, type ArchName, type ArchOptions, type ArchProfile } from '../models/kernel/arch.ts';
import { cpuModel, DEFAULT_CACHE_LINE_BYTES } from '../models/kernel/cpu-models.ts';
import type { ResolvedScenario } from './schema.ts';

/** The cache line of the machine's CPU: its registered line, or 64 bytes when it names none. */
export function machineCacheLineBytes(machine: ResolvedScenario['machine']): number {
  return machine.cpu === undefined ? DEFAULT_CACHE_LINE_BYTES : cpuModel(machine.cpu).cacheLineBytes;
}

/** archProfile() for the scenario's machine; `options` adds workload settings (CONFIG_MAX_SKB_FRAGS). */
export function machineArch(machine: ResolvedScenario['machine'], options: Omit<ArchOptions, 'cpuCacheLineBytes'> = {}): ArchProfile {
  return archProfile(machine.arch as ArchName, machine.pageSizeBytes, machine.kernel, { ...options, cpuCacheLineBytes: machineCacheLineBytes(machine) });
}
