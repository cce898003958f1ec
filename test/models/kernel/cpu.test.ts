import test from 'ava';
import { DETACHED_CLOCK, Simulator, Violation } from '../../../engine/index.ts';
import { charge, copyCostNs, createCpuAccounting, phaseId, phaseTotals, resolveCostProfile } from '../../../models/kernel/cpu.ts';

test('charge queues work behind the core busy-until clock and totals per phase', (t) => {
  const sim = new Simulator({ seed: 1 });
  const acct = createCpuAccounting(sim, 2);
  const ph = phaseId(acct, 'xsk.tx');
  t.is(phaseId(acct, 'xsk.tx'), ph);
  t.is(charge(acct, 0, 100, ph), 100);
  t.is(charge(acct, 0, 50, ph), 150);
  t.is(charge(acct, 1, 10, ph), 10);
  t.is(acct.busyNs[0], 150);
  t.is(phaseTotals(acct)['xsk.tx'], 160);
  t.is(acct.phaseCharges[ph], 3);
});

test('an idle core starts charged work at the current time', (t) => {
  const sim = new Simulator({ seed: 1 });
  const acct = createCpuAccounting(sim, 1);
  const k = sim.register('t', () => {
    t.is(charge(acct, 0, 30, 0), 1030);
  });
  sim.schedule(1000, k);
  sim.run();
  t.is(acct.busyUntilNs[0], 1030);
});

test('non-integer or negative costs and unknown cores are violations', (t) => {
  const acct = createCpuAccounting(DETACHED_CLOCK, 1);
  t.throws(() => charge(acct, 0, 1.5, 0), { instanceOf: Violation });
  t.throws(() => charge(acct, 0, -1, 0), { instanceOf: Violation });
  t.throws(() => charge(acct, 1, 1, 0), { instanceOf: Violation });
});

test('profiles: named defaults, overrides including new keys, validation', (t) => {
  const p = resolveCostProfile('aliyun-ecs-virtio', { xskDescNs: 42, pageAllocNs: 200 });
  t.is(p.xskDescNs, 42);
  t.is(p.pageAllocNs, 200);
  t.true(resolveCostProfile('default').dmaMapIommuNs > resolveCostProfile('default').dmaMapNs);
  t.throws(() => resolveCostProfile('nope'), { message: /unknown cost profile 'nope'/ });
  t.throws(() => resolveCostProfile('default', { pageAllocNs: -1 }), { message: /pageAllocNs/ });
  t.is(copyCostNs(resolveCostProfile('default'), 1500), 10 + 150);
});
