/**
 * Named CPUs a machine profile may give (issue 14, row 2 of the kernel review): what the kernel
 * reads of them. Today that is one value, the cache line size `cache_line_size()` returns, which
 * on arm64 from v6.5 is `dma_get_cache_alignment()` and so the stride page_pool_alloc_frag()
 * carves fragments at (models/kernel/page-pool.ts).
 *
 * What the kernel reads (arch/arm64/kernel/cacheinfo.c, arch/arm64/include/asm/cache.h, v6.5+):
 * `coherency_max_size` from the firmware's cache description when it gives one, else
 * `4 << CTR_EL0.CWG` (Cache Writeback Granule), else ARCH_DMA_MINALIGN (128) when CWG reads 0.
 * `cacheLineBytes` below is that value. Before v6.5 arm64 returns ARCH_DMA_MINALIGN (128) from
 * dma_get_cache_alignment() whatever the CPU; x86_64 returns 1 (no ARCH_DMA_MINALIGN).
 *
 * Sources are [V] read in a manual or kernel source, [M] from memory: a CPU whose line size
 * matters to a figure should be checked on the machine (`getconf LEVEL1_DCACHE_LINESIZE`,
 * or CTR_EL0 via /sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size).
 */
import type { ArchName } from './arch.ts';

export interface CpuModel {
  /** The name a machine profile gives, e.g. 'neoverse-n1'. */
  readonly name: string;
  readonly arch: ArchName;
  /** What cache_line_size() returns on it: firmware coherency_max_size or 4 << CTR_EL0.CWG. */
  readonly cacheLineBytes: number;
  /** One line: which CPU, and where it is found. */
  readonly description: string;
  readonly sources: readonly string[];
}

/** The cache line a machine has when its profile names no CPU: 64 bytes, as on every CPU listed but A64FX. */
export const DEFAULT_CACHE_LINE_BYTES = 64;

export const CPU_MODELS = [
  {
    name: 'x86-64',
    arch: 'x86_64',
    cacheLineBytes: 64,
    description: 'Any current Intel or AMD x86-64 server core (64-byte lines; dma_get_cache_alignment() is 1 on x86_64)',
    sources: ['[M] Intel 64 and IA-32 Optimization Reference Manual and AMD Software Optimization Guides: 64-byte cache lines'],
  },
  {
    name: 'neoverse-n1',
    arch: 'arm64',
    cacheLineBytes: 64,
    description: 'Arm Neoverse N1 (Ampere Altra, AWS Graviton2)',
    sources: ['[M] Arm Neoverse N1 TRM: 64-byte L1 data cache lines, CTR_EL0.CWG = 4 (4 << 4 = 64 bytes)'],
  },
  {
    name: 'neoverse-n2',
    arch: 'arm64',
    cacheLineBytes: 64,
    description: 'Arm Neoverse N2 (Azure Cobalt 100, the arm64 hosts MANA runs on)',
    sources: ['[M] Arm Neoverse N2 TRM: 64-byte cache lines', '[U] Azure hosts: the firmware coherency_max_size of Cobalt 100 VMs was not read'],
  },
  {
    name: 'neoverse-v1',
    arch: 'arm64',
    cacheLineBytes: 64,
    description: 'Arm Neoverse V1 (AWS Graviton3)',
    sources: ['[M] Arm Neoverse V1 TRM: 64-byte cache lines'],
  },
  {
    name: 'a64fx',
    arch: 'arm64',
    cacheLineBytes: 256,
    description: 'Fujitsu A64FX (Fugaku): 256-byte cache lines, so from v6.5 page_pool carves fragments at a 256-byte stride',
    sources: ['[M] Fujitsu A64FX Microarchitecture Manual: 256-byte L1D and L2 lines; CTR_EL0.CWG reading 6 (4 << 6 = 256) is [U]'],
  },
] as const satisfies readonly CpuModel[];

export type CpuModelName = (typeof CPU_MODELS)[number]['name'];

/** The registered CPU named `name`; throws RangeError on a name that is not registered. */
export function cpuModel(name: string): CpuModel {
  const model = CPU_MODELS.find((m) => m.name === name);
  if (model === undefined) throw new RangeError(`cpuModel: expected one of ${CPU_MODELS.map((m) => m.name).join(', ')}, found '${name}'`);
  return model;
}
