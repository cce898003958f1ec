/**
 * The kernels a scenario runs, resolved (issue 14): machine.kernel and every kernel a workload
 * lists of its own (xdpsock `kernels`). Results and bug reports carry them, so a report says
 * exactly which registered changes were in and out, and why, for every model that ran.
 */
import { kernelOf, type KernelRef, type ResolvedKernel } from '../models/kernel/kernel-of.ts';
import type { ResolvedScenario } from './schema.ts';

/** Each distinct kernel the scenario runs, machine.kernel first, in the order they appear. */
export function scenarioKernels(scenario: ResolvedScenario): ResolvedKernel[] {
  const refs: KernelRef[] = [scenario.machine.kernel];
  for (const workload of scenario.workloads) {
    const listed = (workload as { kernels?: unknown }).kernels;
    if (Array.isArray(listed)) refs.push(...(listed as KernelRef[]));
  }
  return distinctKernels(refs);
}

/** The resolved kernels of refs, one per spec text, in first-seen order. */
export function distinctKernels(refs: readonly KernelRef[]): ResolvedKernel[] {
  const seen = new Map<string, ResolvedKernel>();
  for (const ref of refs) {
    const kernel = kernelOf(ref);
    if (!seen.has(kernel.spec)) seen.set(kernel.spec, kernel);
  }
  return [...seen.values()];
}
