import test from 'ava';
import { Violation } from '../../../engine/index.ts';
import {
  allocPages, allocPagesBulk, createPageAllocator, failNextAllocations, getPage, putPage, pageAllocatorLeaks, setAllocFailure, type Page,
} from '../../../models/kernel/page.ts';
import { makeEnv } from './helpers.ts';

test('order-N allocation counts 2^N pages and PAGE_SIZE << N bytes; last put frees', (t) => {
  const pa = createPageAllocator(makeEnv('arm64', 65536, '6.x'));
  const p = allocPages(pa, 2)!;
  t.is(p.refcount, 1);
  t.is(p.sizeBytes, 262144);
  t.is(pa.pagesInUse, 4);
  t.is(pa.bytesInUse, 262144);
  getPage(p);
  putPage(p);
  t.false(p.freed);
  putPage(p);
  t.true(p.freed);
  t.is(pa.pagesInUse, 0);
  t.is(pa.bytesInUse, 0);
  t.is(pa.allocations, 1);
  t.is(pa.frees, 1);
  t.is(pa.peakBytesInUse, 262144);
  t.is(pageAllocatorLeaks(pa), null);
});

test('ids are deterministic counters', (t) => {
  const pa = createPageAllocator(makeEnv());
  t.deepEqual([allocPages(pa, 0)!.id, allocPages(pa, 0)!.id, allocPages(pa, 1)!.id], [1, 2, 3]);
  t.regex(pageAllocatorLeaks(pa)!, /3 pages/);
});

test('touching a page after its last reference is a violation', (t) => {
  const pa = createPageAllocator(makeEnv());
  const p = allocPages(pa, 0)!;
  putPage(p);
  const e1 = t.throws(() => putPage(p), { instanceOf: Violation }) as Violation;
  t.is(e1.invariant, 'page-use-after-free');
  t.is(e1.kernelFn, 'put_page');
  t.throws(() => getPage(p), { instanceOf: Violation, message: /get_page on page #1/ });
});

test('fail-next hook and seeded failure probability', (t) => {
  const env = makeEnv();
  const pa = createPageAllocator(env);
  failNextAllocations(pa, 2);
  t.is(allocPages(pa, 0), null);
  t.is(allocPages(pa, 0), null);
  t.not(allocPages(pa, 0), null);
  t.is(pa.failures, 2);
  setAllocFailure(pa, env.sim.rng.stream('test.page.fail'), 0.5);
  let failed = 0;
  for (let i = 0; i < 1000; i++) if (allocPages(pa, 0) === null) failed++;
  t.true(failed > 400 && failed < 600, `failed ${failed}`);
  t.is(pa.failures, 2 + failed);
  t.throws(() => setAllocFailure(pa, null, 0.1), { instanceOf: RangeError });
});

test('limitBytes makes allocation fail; order beyond MAX_PAGE_ORDER is a violation', (t) => {
  const pa = createPageAllocator(makeEnv(), { limitBytes: 8192 });
  t.not(allocPages(pa, 1), null);
  t.is(allocPages(pa, 0), null);
  t.throws(() => allocPages(pa, 11), { instanceOf: Violation, message: /order 11/ });
});

test('bulk allocation stops at the first failure and charges the page-alloc phase', (t) => {
  const env = makeEnv();
  const pa = createPageAllocator(env);
  const out: Page[] = [];
  t.is(allocPagesBulk(pa, 64, out), 64);
  t.is(pa.pagesInUse, 64);
  failNextAllocations(pa, 1);
  t.is(allocPagesBulk(pa, 64, out), 0);
  t.true(env.cpu.phaseNs[0][0] > 0);
});
