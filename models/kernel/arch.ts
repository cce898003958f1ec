/**
 * Architecture profiles: page size, cache line, DMA alignment and the skb layout constants
 * that follow from them (NET_SKB_PAD, SKB_DATA_ALIGN, SKB_TRUESIZE, MAX_SKB_FRAGS,
 * sizeof(struct skb_shared_info)), per kernel version.
 *
 * API:
 *   archProfile(name, pageSizeBytes, version, { maxSkbFrags? }) -> ArchProfile (throws RangeError on a bad combination)
 *   alignUp(x, a), skbDataAlign(arch, x), skbTruesize(arch, x), l1CacheAlign(arch, x), getOrder(arch, sizeBytes)
 *
 * Modelled: x86_64 (4K pages, 64-byte lines, dma_get_cache_alignment() 1) and arm64 with
 * 4K/16K/64K pages (L1_CACHE_BYTES 64, ARCH_DMA_MINALIGN 128). On arm64
 * dma_get_cache_alignment() is ARCH_DMA_MINALIGN (128) before v6.5 and the running CPU's
 * cache_line_size() from v6.5 (9382bc44b5f5): the CPU comes from the machine profile
 * (models/kernel/cpu-models.ts, default 64 bytes). Simplified: sizeof(struct sk_buff)
 * is taken as 224 (aligned 256), a config-dependent value that matches the well-known
 * sysctl_wmem_default of 212992 = (256 + 256 + 320) * 256; the small-head cache size
 * (6.3+) is derived for a distro config (see skbSmallHeadCacheBytes).
 */
import { has, kernelOf, type KernelRef } from './kernel-of.ts';

export type ArchName = 'x86_64' | 'arm64';
export const ARCH_NAMES: readonly ArchName[] = ['x86_64', 'arm64'];

export interface ArchProfile {
  readonly name: ArchName;
  readonly version: KernelRef;
  /** PAGE_SIZE. */
  readonly pageSizeBytes: number;
  /** PAGE_SHIFT. */
  readonly pageShift: number;
  /** L1_CACHE_BYTES = SMP_CACHE_BYTES. */
  readonly l1CacheBytes: number;
  /** The running CPU's cache_line_size() (models/kernel/cpu-models.ts). */
  readonly cpuCacheLineBytes: number;
  /** dma_get_cache_alignment(): 1 on x86_64; on arm64 ARCH_DMA_MINALIGN (128) before v6.5, cache_line_size() from v6.5. */
  readonly dmaAlignBytes: number;
  /** NET_SKB_PAD = max(32, L1_CACHE_BYTES). */
  readonly netSkbPadBytes: number;
  /** MAX_SKB_FRAGS for this version and page size (or CONFIG_MAX_SKB_FRAGS from v6.4). */
  readonly maxSkbFrags: number;
  /** sizeof(struct skb_shared_info) on 64-bit: 48 + 16 * MAX_SKB_FRAGS. */
  readonly shinfoSizeBytes: number;
  /** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)). */
  readonly shinfoAlignedBytes: number;
  /** sizeof(struct sk_buff) (assumed, see header). */
  readonly skbStructBytes: number;
  /** SKB_DATA_ALIGN(sizeof(struct sk_buff)). */
  readonly skbStructAlignedBytes: number;
  /** ARCH_KMALLOC_MINALIGN: the smallest kmalloc alignment (arm64 before 6.5: 128). */
  readonly kmallocMinAlignBytes: number;
  /** KMALLOC_MAX_CACHE_SIZE (SLUB): 2 * PAGE_SIZE; larger kmallocs go to the page allocator. */
  readonly kmallocMaxCacheBytes: number;
  /** SKB_SMALL_HEAD_CACHE_SIZE (v6.3+), 0 before v6.3. */
  readonly skbSmallHeadCacheBytes: number;
  /** MAX_PAGE_ORDER (MAX_ORDER - 1 in older kernels). */
  readonly maxPageOrder: number;
}

const VALID_PAGE_SIZES: Record<ArchName, readonly number[]> = {
  x86_64: [4096],
  arm64: [4096, 16384, 65536],
};

/** Rounds x up to a multiple of a (a > 0, not necessarily a power of two). */
export function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/** Mirrors SKB_DATA_ALIGN(), include/linux/skbuff.h (v5.15, v6.x). */
export function skbDataAlign(arch: ArchProfile, x: number): number {
  return alignUp(x, arch.l1CacheBytes);
}

/** Mirrors L1_CACHE_ALIGN(), include/linux/cache.h (v5.15, v6.x). */
export function l1CacheAlign(arch: ArchProfile, x: number): number {
  return alignUp(x, arch.l1CacheBytes);
}

/** Mirrors SKB_TRUESIZE(), include/linux/skbuff.h (v5.15, v6.x). */
export function skbTruesize(arch: ArchProfile, x: number): number {
  return x + arch.skbStructAlignedBytes + arch.shinfoAlignedBytes;
}

/** Mirrors get_order(), include/asm-generic/getorder.h (v5.15, v6.x): smallest order with PAGE_SIZE << order >= size. */
export function getOrder(arch: ArchProfile, sizeBytes: number): number {
  let order = 0;
  while (arch.pageSizeBytes * 2 ** order < sizeBytes) order++;
  return order;
}

/**
 * Mirrors MAX_SKB_FRAGS, include/linux/skbuff.h: up to v6.3 max(16, 65536 / PAGE_SIZE + 1);
 * from v6.4 CONFIG_MAX_SKB_FRAGS (default 17, range 17..45) independent of the page size.
 */
export function maxSkbFragsFor(version: KernelRef, pageSizeBytes: number, configMaxSkbFrags = 17): number {
  if (has(kernelOf(version), 'max-skb-frags-config')) {
    if (!(Number.isInteger(configMaxSkbFrags) && configMaxSkbFrags >= 17 && configMaxSkbFrags <= 45)) {
      throw new RangeError(`maxSkbFragsFor: CONFIG_MAX_SKB_FRAGS must be an integer in 17..45, found ${configMaxSkbFrags}`);
    }
    return configMaxSkbFrags;
  }
  return Math.max(16, 65536 / pageSizeBytes + 1);
}

export interface ArchOptions {
  /** CONFIG_MAX_SKB_FRAGS (v6.4+ only; default 17). */
  maxSkbFrags?: number;
  /** The running CPU's cache_line_size() in bytes, a power of two in 16..2048 (default 64). */
  cpuCacheLineBytes?: number;
}

/** ARCH_DMA_MINALIGN on arm64, arch/arm64/include/asm/cache.h (v5.x, v6.x). */
const ARM64_ARCH_DMA_MINALIGN = 128;

/**
 * Mirrors dma_get_cache_alignment(), include/linux/dma-mapping.h and arch/arm64/include/asm/cache.h:
 * ARCH_DMA_MINALIGN where the arch defines it (arm64 128, x86_64 none: 1); on arm64 from v6.5
 * (9382bc44b5f5) cache_line_size(), the CPU's line.
 */
export function dmaCacheAlignment(name: ArchName, version: KernelRef, cpuCacheLineBytes: number): number {
  if (name !== 'arm64') return 1;
  return has(kernelOf(version), 'arm64-kmalloc-cache-line-align') ? cpuCacheLineBytes : ARM64_ARCH_DMA_MINALIGN;
}

/** Builds the profile for one machine; throws RangeError naming the bad value. */
export function archProfile(name: ArchName, pageSizeBytes: number, version: KernelRef, options: ArchOptions = {}): ArchProfile {
  const sizes = VALID_PAGE_SIZES[name];
  if (sizes === undefined) throw new RangeError(`archProfile: unknown arch '${String(name)}', expected one of ${ARCH_NAMES.join(', ')}`);
  if (!sizes.includes(pageSizeBytes)) {
    throw new RangeError(`archProfile: ${name} supports page sizes ${sizes.join(', ')}, found ${pageSizeBytes}`);
  }
  if (options.maxSkbFrags !== undefined && !has(kernelOf(version), 'max-skb-frags-config')) {
    throw new RangeError(`archProfile: CONFIG_MAX_SKB_FRAGS exists from v6.4, kernel ${kernelOf(version).spec} derives MAX_SKB_FRAGS from the page size`);
  }
  const l1CacheBytes = 64;
  const cpuCacheLineBytes = options.cpuCacheLineBytes ?? 64;
  if (!(Number.isInteger(cpuCacheLineBytes) && cpuCacheLineBytes >= 16 && cpuCacheLineBytes <= 2048 && (cpuCacheLineBytes & (cpuCacheLineBytes - 1)) === 0)) {
    throw new RangeError(`archProfile: the CPU cache line must be a power of two in 16..2048 bytes, found ${cpuCacheLineBytes}`);
  }
  const maxSkbFrags = maxSkbFragsFor(version, pageSizeBytes, options.maxSkbFrags);
  const shinfoSizeBytes = 48 + 16 * maxSkbFrags;
  const skbStructBytes = 224;
  const netSkbPadBytes = Math.max(32, l1CacheBytes);
  // SKB_SMALL_HEAD_SIZE = SKB_HEAD_ALIGN(MAX_TCP_HEADER), MAX_TCP_HEADER = L1_CACHE_ALIGN(128 + MAX_HEADER),
  // MAX_HEADER = LL_MAX_HEADER (128 with CONFIG_HYPERV_NET or mac80211 mesh) + 48 (tunnels): 320 + 320 = 640.
  // A power of two would get + L1_CACHE_BYTES to stay distinct from kmalloc caches; 640 is not one.
  const maxTcpHeader = alignUp(128 + 128 + 48, l1CacheBytes);
  const smallHead = alignUp(maxTcpHeader, l1CacheBytes) + alignUp(shinfoSizeBytes, l1CacheBytes);
  const smallHeadCache = (smallHead & (smallHead - 1)) === 0 ? smallHead + l1CacheBytes : smallHead;
  return Object.freeze({
    name,
    version,
    pageSizeBytes,
    pageShift: Math.log2(pageSizeBytes),
    l1CacheBytes,
    cpuCacheLineBytes,
    dmaAlignBytes: dmaCacheAlignment(name, version, cpuCacheLineBytes),
    netSkbPadBytes,
    maxSkbFrags,
    shinfoSizeBytes,
    shinfoAlignedBytes: alignUp(shinfoSizeBytes, l1CacheBytes),
    skbStructBytes,
    skbStructAlignedBytes: alignUp(skbStructBytes, l1CacheBytes),
    kmallocMinAlignBytes: name === 'arm64' && !has(kernelOf(version), 'arm64-kmalloc-cache-line-align') ? ARM64_ARCH_DMA_MINALIGN : 8,
    kmallocMaxCacheBytes: 2 * pageSizeBytes,
    skbSmallHeadCacheBytes: has(kernelOf(version), 'skb-small-head-cache') ? smallHeadCache : 0,
    // ARCH_FORCE_MAX_ORDER on arm64: 13 for 64K pages, 11 for 16K; the generic default is 10.
    maxPageOrder: pageSizeBytes === 65536 ? 13 : pageSizeBytes === 16384 ? 11 : 10,
  });
}
