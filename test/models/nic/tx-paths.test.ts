import test from 'ava';
import { txStartDrain } from '../../../models/nic/tx-queue.ts';
import { mlx5eCalcMinInline } from '../../../models/nic/mlx5-xmit.ts';
import { manaHeadroomBytes, virtioNetProfile } from '../../../models/nic/netdev.ts';
import { skbHeadAllocBytes } from '../../../models/nic/skb-table.ts';
import { kmallocSizeRoundup } from '../../../models/kernel/skb.ts';
import { archProfile } from '../../../models/kernel/arch.ts';
import { harness, postFrames, sendto } from '../xsk/harness.ts';

function runAll(h: ReturnType<typeof harness>): void {
  h.sim.run({});
  txStartDrain(h.xs.q);
  h.sim.run({});
}

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

test('reallocation keeps truesize and socket memory of a socket-owned skb', (t) => {
  const h = harness({ kernel: '5.11', nic: 'mana' });
  postFrames(h.xs, 1, 1500);
  sendto(h.xs);
  t.is(h.xs.q.counters.headReallocs, 1);
  t.is(h.xs.skbs.truesize[0], 2304, 'unchanged by pskb_expand_head');
  runAll(h);
  t.is(h.xs.wmemAlloc, 1);
});

test('mlx5: ihs = min(18, headlen); a zero-copy skb forced onto it completes with an error CQE logged as in the seed', (t) => {
  t.is(mlx5eCalcMinInline(64), 18);
  t.is(mlx5eCalcMinInline(0), 0);
  const h = harness({ kernel: '5.12', nic: 'mlx5', nicOverrides: { txSkbNoLinear: true } });
  postFrames(h.xs, 8, 64);
  sendto(h.xs);
  runAll(h);
  const log = h.xs.env.log.map((e) => e.message);
  t.is(log[0], 'mlx5_core 0000:3b:00.1 eth1: Error cqe on cqn 0x817, ci 0x0, qn 0x1dbb, opcode 0xd, syndrome 0x1, vendor syndrome 0x68');
  t.regex(log[1], /^WQE DUMP: WQ size 1024 WQ cur size \d+, WQE index 0x0, len: 64$/);
  t.is(log[2], 'mlx5_core 0000:3b:00.1 eth1: ERR CQE on SQ: 0x1dbb');
  t.is(h.xs.q.counters.errorCqes, 1);
  t.is(h.xs.q.counters.wirePackets, 0);
  t.is(h.xs.q.counters.flushedWqes, 8);
  t.is(h.xs.cq.producer, 8, 'flushed skbs are still freed, so completions appear');
  t.is(h.xs.q.counters.dmaMaps, h.xs.q.counters.dmaUnmaps);
});

test('mlx5 with the flag honoured builds copy skbs and runs clean', (t) => {
  const h = harness({ kernel: '5.12', nic: 'mlx5' });
  postFrames(h.xs, 8, 64);
  sendto(h.xs);
  runAll(h);
  t.is(h.xs.counters.builtCopy, 8);
  t.is(h.xs.q.counters.errorCqes, 0);
  t.is(h.xs.q.counters.wirePackets, 8);
  t.is(h.xs.env.log.length, 0);
});

test('skb head sizes follow __alloc_skb: kmalloc buckets before v6.3, the 640-byte small-head cache after', (t) => {
  const a = archProfile('x86_64', 4096, '5.12');
  const b = archProfile('x86_64', 4096, '6.6');
  t.is(kmallocSizeRoundup(a, 448), 512);
  t.is(skbHeadAllocBytes(a, 64), 512);
  t.is(skbHeadAllocBytes(a, 64 + 1500), 2048);
  t.is(skbHeadAllocBytes(b, 64), 640);
  t.is(skbHeadAllocBytes(b, 128), 640);
});
