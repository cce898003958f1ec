import test from 'ava';
import { manaHeadroomBytes } from '../../../../models/drivers/mana/profile.ts';
import { txStartDrain } from '../../../../models/nic/tx-queue.ts';
import { harness, postFrames, sendto } from '../../xsk/harness.ts';

function runAll(h: ReturnType<typeof harness>): void {
  h.sim.run({});
  txStartDrain(h.xs.q);
  h.sim.run({});
}

test('mana: needed_headroom 216 before v6.1 and 232 after; v5.11 reallocates every skb, v5.12+ none', (t) => {
  t.is(manaHeadroomBytes('5.15'), 216);
  t.is(manaHeadroomBytes('6.6'), 232);
  const old = harness({ kernel: '5.11', nic: 'mana' });
  postFrames(old.xs, 16, 64);
  sendto(old.xs);
  t.is(old.xs.q.counters.headReallocs, 16);
  t.is(old.xs.skbs.headroom[0], 256, 'deficit 216 rounded up to NET_SKB_PAD multiples');
  for (const kernel of ['5.12', '5.15', '5.19', '6.6'] as const) {
    const h = harness({ kernel, nic: 'mana' });
    postFrames(h.xs, 16, 1500);
    sendto(h.xs);
    t.is(h.xs.q.counters.headReallocs, 0, kernel);
    t.is(h.xs.skbs.headroom[0], 256, `${kernel}: hr = max(64, L1_CACHE_ALIGN(216|232)) = 256`);
  }
});

test('reallocation keeps truesize and socket memory of a socket-owned skb', (t) => {
  const h = harness({ kernel: '5.11', nic: 'mana' });
  postFrames(h.xs, 1, 1500);
  sendto(h.xs);
  t.is(h.xs.q.counters.headReallocs, 1);
  t.is(h.xs.skbs.truesize[0], 2304, 'unchanged by pskb_expand_head');
  runAll(h);
  t.is(h.xs.wmemAlloc, 1);
});
