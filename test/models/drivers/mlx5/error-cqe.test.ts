import test from 'ava';
import { mlx5eCalcMinInline } from '../../../../models/drivers/mlx5/xmit.ts';
import { txStartDrain } from '../../../../models/nic/tx-queue.ts';
import { harness, postFrames, sendto } from '../../xsk/harness.ts';

function runAll(h: ReturnType<typeof harness>): void {
  h.sim.run({});
  txStartDrain(h.xs.q);
  h.sim.run({});
}

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
