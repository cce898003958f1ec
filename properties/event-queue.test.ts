/**
 * The radix event queue against a reference model: any interleaving of pushes (times never
 * before the last pop, with many ties), cancels and pops must pop exactly what a sorted
 * list ordered by (time, seq) pops, payload included.
 */
import test from 'ava';
import fc from 'fast-check';
import { EventQueue } from '../engine/event-queue.ts';

type Op = { op: 'push'; delta: number; kind: number } | { op: 'pop' } | { op: 'cancel'; pick: number } | { op: 'popUntil'; delta: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), delta: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 2 ** 20 }), fc.integer({ min: 0, max: 2 ** 40 })), kind: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 3, arbitrary: fc.constant({ op: 'pop' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('popUntil' as const), delta: fc.integer({ min: 0, max: 16 }) }) },
);

test('the event queue pops in (time, seq) order with lazy cancellation, like a sorted list, in either store', (t) => {
  const stats = { ties: 0, cancels: 0, staleCancels: 0, bigTimes: 0, midTimes: 0, radixPops: 0, heapPops: 0 };
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 300, size: 'medium' }), fc.integer({ min: 1, max: 12 }), (ops, heapBelow) => {
      // Small thresholds make the keys move between the binary and radix heaps many times.
      const q = new EventQueue(16, { heapBelow, radixAbove: heapBelow + 3 });
      const ref: { time: number; seq: number; kind: number; cancelled: boolean; handle: number }[] = [];
      const ran: number[] = [];
      let now = 0;
      let seq = 0;
      const live = () => ref.filter((e) => !e.cancelled).sort((x, y) => x.time - y.time || x.seq - y.seq);
      for (const o of ops) {
        if (o.op === 'push') {
          const time = now + o.delta;
          if (time >= 2 ** 32) stats.bigTimes++;
          // Between 2^8 and 2^24 ns ahead: the middle digit levels of the radix heap.
          if (o.delta >= 2 ** 8 && o.delta < 2 ** 24) stats.midTimes++;
          if (ref.some((e) => e.time === time && !e.cancelled)) stats.ties++;
          q.push(time, seq, o.kind, seq * 3, -seq);
          const handle = q.lastHandle;
          ref.push({ time, seq, kind: o.kind, cancelled: false, handle });
          seq++;
        } else if (o.op === 'cancel') {
          const pending = live();
          // Sometimes cancel a handle whose event already ran or was cancelled: a no-op.
          if (ran.length > 0 && (pending.length === 0 || o.pick % 3 === 0)) {
            if (q.cancel(ran[o.pick % ran.length])) return false;
            stats.staleCancels++;
            continue;
          }
          if (pending.length === 0) continue;
          const victim = pending[o.pick % pending.length];
          victim.cancelled = true;
          if (!q.cancel(victim.handle)) return false;
          ran.push(victim.handle);
          stats.cancels++;
        } else {
          const limit = o.op === 'pop' ? Infinity : now + o.delta;
          const expected = live()[0];
          const got = q.popUntil(limit);
          if (expected === undefined || expected.time > limit) {
            if (got) return false;
            continue;
          }
          if (!got) return false;
          if (q.store === 'radix') stats.radixPops++;
          else stats.heapPops++;
          if (q.poppedTime !== expected.time || q.poppedSeq !== expected.seq || q.poppedKind !== expected.kind) return false;
          if (q.poppedA !== expected.seq * 3 || q.poppedB !== -expected.seq) return false;
          ref.splice(ref.indexOf(expected), 1);
          ran.push(expected.handle);
          now = expected.time;
        }
        if (q.length !== live().length) return false;
      }
      return true;
    }),
    { seed: 20261123, numRuns: 300 },
  );
  t.true(stats.ties > 0, 'generator produced same-time ties');
  t.true(stats.cancels > 0, 'generator produced cancellations');
  t.true(stats.bigTimes > 0, 'generator produced times above 2^32');
  t.true(stats.midTimes > 0, 'generator produced times 2^8 to 2^24 ns ahead');
  t.true(stats.radixPops > 0 && stats.heapPops > 0, 'pops came from both stores');
  t.true(stats.staleCancels > 0, 'generator cancelled handles of events that had already run');
});
