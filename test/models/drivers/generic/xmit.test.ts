import test from 'ava';
import { harness, postFrames, sendto } from '../../xsk/harness.ts';

test('generic NIC: under-declaring headroom by more than the 64-byte pad reallocates, within it does not', (t) => {
  const within = harness({ kernel: '5.15', nic: 'generic', nicOverrides: { neededHeadroomBytes: 0, cowHeadroomBytes: 64 } });
  postFrames(within.xs, 8, 64);
  sendto(within.xs);
  t.is(within.xs.q.counters.headReallocs, 0);
  const beyond = harness({ kernel: '5.15', nic: 'generic', nicOverrides: { neededHeadroomBytes: 0, cowHeadroomBytes: 96 } });
  postFrames(beyond.xs, 8, 64);
  sendto(beyond.xs);
  t.is(beyond.xs.q.counters.headReallocs, 8);
  const declared = harness({ kernel: '5.15', nic: 'generic', nicOverrides: { neededHeadroomBytes: 96, cowHeadroomBytes: 96 } });
  postFrames(declared.xs, 8, 64);
  sendto(declared.xs);
  t.is(declared.xs.q.counters.headReallocs, 0, 'declared: hr = 128');
});
