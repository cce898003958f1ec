import test from 'ava';
import { virtioNetProfile } from '../../../../models/drivers/virtio_net/profile.ts';
import { harness, postFrames, sendto } from '../../xsk/harness.ts';

test('virtio_net declares IFF_TX_SKB_NO_LINEAR from v5.12 and no needed_headroom', (t) => {
  t.false(virtioNetProfile('5.11').txSkbNoLinear);
  t.true(virtioNetProfile('5.12').txSkbNoLinear);
  t.is(virtioNetProfile('6.6').neededHeadroomBytes, 0);
});

test('virtio_net pushes its header into headroom when there is room, else a separate SG entry; never reallocates', (t) => {
  const old = harness({ kernel: '5.11', nic: 'virtio_net' });
  postFrames(old.xs, 8, 64);
  sendto(old.xs);
  t.is(old.xs.q.counters.hdrSeparate, 8);
  t.is(old.xs.q.counters.headReallocs, 0);
  const seed = harness({ kernel: '5.12', nic: 'virtio_net' });
  postFrames(seed.xs, 8, 64);
  sendto(seed.xs);
  t.is(seed.xs.q.counters.hdrPushed, 8);
  t.is(seed.xs.counters.builtZerocopy, 8);
  t.is(seed.xs.q.counters.headReallocs, 0);
  const hash = harness({ kernel: '5.12', nic: 'virtio_net', nicOverrides: { virtioHdrBytes: 20, virtioAnyHeaderSg: false } });
  postFrames(hash.xs, 2, 64);
  sendto(hash.xs);
  t.is(hash.xs.q.counters.hdrSeparate, 2);
});
