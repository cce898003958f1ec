/**
 * Directed cases for the event queue's store switching, each a sequence the random
 * property reaches only rarely. The property in properties/event-queue.test.ts covers the
 * general case.
 */
import test from 'ava';
import { EventQueue } from '../../engine/event-queue.ts';

function drainSeqs(q: EventQueue): number[] {
  const out: number[] = [];
  while (q.pop()) out.push(q.poppedSeq);
  return out;
}

test('equal times keep insertion order when a binary heap reshuffled by a pop moves to the radix heap', (t) => {
  const q = new EventQueue(16, { heapBelow: 2, radixAbove: 5 });
  let seq = 0;
  for (let i = 0; i < 5; i++) q.push(0, seq++, 0, 0, 0);
  t.true(q.pop());
  t.is(q.poppedSeq, 0);
  // The pop left the heap array as [1, 3, 2, 4]: array order is no longer seq order.
  q.push(0, seq++, 0, 0, 0);
  q.push(0, seq++, 0, 0, 0);
  t.is(q.store, 'radix');
  t.deepEqual(drainSeqs(q), [1, 2, 3, 4, 5, 6]);
});

test('a push earlier than a discarded cancelled head is still popped first in radix mode', (t) => {
  const q = new EventQueue(16, { heapBelow: 1, radixAbove: 2 });
  let seq = 0;
  const handles: number[] = [];
  for (const time of [100, 200, 300]) {
    q.push(time, seq++, 0, 0, 0);
    handles.push(q.lastHandle);
  }
  t.is(q.store, 'radix');
  for (const h of handles) q.cancel(h);
  t.false(q.pop());
  // The discards moved the radix floor to 300; the caller's clock is still 0.
  // Relative to the stale floor 300, 290 would land in a lower bucket than 10.
  q.push(290, seq++, 0, 0, 0);
  q.push(10, seq++, 0, 0, 0);
  q.push(30, seq++, 0, 0, 0);
  q.push(10, seq++, 0, 0, 0);
  const times: number[] = [];
  while (q.pop()) times.push(q.poppedTime);
  t.deepEqual(times, [10, 10, 30, 290]);
});

test('the binary heap breaks sibling ties by seq: many events at a few times pop in (time, seq) order', (t) => {
  const q = new EventQueue();
  const expected: { time: number; seq: number }[] = [];
  for (let seq = 0; seq < 1000; seq++) {
    const time = ((seq * 7919) % 5) * 100;
    q.push(time, seq, 0, 0, 0);
    expected.push({ time, seq });
  }
  t.is(q.store, 'heap');
  expected.sort((x, y) => x.time - y.time || x.seq - y.seq);
  const popped: { time: number; seq: number }[] = [];
  while (q.pop()) popped.push({ time: q.poppedTime, seq: q.poppedSeq });
  t.deepEqual(popped, expected);
});

// Only a bulk load can put a radix bucket out of seq order (pushes always carry the largest
// seq), so the sort when a bucket becomes current matters exactly here: at 10 ns the ties sit
// in a later level-0 bucket, at 1000 ns in a level-1 bucket that is redistributed first.
for (const tieNs of [10, 1000]) {
  test(`equal times ${tieNs} ns above the floor keep insertion order when a reshuffled binary heap moves to the radix heap`, (t) => {
    const q = new EventQueue(16, { heapBelow: 2, radixAbove: 6 });
    let seq = 0;
    q.push(0, seq++, 0, 0, 0);
    for (let i = 0; i < 5; i++) q.push(tieNs, seq++, 0, 0, 0);
    t.true(q.pop());
    t.is(q.poppedSeq, 0);
    // The pop moved seq 5 to the root and sifted it down: the heap array is no longer in seq order.
    q.push(tieNs, seq++, 0, 0, 0);
    q.push(tieNs * 30, seq++, 0, 0, 0);
    t.is(q.store, 'radix');
    t.deepEqual(drainSeqs(q), [1, 2, 3, 4, 5, 6, 7]);
  });
}
