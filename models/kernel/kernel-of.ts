/**
 * The kernel a model runs on, as models receive it (issue 14).
 *
 * A model is given a `KernelRef`: a kernel spec as a scenario writes it (a mainline release
 * '6.6', a stable point release '5.15.60', a distro kernel name, today's classes '5.11' ... '6.x',
 * or { base, with, without }) or a kernel already resolved by models/kernel/kernel-spec.ts. It
 * turns the ref into the set of registered changes with `kernelOf(ref)` and asks
 * `has(kernelOf(ref), name)`; it never compares versions.
 *
 * Resolution is pure, so string specs are cached: a model may ask on every call without
 * re-resolving the registry. An object spec is resolved once per object.
 */
import { resolveKernel, type KernelSpec, type ResolvedKernel } from './kernel-spec.ts';

export { has } from './kernel-spec.ts';
export type { ResolvedKernel } from './kernel-spec.ts';

/** What models accept as a kernel: a spec to resolve, or a kernel already resolved. */
export type KernelRef = KernelSpec | ResolvedKernel;

const BY_TEXT = new Map<string, ResolvedKernel>();
const BY_OBJECT = new WeakMap<object, ResolvedKernel>();

/** True when `ref` is already a resolved kernel (it carries its list of changes). */
function isResolved(ref: KernelRef): ref is ResolvedKernel {
  return typeof ref === 'object' && 'changes' in ref && Array.isArray(ref.changes);
}

/** The ResolvedKernel of a ref, resolved once and then reused; throws KernelSpecError on a bad spec. */
export function kernelOf(ref: KernelRef): ResolvedKernel {
  if (isResolved(ref)) return ref;
  if (typeof ref === 'string') {
    let kernel = BY_TEXT.get(ref);
    if (kernel === undefined) {
      kernel = resolveKernel(ref);
      BY_TEXT.set(ref, kernel);
    }
    return kernel;
  }
  let kernel = BY_OBJECT.get(ref);
  if (kernel === undefined) {
    kernel = resolveKernel(ref);
    BY_OBJECT.set(ref, kernel);
  }
  return kernel;
}

/** The spec text of a ref, for messages: '5.15.60' or '{"base":"6.6.30","with":[...]}'. */
export function kernelText(ref: KernelRef): string {
  return kernelOf(ref).spec;
}
