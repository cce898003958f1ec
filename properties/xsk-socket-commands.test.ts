/**
 * fc.commands over an AF_XDP socket and its NIC queue (campaign/commands/xsk-socket.ts):
 * submit, sendto, time passing, reaping and link flaps in any order, then a fault-free drain
 * and the leak checks, on kernels drawn from the registry (stable releases around each XSK
 * backport, the jammy linux-azure kernel, with/without sets of the XSK entries). Coverage
 * counters prove the sequences reach CQ full, TX_BUSY, a full socket send buffer, drops on a
 * down link and invalid descriptors; a failure names the kernel it ran on.
 */
import test from 'ava';
import fc from 'fast-check';
import { readBugReport } from '../campaign/bug-report.ts';
import { xskSocketProperty, xskSystemConfigs } from '../campaign/commands/xsk-socket.ts';
import { replayReport } from '../campaign/replay.ts';

/** The failure of an fc.check run: the thrown error's message (it starts with the kernel) and the counterexample. */
function failureText<T extends unknown[]>(details: fc.RunDetails<T>): string {
  if (!details.failed) return '';
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return `${error}\nseed ${details.seed}, path ${details.counterexamplePath}\ncounterexample: ${fc.stringify(details.counterexample)}`;
}

test('XSK socket commands: every valid descriptor completes exactly once, nothing leaks (P1, P3, P4, P5)', (t) => {
  const coverage: Record<string, number> = {};
  const details = fc.check(
    xskSocketProperty((labels) => {
      for (const l of labels) coverage[l] = (coverage[l] ?? 0) + 1;
    }),
    { seed: 42, numRuns: 200 },
  );
  t.false(details.failed, failureText(details));
  t.log(coverage);
  for (const label of ['cq-full', 'tx-busy', 'sndbuf-full', 'link-down-drop', 'invalid-desc', 'zerocopy-skb', 'batch-limit']) {
    t.true((coverage[label] ?? 0) > 0, `no sequence reached ${label}`);
  }
});

test('XSK socket commands on 5.12 with a completion ring that can fill: fc finds the build-before-reserve bug', (t) => {
  const configs = xskSystemConfigs({ allowBuildBeforeReserveCqFull: true }).map((c) => ({ ...c, kernel: '5.12' as const }));
  const details = fc.check(xskSocketProperty(undefined, configs), { seed: 7, numRuns: 200 });
  t.true(details.failed, 'expected a counterexample on 5.12');
  t.regex(String((details.errorInstance as Error).message), /^kernel 5\.12: .*cq-submit-unreserved/s);
});

test('XSK socket commands on 5.15.50 fail the same way, on 5.15.51 (a6e944f25cdb backported) they hold', (t) => {
  const on = (kernel: string) => xskSystemConfigs({ allowBuildBeforeReserveCqFull: true }).map((c) => ({ ...c, kernel }));
  const before = fc.check(xskSocketProperty(undefined, on('5.15.50')), { seed: 7, numRuns: 200 });
  t.true(before.failed, 'expected a counterexample on 5.15.50');
  t.regex(String((before.errorInstance as Error).message), /^kernel 5\.15\.50: .*cq-submit-unreserved/s);
  const after = fc.check(xskSocketProperty(undefined, on('5.15.51')), { seed: 7, numRuns: 100 });
  t.false(after.failed, failureText(after));
});

test.failing('open finding: an mlx5 SQ in error inside the devlink grace period never recovers (no TX watchdog), so a descriptor never completes', (t) => {
  const report = readBugReport(new URL('../campaign/findings/xsk-mlx5-short-frame-sq-error-never-recovers.json', import.meta.url).pathname);
  t.is(replayReport(report).verdict, 'FIXED');
});
