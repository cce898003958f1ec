/**
 * Properties of the kernel buffer models: the case, its generators and what it checks are in
 * properties/kernel-buffers-case.ts.
 */
import test from 'ava';
import fc from 'fast-check';
import { coverage, opArb, runScenario, setupArb } from './kernel-buffers-case.ts';

test('page_pool, pages, DMA and skb recycling: counts stay consistent and a full drain returns every page', (t) => {
  fc.assert(
    fc.property(setupArb, fc.array(opArb, { minLength: 1, maxLength: 80 }), (setup, ops) => {
      runScenario(setup, ops);
    }),
    { numRuns: 200, seed: 20251123 },
  );
  t.log(coverage);
  t.true(coverage.fragShared > 0, 'a fragment page was shared by several users');
  t.true(coverage.ringFullRelease > 0, 'a put found the ring full and released the page');
  t.true(coverage.refcountRelease > 0, 'a page left the pool because its refcount was > 1');
  t.true(coverage.destroyWithInflight > 0, 'destroy ran with pages in flight');
  t.true(coverage.stalledWarning > 0, 'a stalled-shutdown warning was printed');
  t.true(coverage.allocFailures > 0, 'page allocations failed');
  t.true(coverage.mapFailures > 0, 'DMA maps failed');
  t.true(coverage.skbRecycled > 0, 'skbs returned pool pages on free');
});
