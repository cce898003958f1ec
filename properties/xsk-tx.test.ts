/**
 * Fixed-seed runs of the XSK generic-TX campaign properties over generated xdpsock scenarios
 * (campaign/suites/xsk.ts) on kernels drawn from the registry, with coverage counters that
 * prove the generators reach a full completion ring, TX_BUSY, a full socket send buffer, the
 * batch limit and invalid descriptors; and the 5.11 check: without headroom reservation
 * fast-check must find an unwanted reallocation. A failure names the kernel it ran on.
 */
import test from 'ava';
import { checkProperty, type PropertyRun } from '../campaign/property.ts';
import { propertyFailureMessage } from '../campaign/property-report.ts';
import { noReallocCheck, xskCaseKernel, xskDeterminism, xskLeaksAndCompletions, xskNoUnwantedRealloc, xskScenarios, xskSndbufBounded } from '../campaign/suites/xsk.ts';
import type { RunResult } from '../scenario/run.ts';

const REACHED = ['cq-full', 'tx-busy', 'sndbuf-full', 'batch-limit', 'invalid-desc', 'zerocopy-skb'];

/** The failure message with the kernel of the shrunk case in front (resolved spec text). */
function failureMessage(run: PropertyRun): string {
  if (run.failed === undefined) return '';
  return `kernel ${xskCaseKernel(run.failed.outcome.result as RunResult)}: ${propertyFailureMessage(run)}`;
}

for (const [property, numRuns] of [
  [xskLeaksAndCompletions, 150],
  [xskSndbufBounded, 100],
  [xskNoUnwantedRealloc, 100],
  [xskDeterminism, 40],
] as const) {
  test(`${property.name} [${property.checks.join(', ')}]`, (t) => {
    const run = checkProperty(property, { seed: 20261123, numRuns });
    t.is(run.failed, undefined, failureMessage(run));
    t.is(run.runs, numRuns);
    t.log(run.coverage);
    if (numRuns >= 100) for (const label of REACHED) t.true((run.coverage[label] ?? 0) > 0, `no case reached ${label}`);
  });
}

test('P2 on 5.11 (no headroom reserved): fast-check finds an unwanted reallocation', (t) => {
  const on511 = { ...xskNoUnwantedRealloc, name: 'xsk.no-unwanted-realloc@5.11', scenarios: () => xskScenarios({ kernels: ['5.11'] }), check: noReallocCheck };
  const run = checkProperty(on511, { seed: 20261123, numRuns: 200 });
  t.not(run.failed, undefined, 'expected a counterexample on 5.11');
  t.is(run.failed!.outcome.failure!.invariant, 'P2-no-unwanted-realloc');
  t.regex(run.failed!.outcome.failure!.message, /with kernel 5\.11$/);
  const shrunk = run.failed!.outcome.result.resolved!;
  t.log(`shrunk to ${shrunk.topology.nics[0].driver} on ${xskCaseKernel(run.failed!.outcome.result as RunResult)}: ${run.failed!.outcome.failure!.message}`);
});
