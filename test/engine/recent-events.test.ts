import test from 'ava';
import { RecentEvents } from '../../engine/index.ts';

test('capacity rounds up to a power of two and the ring keeps the newest events, oldest first, numbered in recording order', (t) => {
  const ring = new RecentEvents(5);
  t.is(ring.capacity, 8);
  t.deepEqual(ring.snapshot([]), []);
  for (let i = 1; i <= 11; i++) ring.record(i * 10, i - 1, i % 2, i, -i);
  const snapshot = ring.snapshot(['even', 'odd']);
  t.deepEqual(snapshot.map((e) => e.eventNumber), [4, 5, 6, 7, 8, 9, 10, 11]);
  t.deepEqual(snapshot[0], { eventNumber: 4, timeNs: 40, seq: 3, kind: 'even', a: 4, b: -4 });
});

test('an unknown kind index is shown as #index', (t) => {
  const ring = new RecentEvents(1);
  ring.record(0, 0, 3, 0, 0);
  t.is(ring.snapshot(['only'])[0].kind, '#3');
});
