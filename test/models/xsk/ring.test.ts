import test from 'ava';
import { DETACHED_CLOCK, Violation } from '../../../engine/index.ts';
import {
  xskInitQueue, createRingOrThrow, xskqConsGetEntries, xskqConsRelease, xskqProdReserve, xskqProdCancel,
  xskqProdSubmitAddr, userProdReserve, userProdSubmit, userConsPeek, userConsRelease, ringOccupancy,
} from '../../../models/xsk/ring.ts';

test('ring entries must be a non-zero power of two', (t) => {
  t.true(xskInitQueue('tx', 2048, true).ok);
  for (const bad of [0, 3, 1000, -4]) {
    const r = xskInitQueue('tx', bad, true);
    t.false(r.ok);
    if (!r.ok) t.is(r.errno, -22);
  }
});

test('user producer reserve fails when full and sees the kernel consumer only after it is published (lazy release)', (t) => {
  const q = createRingOrThrow('tx', 4, true);
  t.is(userProdReserve(q, 4), 0);
  userProdSubmit(DETACHED_CLOCK, q, 4);
  t.is(userProdReserve(q, 1), -1);
  xskqConsGetEntries(q);
  t.is(q.kCachedProd, 4);
  xskqConsRelease(q);
  xskqConsRelease(q);
  // Released in the kernel's cached view only: the shared consumer is still 0.
  t.is(q.consumer, 0);
  t.is(userProdReserve(q, 1), -1);
  xskqConsGetEntries(q);
  t.is(q.consumer, 2);
  t.is(userProdReserve(q, 2), 4);
});

test('kernel completion producer: reserve re-reads the consumer only when its cached view is full', (t) => {
  const cq = createRingOrThrow('cq', 2, false);
  t.is(xskqProdReserve(cq), 0);
  t.is(xskqProdReserve(cq), 0);
  xskqProdSubmitAddr(DETACHED_CLOCK, cq, 4096, 0);
  xskqProdSubmitAddr(DETACHED_CLOCK, cq, 8192, 0);
  t.is(xskqProdReserve(cq), -28);
  t.is(userConsPeek(cq, 8), 2);
  t.is(cq.addrLo[0], 4096);
  userConsRelease(DETACHED_CLOCK, cq, 2);
  t.is(cq.kCachedCons, 0, 'cached consumer is stale until the ring looks full');
  t.is(xskqProdReserve(cq), 0);
  t.is(cq.kCachedCons, 2);
  t.is(ringOccupancy(cq), 1);
});

test('cancel gives back a reservation; producing past the reservations is a violation', (t) => {
  const cq = createRingOrThrow('cq', 4, false);
  xskqProdReserve(cq);
  xskqProdCancel(DETACHED_CLOCK, cq, 1);
  t.is(cq.kCachedProd, 0);
  t.is(cq.cancelledTotal, 1);
  const e = t.throws(() => xskqProdSubmitAddr(DETACHED_CLOCK, cq, 0, 0), { instanceOf: Violation });
  t.is((e as Violation).invariant, 'cq-submit-unreserved');
  t.throws(() => xskqProdCancel(DETACHED_CLOCK, createRingOrThrow('cq', 4, false), 1), { instanceOf: Violation });
});

test('the user cannot submit more than it reserved nor release more than was produced', (t) => {
  const q = createRingOrThrow('tx', 8, true);
  userProdReserve(q, 2);
  t.throws(() => userProdSubmit(DETACHED_CLOCK, q, 3), { instanceOf: Violation });
  const cq = createRingOrThrow('cq', 8, false);
  t.throws(() => userConsRelease(DETACHED_CLOCK, cq, 1), { instanceOf: Violation });
});
