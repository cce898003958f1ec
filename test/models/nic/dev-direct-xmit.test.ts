import test from 'ava';
import { txStartDrain } from '../../../models/nic/tx-queue.ts';
import { harness, postFrames, sendto } from '../xsk/harness.ts';

function runAll(h: ReturnType<typeof harness>): void {
  h.sim.run({});
  txStartDrain(h.xs.q);
  h.sim.run({});
}

test('virtio_net without NETIF_F_SG: zero-copy skbs are linearized, reallocating when the tailroom is short', (t) => {
  const small = harness({ kernel: '5.12', nic: 'virtio_net', nicOverrides: { sg: false } });
  postFrames(small.xs, 4, 64);
  sendto(small.xs);
  t.is(small.xs.q.counters.linearizations, 4);
  t.is(small.xs.q.counters.headReallocs, 0, '64 bytes fit the 128 bytes of tailroom a 512-byte head leaves');
  const big = harness({ kernel: '5.12', nic: 'virtio_net', nicOverrides: { sg: false } });
  postFrames(big.xs, 4, 1500);
  sendto(big.xs);
  t.is(big.xs.q.counters.headReallocs, 4);
  runAll(big);
  t.is(big.xs.umem.pageRefs[0], 1, 'frag references dropped by the linearization');
  t.is(big.xs.wmemAlloc, 1);
});
