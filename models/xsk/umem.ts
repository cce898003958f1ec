/**
 * UMEM registration (`XDP_UMEM_REG`) and the per-page reference counts of the pinned UMEM.
 *
 * Modelled: the registration checks of xdp_umem_reg() (chunk size range and power of two in
 * aligned mode, length multiple of the chunk size, headroom bound, page-aligned start, unknown
 * flags), the page array `umem->pgs` with one pin reference per page (FOLL_LONGTERM), and the
 * get_page()/put_page() the zero-copy skb build takes on UMEM pages.
 * Simplified: RLIMIT_MEMLOCK accounting, the vmap and the u32 overflow checks (a simulated
 * UMEM never approaches 2^32 chunks) are not modelled; addresses are offsets into the UMEM.
 */
import { violate, type SimClock } from '../../engine/index.ts';
import { EINVAL } from '../kernel/errno.ts';
import { XDP_PACKET_HEADROOM_BYTES, XDP_UMEM_MIN_CHUNK_SIZE_BYTES } from './constants.ts';

export interface UmemRegistration {
  /** `mr->addr`: user address of the area; must be page aligned. */
  startAddr: number;
  /** `mr->len`: size of the area in bytes. */
  sizeBytes: number;
  /** `mr->chunk_size`. */
  chunkSizeBytes: number;
  /** `mr->headroom`. */
  headroomBytes: number;
  /** `XDP_UMEM_UNALIGNED_CHUNK_FLAG`. */
  unaligned: boolean;
  /** Any other flag bits set (unknown flags are rejected). */
  unknownFlags?: number;
}

export interface Umem {
  readonly sizeBytes: number;
  readonly chunkSizeBytes: number;
  readonly headroomBytes: number;
  readonly unaligned: boolean;
  readonly pageSizeBytes: number;
  readonly pageShift: number;
  /** `umem->npgs`. */
  readonly pageCount: number;
  /** `umem->chunks`. */
  readonly chunkCount: number;
  /** `pool->frame_len` for RX: chunk_size − headroom − XDP_PACKET_HEADROOM. */
  readonly rxFrameLenBytes: number;
  /** page_ref_count() of each UMEM page; 1 is the pin taken at registration. */
  readonly pageRefs: Int32Array;
}

export type UmemRegResult = { ok: true; umem: Umem } | { ok: false; errno: number; reason: string };

function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isSafeInteger(n) && (n & (n - 1)) === 0;
}

// Mirrors xdp_umem_reg(), net/xdp/xdp_umem.c (v6.x).
export function xdpUmemReg(reg: UmemRegistration, pageSizeBytes: number): UmemRegResult {
  const { chunkSizeBytes: chunk, sizeBytes: len, headroomBytes: headroom } = reg;
  const fail = (reason: string): UmemRegResult => ({ ok: false, errno: -EINVAL, reason });
  if (reg.unknownFlags !== undefined && reg.unknownFlags !== 0) return fail(`unknown flags 0x${reg.unknownFlags.toString(16)}`);
  if (chunk < XDP_UMEM_MIN_CHUNK_SIZE_BYTES || chunk > pageSizeBytes) {
    return fail(`chunk_size ${chunk} outside [${XDP_UMEM_MIN_CHUNK_SIZE_BYTES}, PAGE_SIZE ${pageSizeBytes}]`);
  }
  if (!reg.unaligned && !isPowerOfTwo(chunk)) return fail(`chunk_size ${chunk} is not a power of two in aligned mode`);
  if (reg.startAddr % pageSizeBytes !== 0) return fail(`start address ${reg.startAddr} is not page aligned`);
  if (!(Number.isSafeInteger(len) && len > 0)) return fail(`len ${len} is not a positive integer`);
  const chunks = Math.floor(len / chunk);
  if (chunks === 0) return fail(`len ${len} holds no chunk of ${chunk} bytes`);
  if (!reg.unaligned && len % chunk !== 0) return fail(`len ${len} is not a multiple of chunk_size ${chunk} in aligned mode`);
  if (headroom >= chunk - XDP_PACKET_HEADROOM_BYTES) {
    return fail(`headroom ${headroom} must be < chunk_size - XDP_PACKET_HEADROOM = ${chunk - XDP_PACKET_HEADROOM_BYTES}`);
  }
  const pageCount = Math.ceil(len / pageSizeBytes);
  const pageRefs = new Int32Array(pageCount).fill(1);
  return {
    ok: true,
    umem: {
      sizeBytes: len,
      chunkSizeBytes: chunk,
      headroomBytes: headroom,
      unaligned: reg.unaligned,
      pageSizeBytes,
      pageShift: Math.log2(pageSizeBytes),
      pageCount,
      chunkCount: chunks,
      rxFrameLenBytes: chunk - headroom - XDP_PACKET_HEADROOM_BYTES,
      pageRefs,
    },
  };
}

/** Registers or throws a RangeError naming the rule (for scenario builders). */
export function registerUmemOrThrow(reg: UmemRegistration, pageSizeBytes: number): Umem {
  const r = xdpUmemReg(reg, pageSizeBytes);
  if (!r.ok) throw new RangeError(`XDP_UMEM_REG: ${r.reason} (errno ${r.errno})`);
  return r.umem;
}

/**
 * Asserts that the bytes [offsetBytes, offsetBytes + lenBytes) an skb build reads (copy) or
 * references (zero-copy frags) lie in the UMEM's pinned pages. Descriptor validation keeps it
 * so on kernels with the UMEM-end checks (2f99619820c2, d769ccaf957f); without them an
 * unaligned descriptor may run past the last page, where the kernel reads memory the UMEM does
 * not own. The model reports that as a violation instead of indexing a page that does not exist.
 */
// Mirrors the reads of xsk_buff_raw_get_data() + len in xsk_build_skb() / xsk_build_skb_zerocopy(), net/xdp/xsk.c (v5.12).
export function umemCheckRead(clock: SimClock, umem: Umem, offsetBytes: number, lenBytes: number, kernelFn: string): void {
  const pinnedBytes = umem.pageCount * umem.pageSizeBytes;
  if (offsetBytes < 0 || offsetBytes + lenBytes > pinnedBytes) {
    violate(clock, kernelFn, 'umem-read-in-range',
      `descriptor data [${offsetBytes}, ${offsetBytes + lenBytes}) runs past the ${umem.pageCount} pinned UMEM pages (${pinnedBytes} bytes, UMEM size ${umem.sizeBytes}): validation let through a descriptor that ends past the UMEM`,
      { offsetBytes, lenBytes, umemSizeBytes: umem.sizeBytes, pinnedBytes });
  }
}

// Mirrors get_page() on a UMEM page in xsk_build_skb_zerocopy(), net/xdp/xsk.c (v5.12).
export function umemPageGet(clock: SimClock, umem: Umem, page: number): void {
  if (!(page >= 0 && page < umem.pageCount)) violate(clock, 'get_page', 'umem-page-in-range', `UMEM page index ${page} outside the ${umem.pageCount} pinned pages`);
  if (umem.pageRefs[page] <= 0) violate(clock, 'get_page', 'umem-page-pinned', `UMEM page ${page} has refcount ${umem.pageRefs[page]} before get_page`);
  umem.pageRefs[page]++;
}

// Mirrors put_page() of a UMEM frag in skb_release_data(), net/core/skbuff.c (v5.12).
export function umemPagePut(clock: SimClock, umem: Umem, page: number): void {
  if (umem.pageRefs[page] <= 1) violate(clock, 'put_page', 'umem-page-pinned', `UMEM page ${page} would drop below its pin (refcount ${umem.pageRefs[page]})`);
  umem.pageRefs[page]--;
}

/** Pages whose refcount is not back to the pin baseline of 1 (leak check after drain). */
export function umemPagesOffBaseline(umem: Umem): number {
  let n = 0;
  for (let i = 0; i < umem.pageCount; i++) if (umem.pageRefs[i] !== 1) n++;
  return n;
}
