/**
 * Fixed-seed runs of the MANA RX campaign properties over generated mana-rx scenarios
 * (campaign/suites/mana.ts), on kernels drawn from the registry, with coverage counters that
 * prove the generators reach refill failures, fragment pages shared by several skbs, XDP
 * re-attach and MTU changes with packets in flight, page_pool destroy with pages still held,
 * and jumbo buffers from the page_frag cache (kernels without fa37a8849634). A failure message
 * starts with the kernel's spec.
 *
 * The findings in campaign/findings/ are replayed: the ones the MANA model fixed must stay
 * FIXED; the open one (the driver's own xdp_save_va overwrite leak, which the model reproduces
 * from the kernel) is a known failure, and ava reports it when it starts passing.
 */
import test from 'ava';
import { readBugReport } from '../campaign/bug-report.ts';
import { checkProperty } from '../campaign/property.ts';
import { propertyFailureMessage } from '../campaign/property-report.ts';
import { replayReport } from '../campaign/replay.ts';
import type { PropertyRun } from '../campaign/property.ts';
import { kernelText, type KernelRef } from '../models/kernel/kernel-of.ts';
import { manaComesUp, manaDeterminism, manaFootprint, manaLeaks } from '../campaign/suites/mana.ts';

const REACHED = ['refill-failure', 'frag-page-shared', 'xdp-reattach-in-flight', 'mtu-change-in-flight', 'destroy-with-pages-held', 'alloc-or-dma-faults', 'jumbo-page-frag'];

/** The failure message with the shrunk case's kernel first (kernelOf(ref).spec). */
function failureMessage(run: PropertyRun): string {
  const resolved = run.failed?.outcome.result.resolved;
  const kernel = resolved === undefined ? '' : `kernel ${kernelText(resolved.machine.kernel as KernelRef)}: `;
  return `${kernel}${propertyFailureMessage(run)}`;
}

for (const [property, seed, numRuns] of [
  [manaLeaks, 11, 120],
  [manaFootprint, 12, 80],
  [manaComesUp, 13, 80],
  [manaDeterminism, 14, 25],
] as const) {
  test(`${property.name} [${property.checks.join(', ')}]`, (t) => {
    const run = checkProperty(property, { seed, numRuns });
    t.is(run.failed, undefined, failureMessage(run));
    t.log(run.coverage);
    if (numRuns >= 100) for (const label of REACHED) t.true((run.coverage[label] ?? 0) > 0, `no case reached ${label}`);
  });
}

const findingReport = (name: string) => readBugReport(new URL(`../campaign/findings/${name}.json`, import.meta.url).pathname);

// Fixed in the model (commit 9ebfe13: rtnl-serialised reconfigurations, no direct recycling
// from the XDP_TX completion); they must stay fixed.
for (const finding of ['mana-xdp-tx-pp-direct-after-destroy', 'mana-overlapping-reconfig-port-down']) {
  test(`fixed finding ${finding} stays FIXED`, (t) => {
    const replay = replayReport(findingReport(finding));
    t.is(replay.verdict, 'FIXED', replay.explanation);
  });
}

// The driver's own xdp_save_va overwrite leak (WARN_ON_ONCE in mana_rx_skb), which the model
// reproduces on purpose (models/mana/rx-path.ts): a known failure until the driver changes.
test.failing('open finding mana-alloc-fail-during-xdp-detach-page-leak (driver xdp_save_va leak) is still there', (t) => {
  t.is(replayReport(findingReport('mana-alloc-fail-during-xdp-detach-page-leak')).verdict, 'FIXED');
});
