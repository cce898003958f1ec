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
import { resolveKernel, type KernelSpec } from '../../models/kernel/kernel-spec.ts';

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

/** The string specs a draw may use as a base: the bases, their stable point releases and distro kernels. */
export function baseSpecs(options: KernelDrawOptions): string[] {
  const specs = [...options.bases];
  const mainlines = new Set(options.bases.map((b) => resolveKernel(b).mainline));
  if (options.stable !== false) for (const branch of mainlines) specs.push(...stablePointReleases(branch));
  if (options.distros !== false) for (const d of DISTRO_KERNELS) if (mainlines.has(d.mainline)) specs.push(d.name);
  const required = options.require ?? [];
  const carriesRequired = (spec: string) => required.every((name) => resolveKernel(spec).changes.some((c) => c.name === name && c.in));
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
    const resolved = resolveKernel(base);
    const carried = new Set(resolved.changes.filter((c) => c.in).map((c) => c.name));
    const add = flip.filter((n) => !carried.has(n));
    const remove = flip.filter((n) => carried.has(n));
    return { base, ...(add.length > 0 ? { with: add } : {}), ...(remove.length > 0 ? { without: remove } : {}) };
  });
  return fc.oneof(plain, switched);
}
