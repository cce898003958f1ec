import test from 'ava';
import { Violation } from '../../../engine/index.ts';
import { userConsPeek } from '../../../models/xsk/ring.ts';
import { txStartDrain } from '../../../models/nic/tx-queue.ts';
import { sockWmemAllocGet } from '../../../models/kernel/sock.ts';
import { harness, post, postFrames, sendto } from './harness.ts';

test('TX_BATCH_SIZE: 16 descriptors per sendto up to v5.12, 32 from v5.13, then -EAGAIN', (t) => {
  for (const [kernel, batch] of [['5.11', 16], ['5.12', 16], ['5.15', 32], ['5.19', 32], ['6.6', 32]] as const) {
    const { xs } = harness({ kernel });
    postFrames(xs, 40, 64);
    t.is(sendto(xs), -11, kernel);
    t.is(xs.counters.sent, batch, kernel);
    t.is(xs.q.counters.posted, batch, kernel);
  }
});

test('when the ring drains inside the budget sendto returns 0', (t) => {
  const { xs } = harness({ kernel: '5.12' });
  postFrames(xs, 10, 64);
  t.is(sendto(xs), 0);
  t.is(xs.counters.sent, 10);
});

test('completions appear only when the driver frees the skb, each address once', (t) => {
  const { sim, xs } = harness({ kernel: '5.12' });
  postFrames(xs, 4, 64);
  sendto(xs);
  t.is(xs.cq.producer, 0, 'nothing completed before the NIC is done');
  t.is(xs.cq.kCachedProd, 4, 'four slots reserved');
  sim.run({});
  t.is(xs.cq.producer, 4);
  t.is(userConsPeek(xs.cq, 64), 4);
  t.deepEqual([...xs.cq.addrLo.subarray(0, 4)], [0, 4096, 8192, 12288]);
  t.is(sockWmemAllocGet(xs), 0);
});

test('NETDEV_TX_BUSY keeps the descriptor, cancels the reservation, produces no completion, returns -EAGAIN; the retry sends it', (t) => {
  for (const kernel of ['5.12', '5.19'] as const) {
    const { sim, xs } = harness({ kernel });
    postFrames(xs, 3, 64);
    xs.q.stopped = true;
    t.is(sendto(xs), -11);
    t.is(xs.counters.eagainBusy, 1);
    t.is(xs.cq.kCachedProd, 0);
    t.is(xs.cq.cancelledTotal, 1);
    t.is(xs.tx.kCachedCons, 0, 'descriptor not released');
    t.is(sockWmemAllocGet(xs), 0, 'skb freed through sock_wfree');
    t.is(xs.skbs.live, 0);
    xs.q.stopped = false;
    t.is(sendto(xs), 0);
    t.is(xs.counters.sent, 3);
    sim.run({});
    t.is(xs.cq.producer, 3);
    t.is(xs.cq.addrLo[0], 0, 'the retried descriptor completes first, once');
  }
});

test('NET_XMIT_DROP consumes the descriptor and produces its completion at once, returns -EBUSY', (t) => {
  const { xs } = harness({ kernel: '5.15' });
  postFrames(xs, 3, 64);
  xs.q.running = false;
  t.is(sendto(xs), -16);
  t.is(xs.tx.kCachedCons, 1);
  t.is(xs.cq.producer, 1, 'completion produced although nothing was sent');
  t.is(xs.q.counters.dropDevDown, 1);
  t.is(xs.q.counters.wirePackets, 0);
});

test('sk_sndbuf: admission checks usage before allocating, so one skb overshoots, then -EAGAIN', (t) => {
  const { xs } = harness({ kernel: '5.12', nic: 'generic', sndbufBytes: 700 });
  postFrames(xs, 4, 64);
  t.is(sendto(xs), -11);
  t.is(xs.counters.sent, 1);
  t.is(xs.counters.eagainSndbuf, 1);
  t.is(sockWmemAllocGet(xs), 768, 'one copy skb of truesize 768 overshoots the 700-byte sndbuf');
});

test('truesize and socket memory: copy vs zero-copy, aligned vs unaligned, v5.12 vs v6.6 small heads', (t) => {
  const cases = [
    { kernel: '5.12', nic: 'generic', len: 64, want: 768 },
    { kernel: '5.12', nic: 'generic', len: 1500, want: 2304 },
    { kernel: '5.11', nic: 'generic', len: 1500, want: 2304 },
    { kernel: '5.12', nic: 'virtio_net', len: 64, want: 768 + 4096 },
    { kernel: '5.12', nic: 'virtio_net', len: 1500, want: 768 + 4096 },
    { kernel: '6.6', nic: 'virtio_net', len: 64, want: 896 + 4096 },
    { kernel: '5.12', nic: 'virtio_net', len: 1500, unaligned: true, want: 768 + 1500 },
  ] as const;
  for (const c of cases) {
    const { xs } = harness({ kernel: c.kernel, nic: c.nic, unaligned: 'unaligned' in c });
    postFrames(xs, 1, c.len);
    sendto(xs);
    t.is(sockWmemAllocGet(xs), c.want, JSON.stringify(c));
    t.is(xs.skbs.truesize[0], c.want);
  }
});

test('zero-copy skb: headlen 0, one frag per page, UMEM page refs taken and returned', (t) => {
  const { sim, xs } = harness({ kernel: '5.12', nic: 'virtio_net', unaligned: true, chunkSizeBytes: 2048 });
  post(xs, [[4096 - 100, 300]]);
  sendto(xs);
  t.is(xs.skbs.nrFrags[0], 2, 'crossing a page costs two frags');
  t.is(xs.umem.pageRefs[0], 2);
  t.is(xs.umem.pageRefs[1], 2);
  sim.run({});
  txStartDrain(xs.q);
  sim.run({});
  t.is(xs.umem.pageRefs[0], 1);
  t.is(xs.umem.pageRefs[1], 1);
});

test('bug switches: v4 double charge leaks the head truesize, v3 charges len instead of the chunk', (t) => {
  const a = harness({ kernel: '5.12', nic: 'virtio_net', bugV4WmemDoubleCharge: true });
  postFrames(a.xs, 1, 64);
  sendto(a.xs);
  t.is(sockWmemAllocGet(a.xs), 768 + 4096 + 768);
  txStartDrain(a.xs.q);
  a.sim.run({});
  t.is(sockWmemAllocGet(a.xs), 768, 'released once');
  const b = harness({ kernel: '5.12', nic: 'virtio_net', bugV3TruesizeBytes: true });
  postFrames(b.xs, 1, 64);
  sendto(b.xs);
  t.is(sockWmemAllocGet(b.xs), 768 + 64);
});

test('invalid descriptors are skipped and counted (<= 6.5) and never completed', (t) => {
  const { sim, xs } = harness({ kernel: '5.15' });
  post(xs, [[0, 64], [64 * 4096, 64], [4096, 64], [8192 + 4000, 200]]);
  t.is(sendto(xs), 0);
  t.is(xs.tx.invalidDescs, 2);
  t.is(xs.counters.sent, 2);
  sim.run({});
  t.is(xs.cq.producer, 2);
  t.deepEqual([...xs.cq.addrLo.subarray(0, 2)], [0, 4096]);
});

test('v6.6: an invalid descriptor stops the loop and is released without a completion', (t) => {
  const { sim, xs } = harness({ kernel: '6.6' });
  post(xs, [[0, 64], [4096, 0], [8192, 64]]);
  t.is(sendto(xs), 0);
  t.is(xs.counters.sent, 1);
  t.is(xs.tx.invalidDescs, 1);
  t.is(xs.tx.kCachedCons, 2, 'the invalid one is released');
  t.is(sendto(xs), 0);
  t.is(xs.counters.sent, 2);
  sim.run({});
  t.is(xs.cq.producer, 2);
});

test('v6.6 multi-buffer: XDP_PKT_CONTD chains descriptors into one skb with one completion per descriptor', (t) => {
  const { sim, xs } = harness({ kernel: '6.6', nic: 'virtio_net' });
  post(xs, [[0, 1000, 1], [4096, 1000, 1], [8192, 500, 0]]);
  sendto(xs);
  t.is(xs.counters.sent, 1);
  t.is(xs.skbs.nrFrags[0], 3);
  t.is(xs.skbs.len[0], 2500 + 12, 'virtio header pushed');
  txStartDrain(xs.q);
  sim.run({});
  t.is(xs.cq.producer, 3);
  t.is(xs.counters.completionsProduced, 3);
});

test('CQ full, v5.11: skb freed through sock_wfree, no completion, descriptor retried later', (t) => {
  const { xs } = harness({ kernel: '5.11', cqEntries: 2 });
  postFrames(xs, 3, 64);
  t.is(sendto(xs), 0);
  t.is(xs.counters.sent, 2);
  t.is(xs.counters.cqFull, 1);
  t.is(xs.tx.kCachedCons, 2);
  t.is(xs.cq.producer, 0);
});

test('CQ full, v5.19: reserve first, nothing is built', (t) => {
  const { xs } = harness({ kernel: '5.19', cqEntries: 2 });
  postFrames(xs, 3, 64);
  t.is(sendto(xs), 0);
  t.is(xs.counters.cqFull, 1);
  t.is(xs.counters.builtCopy, 2);
  t.is(xs.cq.kCachedProd, 2);
});

test('CQ full, v5.12 and v5.15: kfree_skb runs the XSK destructor into the full CQ, reported as a violation', (t) => {
  for (const kernel of ['5.12', '5.15'] as const) {
    const { xs } = harness({ kernel, cqEntries: 2 });
    postFrames(xs, 3, 64);
    const e = t.throws(() => sendto(xs), { instanceOf: Violation }) as Violation;
    t.is(e.invariant, 'cq-submit-unreserved');
    t.is(e.kernelFn, 'xsk_destruct_skb');
    t.is(xs.cq.producer, 1, 'the bogus completion was written into a slot reserved for an in-flight skb');
  }
});

test('reservation order: 5.12 builds before reserving, 5.19 reserves before building', (t) => {
  const a = harness({ kernel: '5.12', sndbufBytes: 1 });
  postFrames(a.xs, 2, 64);
  t.is(sendto(a.xs), -11);
  t.is(a.xs.cq.reservedTotal, 1, '5.12: the failed build never reserved');
  t.is(a.xs.cq.cancelledTotal, 0);
  const b = harness({ kernel: '5.19', sndbufBytes: 1 });
  postFrames(b.xs, 2, 64);
  t.is(sendto(b.xs), -11);
  t.is(b.xs.cq.reservedTotal, 2, '5.19: reserved, then cancelled when the build failed');
  t.is(b.xs.cq.cancelledTotal, 1);
});
