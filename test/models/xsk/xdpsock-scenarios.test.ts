/**
 * The shipped xsk-*.json scenarios and the xdpsock model end to end: reallocations per kernel
 * and NIC, the mlx5 misuse, the 5.12 CQ bug as a violation, invalid descriptors, drain and
 * leak checks, and the known-bad switches caught by the checks after the drain.
 */
import test from 'ava';
import { loadScenarioFile, resolveScenario } from '../../../scenario/load.ts';
import { runScenario } from '../../../scenario/run.ts';
import { runXdpsockPoint } from '../../../models/xsk/run-point.ts';
import { xdpsockFinalReap, xdpsockQuiescenceProblems, xdpsockStop } from '../../../models/xsk/xdpsock.ts';

const run = (file: string) => runScenario(loadScenarioFile(file), { file });

test('xsk-reallocs: 5.11 on mana reallocates every packet; 5.12+ none on virtio_net, mlx5, mana; an under-declaring generic NIC still does', (t) => {
  const r = run('scenarios/xsk-reallocs.json');
  t.is(r.status, 'ok', String(r.violation?.message ?? r.liveness));
  const m = (nic: string, k: string, key: string) => r.metrics[`xdpsock.${nic}.${k}.64.${key}`] as number;
  t.true(m('mana', '5.11', 'skbHeadReallocs') > 1000);
  t.is(m('mana', '5.11', 'skbHeadReallocs'), m('mana', '5.11', 'copySkbs'), 'every skb');
  for (const k of ['5.12', '5.15', '5.19', '6.6']) {
    for (const nic of ['virtio', 'mlx5', 'mana', 'gen-under64', 'gen-declared']) t.is(m(nic, k, 'skbHeadReallocs'), 0, `${nic} ${k}`);
    t.is(m('gen-under128', k, 'skbHeadReallocs'), m('gen-under128', k, 'copySkbs'), `gen-under128 ${k}`);
  }
  t.is(m('virtio', '5.11', 'skbHeadReallocs'), 0, 'virtio never reallocates: separate SG entry for the header');
  t.true(m('mana', '5.12', 'pps') > m('mana', '5.11', 'pps'), 'reallocation costs throughput');
});

test('xsk-mlx5-forced-zerocopy reproduces the seed error CQE; xsk-mlx5-copy runs clean', (t) => {
  const bad = run('scenarios/xsk-mlx5-forced-zerocopy.json');
  t.is(bad.status, 'ok');
  const text = bad.reports.join('\n');
  t.regex(text, /mlx5_core 0000:3b:00\.1 eth1: Error cqe on cqn 0x817, ci 0x[0-9a-f]+, qn 0x1dbb, opcode 0xd, syndrome 0x1, vendor syndrome 0x68/);
  t.regex(text, /mlx5_core 0000:3b:00\.1 eth1: ERR CQE on SQ: 0x1dbb/);
  const e = bad.metrics['xdpsock.eth1.5.12.64.errors'] as Record<string, number>;
  t.is(e.errorCqes, 2, 'one recovered, the second inside the grace period');
  t.true(e.flushedWqes > 1000);
  t.is(bad.metrics['xdpsock.eth1.5.12.64.wirePackets'], 0);
  const good = run('scenarios/xsk-mlx5-copy.json');
  t.is(good.status, 'ok');
  for (const size of [64, 1500]) {
    const g = good.metrics[`xdpsock.eth1.5.12.${size}.errors`] as Record<string, number>;
    t.is(g.errorCqes, 0);
    t.is(good.metrics[`xdpsock.eth1.5.12.${size}.zerocopySkbs`], 0);
    t.is(good.metrics[`xdpsock.eth1.5.12.${size}.wirePackets`], good.metrics[`xdpsock.eth1.5.12.${size}.copySkbs`]);
  }
  t.notRegex(good.reports.join('\n'), /Error cqe/);
});

test('xsk-cq-overflow-5.12 ends in the cq-submit-unreserved violation; 5.19 runs the same configuration clean', (t) => {
  const bad = run('scenarios/xsk-cq-overflow-5.12.json');
  t.is(bad.status, 'violation');
  t.is(bad.violation?.invariant, 'cq-submit-unreserved');
  t.is(bad.violation?.kernelFn, 'xsk_destruct_skb');
  const good = run('scenarios/xsk-cq-small-5.19.json');
  t.is(good.status, 'ok', String(good.violation?.message));
  t.true((good.metrics['xdpsock.eth0.5.19.64.errors'] as Record<string, number>).cqFull > 0);
});

test('xsk-invalid-descs: invalid descriptors counted, never completed, valid ones completed exactly once', (t) => {
  const r = run('scenarios/xsk-invalid-descs.json');
  t.is(r.status, 'ok', String(r.violation?.message ?? r.liveness));
  for (const k of ['5.12', '5.15', '6.6']) t.true((r.metrics[`xdpsock.eth0.${k}.64.errors`] as Record<string, number>).invalidDescs > 10, k);
});

test('after a drain every counter is back home: wmem 1, UMEM pages at their pin, DMA maps balanced, completions = consumed', (t) => {
  for (const nic of ['virtio_net', 'mlx5', 'mana'] as const) {
    for (const kernel of ['5.11', '5.12', '5.19', '6.6'] as const) {
      const { model, metrics } = runXdpsockPoint({ kernel, nic, packetSizeBytes: 256, stopAtNs: 300_000 }, 2_000_000);
      xdpsockFinalReap(model);
      t.deepEqual(xdpsockQuiescenceProblems(model), [], `${nic} ${kernel}`);
      t.is(model.xs.wmemAlloc, 1);
      t.is(model.xs.cq.reservedTotal, model.xs.cq.submittedTotal + model.xs.cq.cancelledTotal);
      t.true(metrics.completionsRead > 100);
    }
  }
});

test('bug switches are caught after the drain: v4 double charge leaves sk_wmem_alloc above 1', (t) => {
  const { model } = runXdpsockPoint({ kernel: '5.12', nic: 'virtio_net', packetSizeBytes: 64, stopAtNs: 100_000, bugs: { bugV4WmemDoubleCharge: true } }, 1_000_000);
  xdpsockFinalReap(model);
  t.true(xdpsockQuiescenceProblems(model).some((p) => p.startsWith('sk_wmem_alloc')));
  const scenario = resolveScenario({
    name: 'v4', bounds: { simTimeNs: 200_000 }, machine: { kernel: '5.12' },
    topology: { nics: [{ name: 'eth0', driver: 'virtio_net' }] },
    workloads: [{ kind: 'xdpsock', packetSizesBytes: [64], bugV4WmemDoubleCharge: true, sndbufBytes: 1 << 30 }],
  }, 'v4');
  const r = runScenario(scenario);
  t.is(r.status, 'violation');
  t.is(r.violation?.invariant, 'quiescent-after-drain');
  t.regex(String(r.violation?.message), /sk_wmem_alloc is \d+, expected 1/);
  // With the default sk_sndbuf the leak reaches the limit and transmission stalls for good.
  const stalled = runScenario(resolveScenario({ ...scenario, workloads: [{ kind: 'xdpsock', packetSizesBytes: [64], bugV4WmemDoubleCharge: true }] }, 'v4'));
  t.is(stalled.status, 'liveness');
});

test('v3 truesize bug lets more zero-copy skbs under the same sndbuf (truesize no longer covers the pinned chunk)', (t) => {
  const run1 = (bug: boolean) => runXdpsockPoint({ kernel: '5.12', nic: 'virtio_net', packetSizeBytes: 64, sndbufBytes: 20_000, nicOverrides: { devicePacketNs: 2000 }, bugs: { bugV3TruesizeBytes: bug } }, 500_000).model;
  const ok = run1(false);
  const bad = run1(true);
  t.true(bad.xs.skbs.peakLive > ok.xs.skbs.peakLive * 2, `${bad.xs.skbs.peakLive} vs ${ok.xs.skbs.peakLive}`);
  t.true(ok.xs.counters.eagainSndbuf > 0);
});

test('the run is deterministic: same seed, same fingerprint and metrics', (t) => {
  const a = run('scenarios/xsk-reallocs.json');
  const b = run('scenarios/xsk-reallocs.json');
  t.is(a.fingerprint, b.fingerprint);
  t.deepEqual(a.metrics, b.metrics);
});

test('xdpsockStop twice is harmless and keeps the measurement window', (t) => {
  const { model } = runXdpsockPoint({ kernel: '5.15', nic: 'virtio_net', packetSizeBytes: 64 }, 200_000);
  xdpsockStop(model);
  const end = model.stop.timeNs;
  xdpsockStop(model);
  t.is(model.stop.timeNs, end);
});

test('xsk-link-flap: NET_XMIT_DROP while the carrier is down consumes descriptors with completions, then traffic resumes', (t) => {
  const r = run('scenarios/xsk-link-flap.json');
  t.is(r.status, 'ok', String(r.violation?.message ?? r.liveness));
  const e = r.metrics['xdpsock.eth0.5.15.64.errors'] as Record<string, number>;
  t.true(e.devDownDrops > 100);
  t.is(e.ebusyXmitDrop, e.devDownDrops, 'each sendto stops at its first drop with -EBUSY');
  const wire = r.metrics['xdpsock.eth0.5.15.64.wirePackets'] as number;
  const completions = r.metrics['xdpsock.eth0.5.15.64.completionsRead'] as number;
  t.true(completions >= wire + e.devDownDrops - 64, 'dropped frames are completed too');
});

test('xsk-multibuffer-6.6: three-descriptor jumbo frames, one skb and three completions per packet, zero-copy beats copy', (t) => {
  const r = run('scenarios/xsk-multibuffer-6.6.json');
  t.is(r.status, 'ok', String(r.violation?.message ?? r.liveness));
  const zc = r.metrics['xdpsock#0.zerocopy.6.6.9000.pps'] as number;
  const cp = r.metrics['xdpsock#0.copy.6.6.9000.pps'] as number;
  t.true(zc > cp * 1.2, `${zc} vs ${cp}`);
  const skbs = r.metrics['xdpsock#0.zerocopy.6.6.9000.zerocopySkbs'] as number;
  const completions = r.metrics['xdpsock#0.zerocopy.6.6.9000.completionsRead'] as number;
  t.is(completions, skbs * 3);
});

test('multi-buffer needs 6.6: a scenario asking for it on 5.15 is refused', (t) => {
  t.throws(() => resolveScenario({
    name: 'mb', bounds: { simTimeNs: 1000 }, machine: { kernel: '5.15' },
    topology: { nics: [{ name: 'eth0', driver: 'virtio_net' }] },
    workloads: [{ kind: 'xdpsock', packetSizesBytes: [3000], descsPerPacket: 2 }],
  }, 'mb'), { message: /multi-buffer needs kernel 6.6/ });
});

test('workload kernels are kernel specs: stable releases and with/without sets run side by side; a bad one names its part', (t) => {
  const scenario = (kernels: unknown[]) => ({
    name: 'specs', seed: 3, bounds: { simTimeNs: 100_000 }, machine: { kernel: '6.6' },
    topology: { nics: [{ name: 'eth0', driver: 'generic' }] },
    workloads: [{ kind: 'xdpsock', kernels, packetSizesBytes: [3000], descsPerPacket: 3, warmupNs: 0 }],
  });
  const r = runScenario(resolveScenario(scenario(['6.6.18', { base: '6.6', with: ['xsk-copy-mb-frag-truesize'] }]), 'specs'), { file: 'specs' });
  t.is(r.status, 'ok', String(r.violation?.message ?? r.liveness));
  const peak = (k: string) => r.metrics[`xdpsock.eth0.${k}.3000.peakWmemBytes`] as number;
  t.true(peak('{"base":"6.6","with":["xsk-copy-mb-frag-truesize"]}') >= peak('6.6.18') + 2 * 4096, 'row 3: two frag pages charged per packet with 2127c6043836');
  t.throws(() => resolveScenario(scenario([{ base: '6.6', with: ['no-such-change'] }]), 'bad'), { message: /\$\.workloads\[0\]\.kernels\[0\]\.with\[0\]: expected a registered kernel change/ });
  t.throws(() => resolveScenario(scenario(['6.6', '5.15.60']), 'mb'), { message: /descsPerPacket: multi-buffer needs kernel 6\.6 or later \(cf24f5a5feea, xsk-tx-multi-buffer\), found 5\.15\.60/ });
});
