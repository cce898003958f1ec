/**
 * fc.commands over MANA driver operations under RX traffic (campaign/commands/mana-driver.ts):
 * time, XDP attach/detach, MTU and ring changes, allocation and DMA-map failure windows, then
 * a fault-free end, ifdown and the leak check. Coverage counters prove refill failures,
 * fragment pages shared by several skbs, reconfigurations with packets in flight and pools
 * destroyed while pages are still held were reached.
 */
import test from 'ava';
import fc from 'fast-check';
import { manaDriverProperty } from '../campaign/commands/mana-driver.ts';

test('MANA driver commands: footprint formula at every step, port up without faults, nothing leaks after ifdown (P1, P4, P5, P6)', (t) => {
  const coverage: Record<string, number> = {};
  fc.assert(
    manaDriverProperty((labels) => {
      for (const l of labels) coverage[l] = (coverage[l] ?? 0) + 1;
    }),
    { seed: 2026, numRuns: 150 },
  );
  t.log(coverage);
  for (const label of ['refill-failure', 'frag-page-shared', 'reconfig-with-packets-in-flight', 'destroy-with-pages-held']) {
    t.true((coverage[label] ?? 0) > 0, `no sequence reached ${label}`);
  }
});
