import test from 'ava';
import { archProfile, skbDataAlign, skbTruesize, getOrder, maxSkbFragsFor, alignUp } from '../../../models/kernel/arch.ts';
import { errnoName, EINVAL } from '../../../models/kernel/errno.ts';

test('x86_64 4K: cache line 64, DMA alignment 1, NET_SKB_PAD 64, 17 frags, shinfo 320', (t) => {
  const a = archProfile('x86_64', 4096, '5.15');
  t.is(a.l1CacheBytes, 64);
  t.is(a.dmaAlignBytes, 1);
  t.is(a.netSkbPadBytes, 64);
  t.is(a.maxSkbFrags, 17);
  t.is(a.shinfoSizeBytes, 320);
  t.is(a.shinfoAlignedBytes, 320);
  t.is(a.skbStructAlignedBytes, 256);
  t.is(a.pageShift, 12);
});

test('arm64 16K and 64K before v6.4: MAX_SKB_FRAGS 16, shinfo 304 aligned to 320, DMA alignment 128', (t) => {
  for (const page of [16384, 65536]) {
    const a = archProfile('arm64', page, '5.15');
    t.is(a.maxSkbFrags, 16);
    t.is(a.shinfoSizeBytes, 304);
    t.is(a.shinfoAlignedBytes, 320);
    t.is(a.dmaAlignBytes, 128);
  }
  t.is(archProfile('arm64', 4096, '5.15').maxSkbFrags, 17);
});

test('v6.4+ MAX_SKB_FRAGS is CONFIG_MAX_SKB_FRAGS (17 by default) on every page size', (t) => {
  t.is(archProfile('arm64', 65536, '6.6').maxSkbFrags, 17);
  const big = archProfile('x86_64', 4096, '6.x', { maxSkbFrags: 45 });
  t.is(big.shinfoSizeBytes, 768);
  t.throws(() => maxSkbFragsFor('6.x', 4096, 16), { instanceOf: RangeError });
  t.throws(() => archProfile('x86_64', 4096, '5.15', { maxSkbFrags: 17 }), { instanceOf: RangeError });
});

test('SKB_TRUESIZE(256) * 256 is the default wmem 212992', (t) => {
  const a = archProfile('x86_64', 4096, '6.x');
  t.is(skbTruesize(a, 256) * 256, 212992);
  t.is(skbDataAlign(a, 1578), 1600);
});

test('small-head cache is 640 bytes from v6.3, absent before', (t) => {
  t.is(archProfile('x86_64', 4096, '6.x').skbSmallHeadCacheBytes, 640);
  t.is(archProfile('x86_64', 4096, '5.19').skbSmallHeadCacheBytes, 0);
});

test('bad arch or page size is a RangeError naming the value', (t) => {
  t.throws(() => archProfile('x86_64', 16384, '6.x'), { message: /16384/ });
  t.throws(() => archProfile('arm64', 8192, '6.x'), { message: /8192/ });
});

test('get_order and alignUp', (t) => {
  const a = archProfile('x86_64', 4096, '6.x');
  t.is(getOrder(a, 1), 0);
  t.is(getOrder(a, 4096), 0);
  t.is(getOrder(a, 4097), 1);
  t.is(getOrder(a, 9000), 2);
  t.is(alignUp(1856, 128), 1920);
  t.is(errnoName(-EINVAL), '-EINVAL');
});
