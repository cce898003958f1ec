/**
 * A kernel spec and what it resolves to: for every change in models/kernel/features.ts, whether
 * the kernel carries it and why (issue 14).
 *
 * A spec is one of
 * - a mainline release, '6.6' (also today's version classes '5.11' ... '6.6' and '6.x'; the
 *   '5.12' class is 5.12 with the seed series applied, see SEED_SERIES_CLASS);
 * - a stable point release, '5.15.60' ('5.15.0' is the mainline release 5.15);
 * - a distro kernel from models/kernel/distro-kernels.ts, 'ubuntu-jammy-azure-5.15';
 * - { base, with?, without? }: a base of the forms above with registered changes (names or
 *   short ids) added or removed, for a patch under test.
 *
 * This is the one module allowed to compare release numbers: that is what resolving a spec
 * means. Models ask `has(kernel, name)` of the result and never see a version.
 */
import { KERNEL_CHANGES, type KernelChangeEntry, type KernelChangeName } from './features.ts';
import { DISTRO_KERNELS, type DistroKernel, type DistroKernelName } from './distro-kernels.ts';
import { versionRank } from './version.ts';

/** What a scenario or the command line may give as a kernel. */
export type KernelSpec = string | { readonly base: string; readonly with?: readonly string[]; readonly without?: readonly string[] };

/** One registered change in a resolved kernel. */
export interface ResolvedChange {
  readonly name: KernelChangeName;
  readonly id: string;
  /** True when the kernel carries the change. */
  readonly in: boolean;
  /** Why: 'mainline 5.19', 'stable 5.15.51', 'distro <name>', 'with (explicit)', 'entered in 6.8', ... */
  readonly why: string;
}

/** A kernel as the set of registered changes it carries. */
export interface ResolvedKernel {
  /** The spec as given: the string, or the object as compact JSON. */
  readonly spec: string;
  /** The mainline release the base is built on, 'major.minor'. */
  readonly mainline: string;
  /** The stable point release of the base, 'unknown' for a distro that does not say, absent for mainline. */
  readonly stable?: string;
  /** The distro kernel of the base, when it is one. */
  readonly distro?: DistroKernelName;
  /** How an alias such as '6.x' was read, when one was given. */
  readonly note?: string;
  /** Every registered change, in registry order. */
  readonly changes: readonly ResolvedChange[];
}

/**
 * A spec that cannot be resolved: one line, naming the part of the spec that is wrong. `pointer`
 * is that part as a JSON pointer below the spec ('' for the spec itself, '/with/0'), so a
 * scenario can name $.machine.kernel.with[0]; `detail` is the message without the part's name.
 */
export class KernelSpecError extends RangeError {
  readonly pointer: string;
  readonly detail: string;
  constructor(pointer: string, detail: string) {
    super(pointer === '' ? detail : `${pointer.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')}: ${detail}`);
    this.name = 'KernelSpecError';
    this.pointer = pointer;
    this.detail = detail;
  }
}

/** True when the kernel carries the registered change `name`. */
export function has(kernel: ResolvedKernel, name: KernelChangeName): boolean {
  let byName = IN_BY_NAME.get(kernel);
  if (byName === undefined) {
    byName = new Map(kernel.changes.map((c) => [c.name, c.in]));
    IN_BY_NAME.set(kernel, byName);
  }
  const isIn = byName.get(name);
  if (isIn === undefined) throw new RangeError(`has: expected a registered kernel change name, found '${String(name)}'`);
  if (hasObserver !== null) hasObserver(name, isIn);
  return isIn;
}

/** Called with every answer has() gives, while a test observes; null otherwise. */
let hasObserver: ((name: KernelChangeName, isIn: boolean) => void) | null = null;

/**
 * Observes every has() answer until the returned function is called: the coverage test uses it
 * to show that each registered change is asked, and answered both in and out, by the properties.
 * It sees answers only; it cannot change them, so a run's trajectory is the same observed or not.
 */
export function observeHas(observer: (name: KernelChangeName, isIn: boolean) => void): () => void {
  const previous = hasObserver;
  hasObserver = observer;
  return () => {
    hasObserver = previous;
  };
}

/** Models may ask on hot paths: one map per resolved kernel instead of a scan of the registry. */
const IN_BY_NAME = new WeakMap<ResolvedKernel, ReadonlyMap<string, boolean>>();

/** Resolves a spec (see the module comment); throws KernelSpecError with one line on a bad one. */
export function resolveKernel(spec: KernelSpec): ResolvedKernel {
  if (typeof spec === 'string') return resolveBase(spec, '', spec);
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new KernelSpecError('', expectedSpec(spec));
  const extra = Object.keys(spec).filter((k) => !['base', 'with', 'without'].includes(k));
  if (extra.length > 0) throw new KernelSpecError(`/${extra[0]}`, `expected only the keys base, with and without, found '${extra[0]}'`);
  if (typeof spec.base !== 'string') throw new KernelSpecError('/base', expectedSpec(spec.base));
  const added = changeList(spec.with, 'with');
  const removed = changeList(spec.without, 'without');
  const both = [...added].filter((name) => removed.has(name));
  if (both.length > 0) throw new KernelSpecError('', `expected a change in at most one of with and without, found '${both[0]}' in both`);
  const text = JSON.stringify({ base: spec.base, ...(spec.with === undefined ? {} : { with: spec.with }), ...(spec.without === undefined ? {} : { without: spec.without }) });
  const base = resolveBase(spec.base, '/base', text);
  const changes = base.changes.map((c) =>
    added.has(c.name) ? { ...c, in: true, why: 'with (explicit)' } : removed.has(c.name) ? { ...c, in: false, why: 'without (explicit)' } : c,
  );
  return { ...base, changes };
}

/** versionRank() ranks a release major * 100 + minor; so does this module. */
const RANK_PER_MAJOR = 100;

/**
 * Mainline releases that exist, by major: 3.0-3.19, 4.0-4.20, 5.0-5.19, 6.0-6.19, then 7.x. A
 * major beyond NEWEST_MAJOR is a typo, not a kernel: the registry's newest entries are 7.x.
 */
const LAST_MINOR: Readonly<Record<number, number>> = { 3: 19, 4: 20, 5: 19, 6: 19 };
const NEWEST_MAJOR = 7;

/**
 * Today's '6.x' class is current upstream; models/kernel/version.ts ranks it as a release, and
 * that rank is read here so the two cannot drift apart.
 */
function aliasRelease(alias: '6.x'): string {
  const rank = versionRank(alias);
  return `${Math.floor(rank / RANK_PER_MAJOR)}.${rank % RANK_PER_MAJOR}`;
}

interface Base {
  readonly mainline: string;
  /** The patch level of a stable point release (0 for mainline), or 'unknown' for a distro that does not say. */
  readonly patch: number | 'unknown';
  readonly distro?: DistroKernel;
  readonly note?: string;
}

/**
 * Today's '5.12' class is the seed's kernel: mainline 5.12 with the XSK seed series applied (the
 * series entered mainline in 5.13, see its entries in features.ts). The class keeps that meaning,
 * so every 5.12 scenario keeps its behaviour; a stable release such as '5.12.5' is the real
 * 5.12.y, without the series.
 */
const SEED_SERIES_CLASS = {
  text: '5.12',
  changes: ['netdev-tx-skb-no-linear', 'virtio-net-tx-skb-no-linear', 'xsk-generic-xmit-headroom', 'xsk-generic-zerocopy-build'] as readonly KernelChangeName[],
  note: "'5.12' is the seed's class: mainline 5.12 with the XSK seed series applied (which entered mainline in 5.13); '5.12.0' is mainline 5.12 alone",
};

function resolveBase(text: string, where: string, specText: string): ResolvedKernel {
  const base = text === SEED_SERIES_CLASS.text ? { ...parseBase(text, where), note: SEED_SERIES_CLASS.note } : parseBase(text, where);
  const seedSeries = text === SEED_SERIES_CLASS.text ? new Set<string>(SEED_SERIES_CLASS.changes) : new Set<string>();
  const changes = KERNEL_CHANGES.map((entry): ResolvedChange => {
    if (seedSeries.has(entry.name)) return { name: entry.name, id: entry.id, in: true, why: "the '5.12' class (the seed series)" };
    const [carried, why] = carriedBy(entry, base);
    return { name: entry.name, id: entry.id, in: carried, why };
  });
  const stable = base.patch === 'unknown' ? 'unknown' : base.patch > 0 ? `${base.mainline}.${base.patch}` : undefined;
  return {
    spec: specText,
    mainline: base.mainline,
    ...(stable === undefined ? {} : { stable }),
    ...(base.distro === undefined ? {} : { distro: base.distro.name as DistroKernelName }),
    ...(base.note === undefined ? {} : { note: base.note }),
    changes,
  };
}

function parseBase(text: string, where: string): Base {
  if (text === '6.x') {
    const mainline = aliasRelease(text);
    return { mainline, patch: 0, note: `'6.x' is today's current-upstream class (models/kernel/version.ts ranks it ${versionRank(text)}): resolved as mainline ${mainline}` };
  }
  const distro: DistroKernel | undefined = DISTRO_KERNELS.find((d) => d.name === text);
  if (distro !== undefined) {
    const patch = distro.stable === 'unknown' ? 'unknown' : Number(distro.stable.split('.')[2]);
    return { mainline: distro.mainline, patch, distro };
  }
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?$/.exec(text);
  if (m === null || !releaseExists(Number(m[1]), Number(m[2]))) throw new KernelSpecError(where, expectedSpec(text));
  if (rank(`${m[1]}.${m[2]}`) < rank(OLDEST_BASE)) {
    throw new KernelSpecError(where, `expected a kernel built on ${OLDEST_BASE} or later (older kernels differ in ways models/kernel/features.ts does not record), found '${text}'`);
  }
  return { mainline: `${m[1]}.${m[2]}`, patch: m[3] === undefined ? 0 : Number(m[3]) };
}

/**
 * The oldest base a spec may name: 5.10, the LTS before the seed series. Changes before it (XSK
 * generic TX itself, 4.18; page_pool's first users) are not registered, so an older kernel
 * would silently run 5.10's behaviour.
 */
const OLDEST_BASE = '5.10';

function releaseExists(major: number, minor: number): boolean {
  if (major < 3 || major > NEWEST_MAJOR || minor > 99) return false;
  const last = LAST_MINOR[major];
  return last === undefined || minor <= last;
}

function expectedSpec(found: unknown): string {
  const distros = DISTRO_KERNELS.map((d) => d.name).join(', ');
  const shown = typeof found === 'string' ? `'${found}'` : JSON.stringify(found) ?? String(found);
  return `expected a mainline release like 6.6, a stable release like 6.6.30, a distro kernel (one of ${distros}) or { base, with, without }, found ${shown}`;
}

/** The registered names in a with/without list, given as names or short ids. */
function changeList(list: unknown, key: 'with' | 'without'): Set<KernelChangeName> {
  if (list === undefined) return new Set();
  if (!Array.isArray(list)) throw new KernelSpecError(`/${key}`, `expected a list of kernel change names or ids, found ${JSON.stringify(list)}`);
  const names = new Set<KernelChangeName>();
  list.forEach((item: unknown, i) => {
    const entry = KERNEL_CHANGES.find((c) => c.name === item || c.id === item);
    if (entry === undefined) {
      const known = KERNEL_CHANGES.map((c) => c.name).join(', ');
      throw new KernelSpecError(`/${key}/${i}`, `expected a registered kernel change name or 12-character id (one of ${known}), found ${JSON.stringify(item)}`);
    }
    names.add(entry.name);
  });
  return names;
}

function rank(release: string): number {
  const [major, minor] = release.split('.').map(Number);
  return major * RANK_PER_MAJOR + minor;
}

/** Whether the base carries `entry`, and the reason in one short phrase. */
function carriedBy(entry: KernelChangeEntry, base: Base): [boolean, string] {
  if (base.distro !== undefined && (base.distro.carries as readonly string[]).includes(entry.name)) return [true, `distro ${base.distro.name}`];
  if (rank(entry.mainline) <= rank(base.mainline)) return [true, `mainline ${entry.mainline}`];
  if (base.patch === 0) return [false, `entered in ${entry.mainline}`];
  const first = entry.stable === 'unknown' ? undefined : entry.stable[base.mainline];
  if (base.patch === 'unknown') {
    // A distro that does not say which point release it follows has a backport only when a
    // source shows it follows the branch at least to the backport's point release.
    const floor = base.distro?.stableAtLeast;
    if (first !== undefined && floor !== undefined && Number(first.split('.')[2]) <= Number(floor.split('.')[2])) {
      return [true, `stable ${first} (distro ${base.distro?.name} follows ${base.mainline}.y to at least ${floor})`];
    }
    const known = first === undefined ? '' : `, ${base.mainline}.y has it from ${first}`;
    const since = floor === undefined ? 'is unknown' : `is unknown beyond ${floor}`;
    return [false, `stable backport unknown: assumed absent (entered in ${entry.mainline}${known}; the distro's ${base.mainline}.y point release ${since})`];
  }
  if (first === undefined) return [false, `stable backport unknown: assumed absent (entered in ${entry.mainline})`];
  const firstPatch = Number(first.split('.')[2]);
  if (base.patch >= firstPatch) return [true, `stable ${first}`];
  return [false, `not in ${base.mainline}.y before ${first}`];
}
