import test from 'ava';
import { manaDriverOf, MANA_RX_VARIANTS } from '../../../models/mana/driver.ts';
import type { KernelRef } from '../../../models/kernel/kernel-of.ts';

/** [rxFrags, jumboPagePool, xdpRestoresProg, xdpMaxMtuClamp, pageFragFlag] of a driver. */
const switches = (kernel: KernelRef, variant?: (typeof MANA_RX_VARIANTS)[number]) => {
  const d = manaDriverOf(kernel, variant);
  return [d.rxFrags, d.jumboPagePool, d.xdpRestoresProg, d.xdpMaxMtuClamp, d.pageFragFlag];
};

test('without an alias the driver follows the kernel: 6.6 full pages and page_frag jumbo, 6.15 jumbo pool, 6.18 fragments, 7.2 clamp, 7.3 restore', (t) => {
  t.deepEqual(switches('5.15'), [false, false, false, false, false]);
  t.deepEqual(switches('6.6'), [false, false, false, false, false]);
  t.deepEqual(switches('6.6.30'), [false, false, false, false, false]);
  t.deepEqual(switches('6.12.23'), [false, false, false, false, false], '6.12.y before the 6.12.24 backport of fa37a8849634');
  t.deepEqual(switches('6.12.24'), [false, true, false, false, false], '6.12.24 carries fa37a8849634');
  t.deepEqual(switches('6.15'), [false, true, false, false, false]);
  t.deepEqual(switches('6.18'), [true, true, false, false, false]);
  t.deepEqual(switches('6.x'), [true, true, false, false, false], "today's 6.x class is 6.18");
  t.deepEqual(switches('7.2'), [true, true, false, true, false]);
  t.deepEqual(switches('7.3'), [true, true, true, true, false]);
});

test('the jammy linux-azure kernel is the SRU: fragments with PP_FLAG_PAGE_FRAG, jumbo page_pool, no restore, no clamp', (t) => {
  t.deepEqual(switches('ubuntu-jammy-azure-5.15'), [true, true, false, false, true]);
  const d = manaDriverOf('ubuntu-jammy-azure-5.15');
  t.is(d.variant, 'kernel');
  t.false(d.queueIdxSet);
});

test('a patch under test: 730ff06d on 6.6.30 is a working backport (PP_FLAG_PAGE_FRAG where the page_pool needs it); on 6.x without it, full pages', (t) => {
  t.deepEqual(switches({ base: '6.6.30', with: ['mana-rx-page-pool-frags'] }), [true, false, false, false, true]);
  t.deepEqual(switches({ base: '6.x', without: ['mana-rx-page-pool-frags'] }), [false, true, false, false, false]);
  t.deepEqual(switches({ base: '6.x', with: ['mana-xdp-set-restore-prog'] }), [true, true, true, false, false]);
});

test('aliases pin their commits and take the rest from the kernel', (t) => {
  t.deepEqual(switches('6.x', 'pre-730ff06d'), [false, true, false, false, false]);
  t.deepEqual(switches('6.6', 'pre-730ff06d'), [false, false, false, false, false], 'row 9: 6.6 has no jumbo page_pool');
  t.deepEqual(switches('6.x', 'upstream-6x'), [true, true, false, false, false], 'row 8: 730ff06d as merged does not restore');
  t.deepEqual(switches('7.3', 'upstream-6x'), [true, true, true, true, false]);
  t.deepEqual(switches('5.15', 'ubuntu-5.15'), [true, true, false, false, true]);
  t.deepEqual(switches('5.15', 'ubuntu-5.15-no-page-frag'), [true, true, false, false, false]);
  for (const v of MANA_RX_VARIANTS) t.is(manaDriverOf('6.x', v).variant, v);
  t.true(manaDriverOf('6.x', 'upstream-6x').queueIdxSet);
  t.false(manaDriverOf('5.15', 'ubuntu-5.15').queueIdxSet);
});

test('the drop path calls page_pool_free_va() where the kernel has it (de97502e16fc, 6.7); the 5.15 SRU and 6.6 backports open-code it', (t) => {
  t.true(manaDriverOf('6.x').freeVa);
  t.true(manaDriverOf('6.x', 'upstream-6x').freeVa);
  t.false(manaDriverOf('ubuntu-jammy-azure-5.15').freeVa);
  t.false(manaDriverOf('5.15', 'ubuntu-5.15').freeVa);
  t.false(manaDriverOf({ base: '6.6.30', with: ['mana-rx-page-pool-frags'] }).freeVa);
});
