/**
 * The XSK version facts of the kernel review (rows 1 and 3-7 of
 * ../shared/reference/kernel-review-findings.md), each pinned on kernels just before and at the
 * commit that changed it: stable point releases around each backport, mainline releases around
 * each merge, and { base, with, without } sets for a single commit. Every behaviour here is
 * switched by a registry entry (models/kernel/features.ts), never by a version.
 */
import test from 'ava';
import { Violation } from '../../../engine/index.ts';
import type { KernelRef } from '../../../models/kernel/kernel-of.ts';
import { txStartDrain } from '../../../models/nic/tx-queue.ts';
import { userProdNbFree } from '../../../models/xsk/ring.ts';
import { sockWmemAllocGet } from '../../../models/kernel/sock.ts';
import { buildsBeforeCqReserve } from '../../../models/xsk/xsk-socket.ts';
import { harness, post, postFrames, sendto } from './harness.ts';

const EAGAIN = -11;

/** Three descriptors (XDP_PKT_CONTD on the first two) into one copy-mode skb; socket memory after the send. */
function copyMultiBufferWmem(kernel: KernelRef): { wmemBytes: number; truesizeBytes: number } {
  const { xs } = harness({ kernel, nic: 'generic' });
  post(xs, [[0, 1000, 1], [4096, 1000, 1], [8192, 500, 0]]);
  sendto(xs);
  return { wmemBytes: sockWmemAllocGet(xs), truesizeBytes: xs.skbs.truesize[0] };
}

test('row 1: 5.15.60 reserves the CQ slot first; 5.15.0 (and 5.15.50) build before reserving', (t) => {
  t.true(buildsBeforeCqReserve('5.15.0'));
  t.true(buildsBeforeCqReserve('5.15.50'));
  t.false(buildsBeforeCqReserve('5.15.51'), 'a6e944f25cdb reached 5.15.y in 5.15.51');
  t.false(buildsBeforeCqReserve('5.15.60'));
  t.false(buildsBeforeCqReserve('ubuntu-jammy-azure-5.15'), 'the distro follows 5.15.y past 5.15.51');
  for (const kernel of ['5.15.0', '5.15.50'] as const) {
    const { xs } = harness({ kernel, cqEntries: 2 });
    postFrames(xs, 3, 64);
    const e = t.throws(() => sendto(xs), { instanceOf: Violation }) as Violation;
    t.is(e.invariant, 'cq-submit-unreserved', kernel);
  }
  for (const kernel of ['5.15.51', '5.15.60', 'ubuntu-jammy-azure-5.15'] as const) {
    const { sim, xs } = harness({ kernel, cqEntries: 2 });
    postFrames(xs, 3, 64);
    t.is(sendto(xs), 0, kernel);
    t.is(xs.counters.cqFull, 1, kernel);
    t.is(xs.counters.builtCopy, 2, `${kernel}: the third descriptor is never built`);
    sim.run({});
    t.is(xs.cq.producer, 2, `${kernel}: exactly the two reserved completions`);
  }
});

test('row 3: copy-mode multi-buffer charges PAGE_SIZE per extra page from 2127c6043836 (6.8, 6.6.19, 6.7.7)', (t) => {
  const before = copyMultiBufferWmem('6.6.18');
  const after = copyMultiBufferWmem('6.6.19');
  t.is(after.wmemBytes - before.wmemBytes, 2 * 4096, 'two frag pages of 4096 bytes');
  t.is(after.truesizeBytes - before.truesizeBytes, 2 * 4096);
  t.is(after.wmemBytes, after.truesizeBytes, 'sk_wmem_alloc follows truesize');
  t.deepEqual(copyMultiBufferWmem('6.7.7'), after);
  t.deepEqual(copyMultiBufferWmem('6.7.6'), before);
  t.deepEqual(copyMultiBufferWmem('6.8'), after);
  t.deepEqual(copyMultiBufferWmem({ base: '6.6', with: ['xsk-copy-mb-frag-truesize'] }), after);
  t.log(`6.6.18: sk_wmem_alloc ${before.wmemBytes} B, 6.6.19: ${after.wmemBytes} B`);
});

test('row 3: the charged pages count against sk_sndbuf, so a later packet waits for them', (t) => {
  const sent = (kernel: KernelRef): number => {
    const { xs } = harness({ kernel, nic: 'generic', sndbufBytes: 6000 });
    post(xs, [[0, 1000, 1], [4096, 1000, 0], [8192, 1000, 1], [12288, 1000, 0]]);
    sendto(xs);
    return xs.counters.sent;
  };
  t.is(sent('6.6.18'), 2, 'the uncharged frag page leaves room for the second packet');
  t.is(sent('6.6.19'), 1, 'head (2304) + PAGE_SIZE exceed the 6000-byte sndbuf: -EAGAIN for the second packet');
});

test('row 4: a full CQ makes sendto() return -EAGAIN from 5d0b204654de (6.15, 6.13.11, 6.14.2), 0 before', (t) => {
  const ret = (kernel: KernelRef): number => {
    const { xs } = harness({ kernel, cqEntries: 2 });
    postFrames(xs, 3, 64);
    const r = sendto(xs);
    t.is(xs.counters.cqFull, 1, String(kernel));
    return r;
  };
  t.deepEqual(['6.6', '6.13.10', '6.14.1', '5.19'].map(ret), [0, 0, 0, 0]);
  t.deepEqual(['6.13.11', '6.14.2', '6.15', '6.x'].map(ret), [EAGAIN, EAGAIN, EAGAIN, EAGAIN]);
  t.is(ret({ base: '5.19', with: ['xsk-cq-full-eagain'] }), EAGAIN, 'the single-buffer loop asks the same entry');
});

test('row 5: from 1eb8b0dac189 (6.17) a send that sent frames publishes the TX consumer before it returns', (t) => {
  const afterBatchLimit = (kernel: KernelRef) => {
    const { xs } = harness({ kernel });
    postFrames(xs, 40, 64);
    t.is(sendto(xs), EAGAIN, 'TX_BATCH_SIZE 32 stops the loop with 8 descriptors left');
    return { consumer: xs.tx.consumer, userFree: userProdNbFree(xs.tx, 64) };
  };
  t.deepEqual(afterBatchLimit('6.16'), { consumer: 0, userFree: 64 - 40 }, 'published only at the next refill of the cached view');
  t.deepEqual(afterBatchLimit('6.17'), { consumer: 32, userFree: 64 - 8 });
  t.deepEqual(afterBatchLimit({ base: '5.19', with: ['xsk-tx-consumer-release-after-send'] }), { consumer: 32, userFree: 64 - 8 });
  // Nothing sent (the link is down: NET_XMIT_DROP), nothing published early.
  const { xs } = harness({ kernel: '6.17' });
  postFrames(xs, 40, 64);
  xs.q.running = false;
  sendto(xs);
  t.is(xs.tx.consumer, 0);
});

test('row 6: tx_ring_empty_descs is counted from 8aa5a33578e9 (5.9) on, by every loop that runs out of descriptors', (t) => {
  const emptyCount = (kernel: KernelRef): number => {
    const { xs } = harness({ kernel });
    postFrames(xs, 4, 64);
    sendto(xs);
    return xs.tx.queueEmptyDescs;
  };
  t.deepEqual(['5.11', '5.12', '5.15', '5.19', '6.6'].map(emptyCount), [1, 1, 1, 1, 1], 'counted on 5.11-5.15 too (the model used to say 0 there)');
  t.is(emptyCount({ base: '5.15', without: ['xsk-tx-empty-descs-stat'] }), 0);
  const limited = harness({ kernel: '5.15' });
  postFrames(limited.xs, 40, 64);
  sendto(limited.xs);
  t.is(limited.xs.tx.queueEmptyDescs, 0, 'a loop stopped by the batch limit jumps past the count (goto out)');
});

test('row 7: an unaligned descriptor running past the UMEM is invalid from 2f99619820c2 (5.14, 5.13.2); without it the build reads past the pinned pages', (t) => {
  // 64 chunks of 4096 in a page-aligned UMEM; the descriptor starts 100 bytes before its end.
  const lastPage = 63 * 4096;
  for (const kernel of ['5.13.2', '5.15', '5.19', '6.6'] as const) {
    const { xs } = harness({ kernel, nic: 'virtio_net', unaligned: true });
    post(xs, [[lastPage + 3996, 300]]);
    sendto(xs);
    t.is(xs.tx.invalidDescs, 1, kernel);
    t.is(xs.counters.sent, 0, kernel);
  }
  for (const [kernel, nic] of [['5.12', 'virtio_net'], ['5.13', 'virtio_net'], ['5.12', 'generic']] as const) {
    const { xs } = harness({ kernel, nic, unaligned: true });
    post(xs, [[lastPage + 3996, 300]]);
    const e = t.throws(() => sendto(xs), { instanceOf: Violation }) as Violation;
    t.is(e.invariant, 'umem-read-in-range', `${kernel} ${nic}`);
    t.is(e.kernelFn, nic === 'virtio_net' ? 'xsk_build_skb_zerocopy' : 'xsk_build_skb');
  }
});

test('row 7: a straddling aligned descriptor is a real upstream state on 5.12.5 and 5.13.0, not only a switch', (t) => {
  const sentStraddling = (kernel: KernelRef): number => {
    const { xs } = harness({ kernel, chunkSizeBytes: 2048 });
    post(xs, [[2000, 100]]);
    sendto(xs);
    return xs.counters.sent;
  };
  t.deepEqual(['5.12', '5.12.4', '5.12.5', '5.13', '5.13.1', '5.13.2', '5.15'].map(sentStraddling), [0, 0, 1, 1, 1, 0, 0]);
});

test('netdev-tx-skb-no-linear: a device can only ask for zero-copy skbs on a kernel that defines the flag', (t) => {
  const built = (kernel: KernelRef) => {
    const { sim, xs } = harness({ kernel, nic: 'generic', nicOverrides: { txSkbNoLinear: true, sg: true } });
    postFrames(xs, 2, 64);
    sendto(xs);
    sim.run({});
    txStartDrain(xs.q);
    sim.run({});
    return { zerocopy: xs.counters.builtZerocopy, copy: xs.counters.builtCopy };
  };
  t.deepEqual(built('5.12'), { zerocopy: 2, copy: 0 });
  t.deepEqual(built({ base: '5.12', without: ['netdev-tx-skb-no-linear'] }), { zerocopy: 0, copy: 2 });
  t.deepEqual(built('5.11'), { zerocopy: 0, copy: 2 });
});
