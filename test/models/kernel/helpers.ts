import { Simulator } from '../../../engine/index.ts';
import { archProfile, type ArchName } from '../../../models/kernel/arch.ts';
import { createKernelEnv, type KernelEnv } from '../../../models/kernel/env.ts';
import type { KernelRef } from '../../../models/kernel/kernel-of.ts';

/** A fresh simulator and kernel environment for one test. */
export function makeEnv(arch: ArchName = 'x86_64', pageSizeBytes = 4096, version: KernelRef = '6.x', seed = 1, cpuCacheLineBytes = 64): KernelEnv {
  const sim = new Simulator({ seed });
  return createKernelEnv({ sim, arch: archProfile(arch, pageSizeBytes, version, { cpuCacheLineBytes }), cpus: 2 });
}
