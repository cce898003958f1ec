import test from 'ava';
import { DETACHED_CLOCK } from '../../../engine/index.ts';
import { createCpuAccounting } from '../../../models/kernel/cpu.ts';
import { batchBegin, batchEnd, createCpuBatch, spend, PH_COPY, PH_DRIVER } from '../../../models/nic/cpu-batch.ts';
import { runXdpsockPoint } from '../../../models/xsk/run-point.ts';
import { xdpsockFinalReap, xdpsockQuiescenceProblems } from '../../../models/xsk/xdpsock.ts';
import { harness, postFrames, sendto } from '../xsk/harness.ts';

test('cpu batch: fractional costs are carried, never lost or double-charged', (t) => {
  const acct = createCpuAccounting(DETACHED_CLOCK, 1);
  const b = createCpuBatch(acct, 0);
  for (let i = 0; i < 1000; i++) {
    batchBegin(b, 0);
    spend(b, PH_COPY, 0.3);
    spend(b, PH_DRIVER, 1.25);
    batchEnd(b);
  }
  t.is(acct.busyNs[0], 300 + 1250);
  t.is(acct.busyUntilNs[0], 1550);
});

test('line rate: a 25 Gbit/s mlx5 serializes 1500-byte frames at (1500 + 24) * 8 / 25 = 487.7 ns each', (t) => {
  const h = harness({ kernel: '5.15', nic: 'mlx5', nicOverrides: { lineRateMbps: 25_000, devicePacketNs: 0, deviceBytesPerNs: 1e6 } });
  postFrames(h.xs, 10, 1500);
  sendto(h.xs);
  const done = Array.from({ length: 10 }, (_, i) => h.xs.skbs.doneNs[i]);
  const gaps = done.slice(1).map((d, i) => d - done[i]);
  for (const g of gaps) t.true(g >= 487 && g <= 489, `gap ${g}`);
});

test('a full driver ring stops the queue: sendto gets -EAGAIN (TX busy), the descriptor is retried and nothing is lost', (t) => {
  const { model, metrics } = runXdpsockPoint({
    kernel: '5.15', nic: 'mana', packetSizeBytes: 64, stopAtNs: 400_000, txEntries: 256,
    nicOverrides: { txRingEntries: 32, completionDelayNs: 30_000 },
  }, 3_000_000);
  t.true(metrics.errors.eagainTxBusy > 10);
  t.true(model.q.counters.queueStops > 0 && model.q.counters.queueWakes > 0);
  xdpsockFinalReap(model);
  t.deepEqual(xdpsockQuiescenceProblems(model), []);
  t.is(model.xs.cq.cancelledTotal, metrics.errors.eagainTxBusy);
});

test('the CQ entry appears with the NAPI poll after the device completes, not at xmit', (t) => {
  const h = harness({ kernel: '5.19', nic: 'mlx5', nicOverrides: { completionDelayNs: 5000 } });
  postFrames(h.xs, 2, 64);
  sendto(h.xs);
  const done = h.xs.skbs.doneNs[0];
  h.sim.run({ untilNs: done + 4999 });
  t.is(h.xs.cq.producer, 0);
  h.sim.run({ untilNs: h.xs.skbs.doneNs[1] + 5000 + 1000 });
  t.is(h.xs.cq.producer, 2);
  t.is(h.xs.q.counters.dmaMaps, 2, 'mlx5 maps the 46 bytes past the 18 inlined ones');
  t.is(h.xs.q.counters.dmaUnmaps, 2);
});
