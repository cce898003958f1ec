import test from 'ava';
import { xdpUmemReg, umemPageGet, umemPagePut, umemPagesOffBaseline } from '../../../models/xsk/umem.ts';
import { DETACHED_CLOCK, Violation } from '../../../engine/index.ts';

const reg = (o: Partial<Parameters<typeof xdpUmemReg>[0]>, page = 4096) =>
  xdpUmemReg({ startAddr: 0, sizeBytes: 4096 * 16, chunkSizeBytes: 2048, headroomBytes: 0, unaligned: false, ...o }, page);

test('aligned chunk sizes on 4K pages are 2048 and 4096 only', (t) => {
  t.true(reg({ chunkSizeBytes: 2048 }).ok);
  t.true(reg({ chunkSizeBytes: 4096 }).ok);
  t.false(reg({ chunkSizeBytes: 1024 }).ok);
  t.false(reg({ chunkSizeBytes: 8192 }).ok);
  const r = reg({ chunkSizeBytes: 3072 });
  t.false(r.ok);
  if (!r.ok) {
    t.is(r.errno, -22);
    t.regex(r.reason, /power of two/);
  }
});

test('unaligned mode accepts any chunk size between 2048 and PAGE_SIZE and any length', (t) => {
  t.true(reg({ chunkSizeBytes: 3000, unaligned: true, sizeBytes: 3000 * 10 + 17 }).ok);
  t.false(reg({ chunkSizeBytes: 2047, unaligned: true }).ok);
  t.true(reg({ chunkSizeBytes: 65536, unaligned: true, sizeBytes: 65536 * 2 }, 65536).ok);
});

test('aligned mode needs len to be a multiple of chunk_size and at least one chunk', (t) => {
  t.false(reg({ sizeBytes: 4096 * 16 + 2048 + 1 }).ok);
  t.false(reg({ sizeBytes: 1024, unaligned: true }).ok);
});

test('headroom must be below chunk_size - XDP_PACKET_HEADROOM', (t) => {
  t.true(reg({ headroomBytes: 2048 - 257 }).ok);
  t.false(reg({ headroomBytes: 2048 - 256 }).ok);
  const r = reg({ headroomBytes: 256, chunkSizeBytes: 4096 });
  t.true(r.ok);
  if (r.ok) t.is(r.umem.rxFrameLenBytes, 4096 - 256 - 256);
});

test('start address must be page aligned and unknown flags are rejected', (t) => {
  t.false(reg({ startAddr: 2048 }).ok);
  t.false(reg({ unknownFlags: 0x8 }).ok);
});

test('pages start pinned once; get/put move around the pin and never below it', (t) => {
  const r = reg({});
  if (!r.ok) return t.fail();
  const u = r.umem;
  t.is(u.pageCount, 16);
  t.is(u.chunkCount, 32);
  umemPageGet(DETACHED_CLOCK, u, 3);
  t.is(umemPagesOffBaseline(u), 1);
  umemPagePut(DETACHED_CLOCK, u, 3);
  t.is(umemPagesOffBaseline(u), 0);
  const e = t.throws(() => umemPagePut(DETACHED_CLOCK, u, 3), { instanceOf: Violation });
  t.is((e as Violation).invariant, 'umem-page-pinned');
});
