import test from 'ava';
import { harness, postFrames, sendto } from '../../xsk/harness.ts';

test('virtio frees on the next xmit: completions for the first batch appear when the second sendto runs', (t) => {
  const h = harness({ kernel: '5.12', nic: 'virtio_net', nicOverrides: { devicePacketNs: 10_000, completionDelayNs: 1_000_000 } });
  postFrames(h.xs, 4, 64);
  sendto(h.xs);
  t.true(h.xs.skbs.doneNs[3] < 100_000, 'the host has used all four by 100 us');
  h.sim.run({ untilNs: 100_000 });
  t.is(h.sim.nowNs, 100_000);
  t.is(h.xs.cq.producer, 0, 'the TX interrupt is still 1 ms away');
  postFrames(h.xs, 1, 64, 10);
  sendto(h.xs);
  t.is(h.xs.cq.producer, 4);
});

test('virtio TX interrupt (napi_tx): with no further xmit the skbs are freed once the host has used 3/4 of them', (t) => {
  const h = harness({ kernel: '5.12', nic: 'virtio_net', nicOverrides: { devicePacketNs: 10_000, completionDelayNs: 5_000 } });
  postFrames(h.xs, 8, 64);
  sendto(h.xs);
  const due = h.xs.skbs.doneNs[5] + 5_000;
  h.sim.run({ untilNs: due - 1 });
  t.is(h.xs.cq.producer, 0);
  h.sim.run({});
  t.is(h.xs.cq.producer, 8, 'the interrupt frees the first six, the re-armed one the rest');
  t.is(h.xs.wmemAlloc, 1);
});
