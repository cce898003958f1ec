/**
 * The kernel environment every buffer model is built on: the simulator (clock, scheduling,
 * random streams), the architecture profile (which also fixes the kernel version), CPU cost
 * accounting and the kernel log (printk/WARN output with simulated time).
 *
 * API:
 *   createKernelEnv({ sim, arch, cpu? | cpus?, costProfile?, costOverrides? }) -> KernelEnv
 *   klog(env, fn, message)            appends { timeNs, fn, message } to env.log
 */
import type { Simulator } from '../../engine/index.ts';
import type { ArchProfile } from './arch.ts';
import { createCpuAccounting, type CpuAccounting } from './cpu.ts';
import type { KernelRef } from './kernel-of.ts';

export interface KernelLogEntry {
  readonly timeNs: number;
  /** The kernel function that printed (e.g. 'page_pool_release_retry'). */
  readonly fn: string;
  readonly message: string;
}

export interface KernelEnv {
  readonly sim: Simulator;
  readonly arch: ArchProfile;
  readonly version: KernelRef;
  readonly cpu: CpuAccounting;
  /** dmesg: warnings and errors the modelled kernel printed, in simulated-time order. */
  readonly log: KernelLogEntry[];
}

export interface KernelEnvOptions {
  sim: Simulator;
  arch: ArchProfile;
  /** An existing accounting to share; otherwise one is created from cpus/costProfile/costOverrides. */
  cpu?: CpuAccounting;
  cpus?: number;
  costProfile?: string;
  costOverrides?: Readonly<Record<string, number>>;
}

export function createKernelEnv(options: KernelEnvOptions): KernelEnv {
  const cpu = options.cpu ?? createCpuAccounting(options.sim, options.cpus ?? 1, options.costProfile ?? 'default', options.costOverrides ?? {});
  return { sim: options.sim, arch: options.arch, version: options.arch.version, cpu, log: [] };
}

/** Mirrors pr_warn() / WARN() output, include/linux/printk.h (v5.15, v6.x): the message with the current simulated time. */
export function klog(env: KernelEnv, fn: string, message: string): void {
  env.log.push({ timeNs: env.sim.nowNs, fn, message });
}
