/**
 * CPU cost accounting: every modelled kernel operation that costs CPU time charges it to the
 * simulated CPU running it. Each core has a busy-until clock and per-phase totals.
 *
 * API:
 *   resolveCostProfile(name, overrides?) -> CostProfile       (a plain record: KernelCosts & extra keys)
 *   createCpuAccounting(clock, cpuCount, profileName?, overrides?) -> CpuAccounting
 *   phaseId(acct, name) -> number                             (register once, then charge by id)
 *   charge(acct, cpu, costNs, phase) -> busy-until ns of that core
 *   chargeHere(acct, costNs, phase)                           (charges acct.currentCpu, like smp_processor_id())
 *   copyCostNs(costs, bytes) -> integer ns of a memcpy
 *   phaseTotals(acct) -> { phaseName: ns summed over cores }
 *   PHASE_PAGE_ALLOC, PHASE_DMA, PHASE_PAGE_POOL, PHASE_SKB, PHASE_COPY, PHASE_SOCK (pre-registered ids)
 *   cpuTrackName(cpu) -> 'cpu0', 'cpu1', …                    (the observer track of a core)
 *
 * The kernel models charge `acct.currentCpu`; a model running work on behalf of a core sets
 * `acct.currentCpu = cpu` first (the way the kernel code runs on smp_processor_id()).
 * Simplified: a core is a single busy-until clock (work queues behind earlier work; no
 * preemption, no frequency scaling, no cache effects beyond what the per-op costs encode).
 *
 * Other models extend the profile with their own keys through `overrides` (for example the
 * XSK model's calibrated per-descriptor costs); unknown keys are kept, values must be finite
 * and >= 0. Every default below says where it comes from; 'estimate' marks an educated guess.
 */
import { violate, type SimClock } from '../../engine/index.ts';

export interface KernelCosts {
  /** Per-call overhead of memcpy / skb_store_bits (call, rep movsb start-up). Estimate. */
  memcpyFixedNs: number;
  /** Single-core copy bandwidth in bytes per ns (10 = 10 GB/s) for cache-warm packet-sized copies:
   *  the order of STREAM-copy per-core figures on current Xeon / EPYC. Estimate. */
  memcpyBytesPerNs: number;
  /** Order-0 alloc_pages() from the per-cpu lists: Brouer's page_bench01 puts an alloc+free pair at
   *  ~250-280 cycles; the issue budget is ~100-200 ns including the struct page cache miss. */
  pageAllocNs: number;
  /** Extra per tail page of a compound page (prep_compound_page touches each struct page). Estimate. */
  pageCompoundPerTailNs: number;
  /** Freeing one page back to the per-cpu lists (the other half of the pair above). */
  pageFreeNs: number;
  /** Per page when filled by alloc_pages_bulk (v5.13 bulk allocator amortises the zone lock). Estimate. */
  pageBulkAllocPerPageNs: number;
  /** get_page / put_page: one uncontended atomic on a local cache line (~20 cycles). */
  pageRefNs: number;
  /** SLUB kmalloc fast path (~20-30 ns in slub_bench style microbenchmarks). */
  kmallocNs: number;
  kfreeNs: number;
  /** sk_buff from skbuff_head_cache plus header init (kmem_cache_alloc + memset of ~200 B). Estimate. */
  skbAllocNs: number;
  skbFreeNs: number;
  /** dma_map_page without an IOMMU (dma-direct: phys_to_dma, range check). Estimate. */
  dmaMapNs: number;
  dmaUnmapNs: number;
  /** dma_map with an IOMMU: IOVA allocation + page-table update, hundreds of ns
   *  (Peleg et al., "Utilizing the IOMMU Scalably", USENIX ATC'15, and Markuze et al. ASPLOS'16). */
  dmaMapIommuNs: number;
  /** dma_unmap with an IOMMU in lazy (flush-queue) mode; strict mode IOTLB flushes cost ~1-2 us. */
  dmaUnmapIommuNs: number;
  /** dma_sync_single_for_{device,cpu} on a coherent device (x86_64): only the need-sync check. */
  dmaSyncNs: number;
  /** page_pool alloc-cache pop or direct recycle (Brouer's page_pool benchmarks: a few ns). */
  ppCacheNs: number;
  /** page_pool ptr_ring produce or consume under its spinlock. Estimate. */
  ppRingNs: number;
  /** sk_wmem_alloc refcount_add / refcount_sub (one atomic). */
  sockWmemNs: number;
}

/** A cost profile: the kernel costs plus any keys other models add. */
export type CostProfile = Readonly<KernelCosts & Record<string, number>>;

const DEFAULT_X86_SERVER: KernelCosts = {
  memcpyFixedNs: 10,
  memcpyBytesPerNs: 10,
  pageAllocNs: 120,
  pageCompoundPerTailNs: 2,
  pageFreeNs: 80,
  pageBulkAllocPerPageNs: 40,
  pageRefNs: 5,
  kmallocNs: 25,
  kfreeNs: 20,
  skbAllocNs: 60,
  skbFreeNs: 50,
  dmaMapNs: 25,
  dmaUnmapNs: 15,
  dmaMapIommuNs: 400,
  dmaUnmapIommuNs: 300,
  dmaSyncNs: 5,
  ppCacheNs: 5,
  ppRingNs: 25,
  sockWmemNs: 8,
};

/**
 * An Alibaba Cloud ECS guest with virtio-net: no vIOMMU (virtio without ACCESS_PLATFORM uses
 * dma-direct), slower memory and page allocation from nested paging and noisy neighbours.
 * All values are estimates (about 1.3x the bare-metal server, copy bandwidth 7 GB/s).
 */
const ALIYUN_ECS_VIRTIO: KernelCosts = {
  memcpyFixedNs: 13,
  memcpyBytesPerNs: 7,
  pageAllocNs: 160,
  pageCompoundPerTailNs: 3,
  pageFreeNs: 105,
  pageBulkAllocPerPageNs: 55,
  pageRefNs: 7,
  kmallocNs: 33,
  kfreeNs: 26,
  skbAllocNs: 80,
  skbFreeNs: 65,
  dmaMapNs: 30,
  dmaUnmapNs: 20,
  dmaMapIommuNs: 900,
  dmaUnmapIommuNs: 700,
  dmaSyncNs: 6,
  ppCacheNs: 7,
  ppRingNs: 33,
  sockWmemNs: 10,
};

export const COST_PROFILES: Readonly<Record<string, KernelCosts>> = Object.freeze({
  default: DEFAULT_X86_SERVER,
  'aliyun-ecs-virtio': ALIYUN_ECS_VIRTIO,
});

/** The named profile with overrides applied; throws RangeError on an unknown name or a bad value. */
export function resolveCostProfile(name: string, overrides: Readonly<Record<string, number>> = {}): CostProfile {
  const base = COST_PROFILES[name];
  if (base === undefined) {
    throw new RangeError(`resolveCostProfile: unknown cost profile '${name}', expected one of ${Object.keys(COST_PROFILES).join(', ')}`);
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`resolveCostProfile: override '${key}' must be a finite number >= 0, found ${String(value)}`);
    }
  }
  if (overrides.memcpyBytesPerNs === 0) throw new RangeError('resolveCostProfile: memcpyBytesPerNs must be > 0');
  return Object.freeze({ ...base, ...overrides });
}

export interface CpuAccounting {
  readonly clock: SimClock;
  readonly profileName: string;
  readonly costs: CostProfile;
  readonly cpuCount: number;
  /** The core the kernel models charge (set by the model that runs work on a core). */
  currentCpu: number;
  /** Per core: the simulated time at which it finishes the work charged so far. */
  readonly busyUntilNs: number[];
  /** Per core: total ns charged. */
  readonly busyNs: number[];
  readonly phaseNames: string[];
  /** [cpu][phase] total ns. */
  readonly phaseNs: number[][];
  /** [phase] number of charges. */
  readonly phaseCharges: number[];
}

export const PHASE_PAGE_ALLOC = 0;
export const PHASE_DMA = 1;
export const PHASE_PAGE_POOL = 2;
export const PHASE_SKB = 3;
export const PHASE_COPY = 4;
export const PHASE_SOCK = 5;
const KERNEL_PHASES = ['kernel.page_alloc', 'kernel.dma', 'kernel.page_pool', 'kernel.skb', 'kernel.copy', 'kernel.sock'];

export function createCpuAccounting(
  clock: SimClock,
  cpuCount: number,
  profileName = 'default',
  overrides: Readonly<Record<string, number>> = {},
): CpuAccounting {
  if (!(Number.isSafeInteger(cpuCount) && cpuCount >= 1)) throw new RangeError(`createCpuAccounting: cpuCount must be an integer >= 1, found ${cpuCount}`);
  const acct: CpuAccounting = {
    clock,
    profileName,
    costs: resolveCostProfile(profileName, overrides),
    cpuCount,
    currentCpu: 0,
    busyUntilNs: new Array<number>(cpuCount).fill(0),
    busyNs: new Array<number>(cpuCount).fill(0),
    phaseNames: [],
    phaseNs: Array.from({ length: cpuCount }, () => []),
    phaseCharges: [],
  };
  for (const name of KERNEL_PHASES) phaseId(acct, name);
  return acct;
}

/** The id of a named phase, registering it on first use (do this once, outside hot paths). */
export function phaseId(acct: CpuAccounting, name: string): number {
  const existing = acct.phaseNames.indexOf(name);
  if (existing >= 0) return existing;
  acct.phaseNames.push(name);
  acct.phaseCharges.push(0);
  for (const row of acct.phaseNs) row.push(0);
  return acct.phaseNames.length - 1;
}

/** Charges costNs of work to a core: it runs after the core's earlier work or now, whichever is later. */
export function charge(acct: CpuAccounting, cpu: number, costNs: number, phase: number): number {
  if (!(costNs >= 0 && Number.isSafeInteger(costNs) && cpu >= 0 && cpu < acct.cpuCount && phase < acct.phaseNames.length)) {
    violate(acct.clock, 'cpu.charge', 'cpu-charge-valid', `charge(cpu ${cpu}, ${costNs} ns, phase ${phase}) needs an integer cost >= 0, a core below ${acct.cpuCount} and a registered phase`);
  }
  const now = acct.clock.nowNs;
  const start = acct.busyUntilNs[cpu] > now ? acct.busyUntilNs[cpu] : now;
  const end = start + costNs;
  acct.busyUntilNs[cpu] = end;
  acct.busyNs[cpu] += costNs;
  acct.phaseNs[cpu][phase] += costNs;
  acct.phaseCharges[phase]++;
  return end;
}

/** Charges the current core (acct.currentCpu). */
export function chargeHere(acct: CpuAccounting, costNs: number, phase: number): number {
  return charge(acct, acct.currentCpu, costNs, phase);
}

/** Integer ns to copy `bytes` bytes. */
export function copyCostNs(costs: CostProfile, bytes: number): number {
  return costs.memcpyFixedNs + Math.round(bytes / costs.memcpyBytesPerNs);
}

const CPU_TRACK_NAMES: string[] = [];

/**
 * The observer track of a core ('cpu0', 'cpu1', …), from a table built on first use so that a
 * model reporting spans does not build a string per span.
 */
export function cpuTrackName(cpu: number): string {
  for (let c = CPU_TRACK_NAMES.length; c <= cpu; c++) CPU_TRACK_NAMES.push(`cpu${c}`);
  return CPU_TRACK_NAMES[cpu];
}

/** Total ns per phase, summed over cores (phases with no charge included as 0). */
export function phaseTotals(acct: CpuAccounting): Record<string, number> {
  const out: Record<string, number> = {};
  for (let p = 0; p < acct.phaseNames.length; p++) {
    let sum = 0;
    for (let c = 0; c < acct.cpuCount; c++) sum += acct.phaseNs[c][p];
    out[acct.phaseNames[p]] = sum;
  }
  return out;
}
