/**
 * Kernels for properties, drawn from the registry (issue 14): mainline releases, stable point
 * releases on either side of each registered backport, distro kernels, and { base, with, without }
 * sets that switch registered changes on and off around a base.
 *
 * Why from the registry: a property that draws '5.15' and '6.x' only ever sees two commit sets.
 * Drawing point releases just before and at each backport, and random with/without sets, lets
 * every registered change run both ways; test/models/kernel/coverage.test.ts asserts that it does.
 *
 * A caller names the bases its model supports and the changes it may toggle: a toggle outside
 * the model's domain (a MANA change for an XSK property) only adds runs that ask nothing new.
 */
import fc from 'fast-check';
import { KERNEL_CHANGES, type KernelChangeName } from '../../models/kernel/features.ts';
import { DISTRO_KERNELS } from '../../models/kernel/distro-kernels.ts';
import type { KernelSpec } from '../../models/kernel/kernel-spec.ts';
import { kernelOf, type ResolvedKernel } from '../../models/kernel/kernel-of.ts';

export interface KernelDrawOptions {
  /** Mainline releases or classes the model supports, e.g. ['5.12', '5.15', '6.6', '6.x']. */
  readonly bases: readonly string[];
  /** Registered changes that may be added or removed around a base. */
  readonly toggles?: readonly KernelChangeName[];
  /** Also draw the stable point releases around each registered backport on a base's branch (default true). */
  readonly stable?: boolean;
  /** Also draw distro kernels built on one of the bases (default true). */
  readonly distros?: boolean;
  /** Changes every drawn kernel must carry: bases without them are left out and they are never removed. */
  readonly require?: readonly KernelChangeName[];
}

/**
 * Stable point releases of a branch that tell a backport apart: for each registered change with a
 * first point release 'B.N' on branch B, the releases B.(N-1) (without it) and B.N (with it).
 */
export function stablePointReleases(branch: string): string[] {
  const releases = new Set<string>();
  for (const entry of KERNEL_CHANGES) {
    if (entry.stable === 'unknown') continue;
    const first = (entry.stable as Readonly<Record<string, string>>)[branch];
    if (first === undefined) continue;
    const patch = Number(first.split('.')[2]);
    if (patch > 1) releases.add(`${branch}.${patch - 1}`);
    releases.add(first);
  }
  return [...releases].sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
}

/**
 * Whether a resolved kernel carries `name`, read from its list and not through has(): the
 * coverage test observes has() to see what the models ask, and a generator must not count.
 */
function carries(kernel: ResolvedKernel, name: KernelChangeName): boolean {
  return kernel.changes.some((c) => c.name === name && c.in);
}

/** The string specs a draw may use as a base: the bases, their stable point releases and distro kernels. */
export function baseSpecs(options: KernelDrawOptions): string[] {
  const specs = [...options.bases];
  const mainlines = new Set(options.bases.map((b) => kernelOf(b).mainline));
  if (options.stable !== false) for (const branch of mainlines) specs.push(...stablePointReleases(branch));
  if (options.distros !== false) for (const d of DISTRO_KERNELS) if (mainlines.has(d.mainline)) specs.push(d.name);
  const required = options.require ?? [];
  const carriesRequired = (spec: string) => required.every((name) => carries(kernelOf(spec), name));
  const kept = [...new Set(specs)].filter(carriesRequired);
  if (kept.length === 0) throw new RangeError(`baseSpecs: no base among ${specs.join(', ')} carries ${required.join(', ')}`);
  return kept;
}

/** A kernel spec: a base as it is (half the draws) or with some toggles switched against it. */
export function kernelSpecs(options: KernelDrawOptions): fc.Arbitrary<KernelSpec> {
  const bases = baseSpecs(options);
  const plain = fc.constantFrom(...bases);
  const toggles = (options.toggles ?? []).filter((name) => !(options.require ?? []).includes(name));
  if (toggles.length === 0) return plain;
  const switched = fc.record({ base: fc.constantFrom(...bases), flip: fc.subarray([...toggles], { minLength: 1 }) }).map(({ base, flip }): KernelSpec => {
    // kernelOf caches the base's resolution: a draw does not re-resolve the registry.
    const resolved = kernelOf(base);
    const add = flip.filter((n) => !carries(resolved, n));
    const remove = flip.filter((n) => carries(resolved, n));
    return { base, ...(add.length > 0 ? { with: add } : {}), ...(remove.length > 0 ? { without: remove } : {}) };
  });
  return fc.oneof(plain, switched);
}
