/**
 * fc.commands over an AF_XDP socket and its NIC queue (campaign/commands/xsk-socket.ts):
 * submit, sendto, time passing, reaping and link flaps in any order, then a fault-free drain
 * and the leak checks. Coverage counters prove the sequences reach CQ full, TX_BUSY, a full
 * socket send buffer, drops on a down link and invalid descriptors.
 */
import test from 'ava';
import fc from 'fast-check';
import { readBugReport } from '../campaign/bug-report.ts';
import { xskSocketProperty, xskSystemConfigs } from '../campaign/commands/xsk-socket.ts';
import { replayReport } from '../campaign/replay.ts';

test('XSK socket commands: every valid descriptor completes exactly once, nothing leaks (P1, P3, P4, P5)', (t) => {
  const coverage: Record<string, number> = {};
  fc.assert(
    xskSocketProperty((labels) => {
      for (const l of labels) coverage[l] = (coverage[l] ?? 0) + 1;
    }),
    { seed: 42, numRuns: 200 },
  );
  t.log(coverage);
  for (const label of ['cq-full', 'tx-busy', 'sndbuf-full', 'link-down-drop', 'invalid-desc', 'zerocopy-skb', 'batch-limit']) {
    t.true((coverage[label] ?? 0) > 0, `no sequence reached ${label}`);
  }
});

test('XSK socket commands on 5.12 with a completion ring that can fill: fc finds the build-before-reserve bug', (t) => {
  const configs = xskSystemConfigs({ allowBuildBeforeReserveCqFull: true }).map((c) => ({ ...c, kernel: '5.12' as const }));
  const details = fc.check(xskSocketProperty(undefined, configs), { seed: 7, numRuns: 200 });
  t.true(details.failed, 'expected a counterexample on 5.12');
  t.regex(String((details.errorInstance as Error).message), /cq-submit-unreserved/);
});

test.failing('open finding: an mlx5 SQ in error inside the devlink grace period never recovers (no TX watchdog), so a descriptor never completes', (t) => {
  const report = readBugReport(new URL('../campaign/findings/xsk-mlx5-short-frame-sq-error-never-recovers.json', import.meta.url).pathname);
  t.is(replayReport(report).verdict, 'FIXED');
});
