/**
 * The resolved kernel of a version class (issue 14). Models still receive today's version
 * classes ('5.11' ... '6.x') from the machine profile; they turn one into the set of registered
 * changes it carries here and ask `has(kernelOf(version), name)`, never compare versions.
 *
 * Resolution is pure, so the result is cached per class: a model may ask on every call without
 * re-resolving the registry.
 */
import { resolveKernel, type ResolvedKernel } from './kernel-spec.ts';
import type { KernelVersion } from './version.ts';

export { has } from './kernel-spec.ts';

const RESOLVED = new Map<KernelVersion, ResolvedKernel>();

/** The ResolvedKernel of a version class, resolved once and then reused. */
export function kernelOf(version: KernelVersion): ResolvedKernel {
  let kernel = RESOLVED.get(version);
  if (kernel === undefined) {
    kernel = resolveKernel(version);
    RESOLVED.set(version, kernel);
  }
  return kernel;
}
