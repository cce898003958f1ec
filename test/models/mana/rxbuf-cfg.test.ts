import test from 'ava';
import {
  MANA_RX_VARIANTS,
  manaMaxMtu,
  manaRxBufCfg,
  manaRxbufPad,
  manaXdpMtuMax,
  ringPagesFormula,
  rxGeometryOf,
  type RxGeometry,
} from '../../../models/mana/rxbuf-cfg.ts';
import { ETH_MIN_MTU } from '../../../models/mana/constants.ts';
import { manaDriverOf, type ManaRxVariant } from '../../../models/mana/driver.ts';
import { archProfile } from '../../../models/kernel/arch.ts';
import { PP_FLAG_DMA_MAP, PP_FLAG_DMA_SYNC_DEV, PP_FLAG_PAGE_FRAG } from '../../../models/kernel/page-pool.ts';
import type { KernelRef } from '../../../models/kernel/kernel-of.ts';

/** The driver of an alias on a kernel (today's defaults: the 6.x class, the Ubuntu aliases on 5.15). */
const drv = (variant: ManaRxVariant, kernel: KernelRef = variant.startsWith('ubuntu') ? '5.15' : '6.x') => manaDriverOf(kernel, variant);

const X86_4K: RxGeometry = { pageSizeBytes: 4096, smpCacheBytes: 64, shinfoSizeBytes: 320, dmaCacheAlignmentBytes: 1 };
const ARM_4K: RxGeometry = { pageSizeBytes: 4096, smpCacheBytes: 64, shinfoSizeBytes: 320, dmaCacheAlignmentBytes: 128 };
const ARM_16K: RxGeometry = { ...ARM_4K, pageSizeBytes: 16384, shinfoSizeBytes: 304 };
const ARM_64K: RxGeometry = { ...ARM_4K, pageSizeBytes: 65536, shinfoSizeBytes: 304 };
const ARM_64K_45FRAGS: RxGeometry = { ...ARM_64K, shinfoSizeBytes: 768 };
const X86_4K_45FRAGS: RxGeometry = { ...X86_4K, shinfoSizeBytes: 768 };

const up = (geometry: RxGeometry, mtu: number, xdpAttached = false) => manaRxBufCfg({ driver: drv('upstream-6x'), geometry, mtu, xdpAttached, rxQueueSize: 1024 });

test('MANA_RXBUF_PAD and MANA_XDP_MTU_MAX match the fact sheet (334; 3506 / 15794 / 64946)', (t) => {
  t.is(manaRxbufPad(X86_4K), 334);
  t.is(manaRxbufPad(ARM_64K), 334);
  t.is(manaXdpMtuMax(X86_4K), 3506);
  t.is(manaXdpMtuMax(ARM_16K), 15794);
  t.is(manaXdpMtuMax(ARM_64K), 64946);
  t.is(manaMaxMtu(X86_4K, 9014, false), 9000);
  t.is(manaMaxMtu(X86_4K, 9014, true), 3506);
});

// The fact sheet's worked-numbers table, one row per case.
const table: Array<[string, RxGeometry, number, boolean, Record<string, number>]> = [
  ['MTU 1500 4K x86_64', X86_4K, 1500, false, { headroom: 0, alloc: 1856, frag: 2, order: 0, pool: 513, stride: 1856, actual: 2, tail: 384 }],
  ['MTU 1500 4K arm64', ARM_4K, 1500, false, { headroom: 0, alloc: 1856, frag: 2, order: 0, pool: 513, stride: 1920, actual: 2, tail: 256 }],
  ['MTU 1500 16K arm64', ARM_16K, 1500, false, { headroom: 0, alloc: 1856, frag: 8, order: 0, pool: 129, stride: 1920, actual: 8, tail: 1024 }],
  ['MTU 1500 64K arm64', ARM_64K, 1500, false, { headroom: 0, alloc: 1856, frag: 35, order: 0, pool: 30, stride: 1920, actual: 34, tail: 256 }],
  ['MTU 9000 4K', X86_4K, 9000, false, { headroom: 0, alloc: 9344, frag: 1, order: 2, pool: 1025, stride: 16384, actual: 1, tail: 0 }],
  ['MTU 9000 64K arm64', ARM_64K, 9000, false, { headroom: 0, alloc: 9344, frag: 7, order: 0, pool: 147, stride: 9344, actual: 7, tail: 128 }],
  ['MTU 1500 4K XDP', X86_4K, 1500, true, { headroom: 256, alloc: 4096, frag: 1, order: 0, pool: 1025, stride: 4096, actual: 1, tail: 0 }],
  ['MTU 3506 4K XDP', X86_4K, 3506, true, { headroom: 256, alloc: 4096, frag: 1, order: 0, pool: 1025, stride: 4096, actual: 1, tail: 0 }],
  ['MTU 1500 64K XDP', ARM_64K, 1500, true, { headroom: 256, alloc: 65536, frag: 1, order: 0, pool: 1025, stride: 65536, actual: 1, tail: 0 }],
  ['MTU 1500 45 frags 4K', X86_4K_45FRAGS, 1500, false, { headroom: 0, alloc: 2304, frag: 1, order: 0, pool: 1025, stride: 4096, actual: 1, tail: 0 }],
  ['MTU 1500 45 frags 64K', ARM_64K_45FRAGS, 1500, false, { headroom: 0, alloc: 2304, frag: 28, order: 0, pool: 37, stride: 2304, actual: 28, tail: 1024 }],
];

for (const [name, geometry, mtu, xdp, e] of table) {
  test(`upstream 6.x: ${name}`, (t) => {
    const c = up(geometry, mtu, xdp);
    t.deepEqual(
      { headroom: c.headroomBytes, alloc: c.allocSizeBytes, frag: c.fragCount, order: c.pool.order, pool: c.pool.poolSize, stride: c.strideBytes, actual: c.actualBuffersPerPage, tail: c.tailWasteBytes },
      e,
    );
    t.is(c.datasizeBytes, mtu + 14);
  });
}

test('pre-730ff06d: a full page per buffer with XDP headroom, pool_size = rx_queue_size', (t) => {
  for (const g of [X86_4K, ARM_64K]) {
    const c = manaRxBufCfg({ driver: drv('pre-730ff06d'), geometry: g, mtu: 1500, xdpAttached: false, rxQueueSize: 1024 });
    t.is(c.headroomBytes, 256);
    t.is(c.allocSizeBytes, g.pageSizeBytes);
    t.is(c.fragCount, 1);
    t.is(c.pool.poolSize, 1024);
    t.is(c.pool.flags, 0);
    t.is(c.actualBuffersPerPage, 1);
  }
  // Jumbo beyond MANA_XDP_MTU_MAX: no headroom, alloc = SKB_DATA_ALIGN(9000 + 334) = 9344, order 2.
  const j = manaRxBufCfg({ driver: drv('pre-730ff06d'), geometry: X86_4K, mtu: 9000, xdpAttached: false, rxQueueSize: 1024 });
  t.deepEqual([j.headroomBytes, j.allocSizeBytes, j.pool.order, j.pool.poolSize], [0, 9344, 2, 1024]);
  // 64K pages, MTU 9000: still under MANA_XDP_MTU_MAX, so headroom 256 and alloc = PAGE_SIZE.
  const j64 = manaRxBufCfg({ driver: drv('pre-730ff06d'), geometry: ARM_64K, mtu: 9000, xdpAttached: false, rxQueueSize: 1024 });
  t.deepEqual([j64.headroomBytes, j64.allocSizeBytes, j64.pool.order], [256, 65536, 0]);
});

test('pool flags per variant: upstream DMA_MAP|SYNC_DEV + queue_idx, 5.15 adds PAGE_FRAG, the broken backport lacks it', (t) => {
  const f = (variant: (typeof MANA_RX_VARIANTS)[number]) =>
    manaRxBufCfg({ driver: drv(variant), geometry: ARM_64K, mtu: 1500, xdpAttached: false, rxQueueSize: 1024 }).pool;
  t.deepEqual(f('upstream-6x'), { poolSize: 30, order: 0, flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV, maxLenBytes: 65536, dmaDir: 'from-device', queueIdxSet: true });
  t.deepEqual(f('ubuntu-5.15'), { poolSize: 30, order: 0, flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | PP_FLAG_PAGE_FRAG, maxLenBytes: 65536, dmaDir: 'from-device', queueIdxSet: false });
  t.deepEqual(f('ubuntu-5.15-no-page-frag'), { poolSize: 30, order: 0, flags: PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV, maxLenBytes: 65536, dmaDir: 'from-device', queueIdxSet: false });
  // Full-page mode leaves the flags at 0 in every variant: the driver maps each buffer itself.
  const x = manaRxBufCfg({ driver: drv('ubuntu-5.15'), geometry: X86_4K, mtu: 1500, xdpAttached: true, rxQueueSize: 1024 }).pool;
  t.deepEqual([x.flags, x.dmaDir, x.poolSize], [0, 'unset', 1025]);
});

test('ring size enters pool_size: rx_queue_size / frag_count + 1', (t) => {
  for (const rxQueueSize of [128, 256, 512, 2048, 8192]) {
    const c = manaRxBufCfg({ driver: drv('upstream-6x'), geometry: ARM_64K, mtu: 1500, xdpAttached: false, rxQueueSize });
    t.is(c.pool.poolSize, Math.floor(rxQueueSize / 35) + 1);
  }
  t.deepEqual(ringPagesFormula(up(ARM_64K, 1500), 1024), { actual: 31, driver: 30 });
});

test('fragment path boundary is mtu + 334 <= PAGE_SIZE / 2 (1714 / 7858 / 32434)', (t) => {
  for (const [g, last] of [[X86_4K, 1714], [ARM_16K, 7858], [ARM_64K, 32434]] as const) {
    t.true(up(g, last).fragCount > 1, `page ${g.pageSizeBytes} mtu ${last}`);
    t.is(up(g, last + 1).fragCount, 1);
  }
});

test('every MTU from 68 to max, every page size, XDP on/off, every variant: buffers fit and counts agree', (t) => {
  let cases = 0;
  for (const g of [X86_4K, ARM_4K, ARM_16K, ARM_64K, ARM_64K_45FRAGS]) {
    for (const variant of MANA_RX_VARIANTS) {
      for (const xdp of [false, true]) {
        const max = manaMaxMtu(g, 65536, xdp);
        for (let mtu = ETH_MIN_MTU; mtu <= max; mtu++) {
          const c = manaRxBufCfg({ driver: drv(variant), geometry: g, mtu, xdpAttached: xdp, rxQueueSize: 1024 });
          cases++;
          const shinfo = Math.ceil(g.shinfoSizeBytes / 64) * 64;
          // The skb built around the buffer needs headroom + data + aligned shinfo inside alloc_size.
          if (c.headroomBytes + c.datasizeBytes + shinfo > c.allocSizeBytes) return t.fail(`${variant} ${g.pageSizeBytes} mtu ${mtu} xdp ${xdp}: buffer too small`);
          if (c.fragCount * c.allocSizeBytes > g.pageSizeBytes && c.fragCount > 1) return t.fail(`frag_count overflows page at mtu ${mtu}`);
          if (c.actualBuffersPerPage > c.fragCount || c.actualBuffersPerPage < 1) return t.fail(`actual ${c.actualBuffersPerPage} vs driver ${c.fragCount} at mtu ${mtu}`);
          if (c.actualBuffersPerPage * c.strideBytes > c.poolPageBytes) return t.fail(`carve overflows at mtu ${mtu}`);
          // get_order(): the smallest order whose pool page holds alloc_size.
          const holds = (order: number) => g.pageSizeBytes * 2 ** order >= c.allocSizeBytes;
          if (!(holds(c.pool.order) && (c.pool.order === 0 || !holds(c.pool.order - 1)))) return t.fail(`order at mtu ${mtu}`);
          if ((c.pool.poolSize - (variant === 'pre-730ff06d' ? 0 : 1)) * c.fragCount > 1024) return t.fail(`pool_size ${c.pool.poolSize} at mtu ${mtu}`);
          if (variant !== 'pre-730ff06d' && xdp && (c.headroomBytes !== 256 || c.fragCount !== 1)) return t.fail(`xdp must be a full page at mtu ${mtu}`);
          if (g.dmaCacheAlignmentBytes === 1 && c.fragCount > 1 && c.actualBuffersPerPage !== c.fragCount) return t.fail('x86 carve must equal frag_count');
        }
      }
    }
  }
  t.true(cases > 400000, `${cases} cases`);
});

test('MTU outside the driver bounds is an input error naming the bound', (t) => {
  t.throws(() => up(X86_4K, 67), { message: /mtu 67 outside 68\.\.65535/ });
  t.throws(() => up(X86_4K, 65536), { message: /mtu 65536 outside 68\.\.65535/ });
  t.throws(() => up(X86_4K, 3507, true), { message: /outside 68\.\.3506/ });
});

test('geometry from the kernel arch profiles: arm64 64K carves 34 on 5.15 (ARCH_DMA_MINALIGN 128), 35 on 6.x with a 64-byte line; x86_64 gives 2 / 2', (t) => {
  const a = manaRxBufCfg({ driver: drv('upstream-6x'), geometry: rxGeometryOf(archProfile('arm64', 65536, '6.x')), mtu: 1500, xdpAttached: false, rxQueueSize: 1024 });
  t.deepEqual([a.fragCount, a.actualBuffersPerPage, a.strideBytes, a.pool.poolSize], [35, 35, 1856, 30]);
  const u = manaRxBufCfg({ driver: drv('ubuntu-5.15'), geometry: rxGeometryOf(archProfile('arm64', 65536, '5.15')), mtu: 1500, xdpAttached: false, rxQueueSize: 1024 });
  t.deepEqual([u.fragCount, u.actualBuffersPerPage, u.strideBytes, u.pool.poolSize], [35, 34, 1920, 30]);
  const x = manaRxBufCfg({ driver: drv('ubuntu-5.15'), geometry: rxGeometryOf(archProfile('x86_64', 4096, '5.15')), mtu: 1500, xdpAttached: false, rxQueueSize: 1024 });
  t.deepEqual([x.fragCount, x.actualBuffersPerPage, x.allocSizeBytes, x.pool.poolSize], [2, 2, 1856, 513]);
  // CONFIG_MAX_SKB_FRAGS=45 (6.4+): pad 782, 4K pages fall back to one buffer per page.
  const big = manaRxBufCfg({ driver: drv('upstream-6x'), geometry: rxGeometryOf(archProfile('x86_64', 4096, '6.x', { maxSkbFrags: 45 })), mtu: 1500, xdpAttached: false, rxQueueSize: 1024 });
  t.deepEqual([big.rxbufPadBytes, big.fragCount], [782, 1]);
});

test('row 9: before fa37a8849634 the pool has no order and buffers over a page are page_frag fragments (6.6); from it, pool pages of get_order(alloc_size)', (t) => {
  const cfg = (kernel: KernelRef, g: RxGeometry, mtu: number) => manaRxBufCfg({ driver: manaDriverOf(kernel), geometry: g, mtu, xdpAttached: false, rxQueueSize: 1024 });
  const old = cfg('6.6', X86_4K, 9000);
  t.deepEqual([old.allocSizeBytes, old.pool.order, old.pageFragBuffers, old.pageFragStrideBytes, old.pool.poolSize], [9344, 0, true, 9344, 1024]);
  const fixed = cfg('6.15', X86_4K, 9000);
  t.deepEqual([fixed.allocSizeBytes, fixed.pool.order, fixed.pageFragBuffers, fixed.pageFragStrideBytes], [9344, 2, false, 0]);
  // A buffer that fits a page is a pool page on both: MTU 3506 on 4K (alloc exactly 4096), MTU 9000 on 64K.
  for (const [g, mtu] of [[X86_4K, 3506], [ARM_64K, 9000]] as const) {
    t.false(cfg('6.6', g, mtu).pageFragBuffers, `page ${g.pageSizeBytes} mtu ${mtu}`);
    t.is(cfg('6.6', g, mtu).pool.order, 0);
  }
  // The boundary on 4K pages: SKB_DATA_ALIGN(mtu + 334) > 4096 from MTU 3763 on.
  t.false(cfg('6.6', X86_4K, 3762).pageFragBuffers);
  t.true(cfg('6.6', X86_4K, 3763).pageFragBuffers);
  // 730ff06d applied to a kernel without fa37a8849634: jumbo (frag_count 1) buffers over a page are page_frag too.
  const patched = cfg({ base: '6.6.30', with: ['mana-rx-page-pool-frags'] }, X86_4K, 9000);
  t.deepEqual([patched.fragCount, patched.pageFragBuffers, patched.pool.order], [1, true, 0]);
  t.is(cfg({ base: '6.6.30', with: ['mana-rx-page-pool-frags'] }, ARM_64K, 1500).pool.flags, PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV | PP_FLAG_PAGE_FRAG);
});
