/**
 * Kernel specs at the scenario level (issue 14): row 1 of the kernel review pinned on the shipped
 * xsk-cq-overflow scenario, run on the kernels users have; results and bug reports carry the
 * resolved set; and a replayed report says when today's registry resolves its kernel differently.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { buildBugReport, kernelDifferences } from '../../campaign/bug-report.ts';
import { resolveScenario } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import type { KernelSpec } from '../../models/kernel/kernel-spec.ts';

const FILE = 'scenarios/xsk-cq-overflow-5.12.json';

/** The shipped CQ-overflow scenario (16-entry completion ring) on another kernel, without its declared outcome. */
function onKernel(kernel: KernelSpec) {
  const { expectOutcome: _declared, $schema: _schema, ...file } = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  const machine = { ...(file.machine as object), kernel };
  return runScenario(resolveScenario({ ...file, machine }, FILE), { file: FILE });
}

const CASES: readonly [KernelSpec, 'ok' | 'violation', string][] = [
  ['5.12', 'violation', 'the seed series builds the skb before it reserves the CQ slot'],
  ['5.15', 'violation', 'mainline 5.15 has the bug'],
  ['5.15.0', 'violation', '5.15.0 is mainline 5.15'],
  ['5.15.50', 'violation', 'the last 5.15.y before the backport'],
  ['5.15.51', 'ok', 'a6e944f25cdb reached 5.15.y in 5.15.51'],
  ['5.15.60', 'ok', 'a later 5.15.y'],
  ['ubuntu-jammy-azure-5.15', 'ok', 'jammy follows 5.15.y past 5.15.51'],
  ['5.18.7', 'violation', '5.18.y before its backport'],
  ['5.18.8', 'ok', 'a6e944f25cdb reached 5.18.y in 5.18.8'],
  ['5.19', 'ok', 'the fix entered mainline in 5.19'],
  [{ base: '5.15.60', without: ['xsk-cq-reserve-first'] }, 'violation', 'a 5.15.60 with the fix reverted'],
  [{ base: '5.15', with: ['a6e944f25cdb'] }, 'ok', 'mainline 5.15 with the fix applied, named by id'],
];

for (const [kernel, status, why] of CASES) {
  test(`xsk-cq-overflow on ${JSON.stringify(kernel)}: ${status} (${why})`, (t) => {
    const result = onKernel(kernel);
    t.is(result.status, status);
    if (status === 'violation') t.is(result.violation?.invariant, 'cq-submit-unreserved');
    else t.true((result.metrics[Object.keys(result.metrics).find((m) => m.endsWith('.errors'))!] as Record<string, number>).cqFull > 0, 'the small ring did fill');
    const [recorded] = result.kernels;
    t.is(recorded.spec, typeof kernel === 'string' ? kernel : JSON.stringify(kernel));
    t.is(recorded.changes.find((c) => c.name === 'xsk-cq-reserve-first')?.in, status === 'ok');
  });
}

test('a bug report carries the resolved kernels, and replay names a change the registry now resolves differently', (t) => {
  const result = onKernel('5.15.50');
  const report = buildBugReport({ result, checkEveryEvent: false, origin: { by: 'run' } });
  t.deepEqual(report.kernels, result.kernels);
  t.deepEqual(kernelDifferences(report.kernels), [], 'today resolves 5.15.50 the same');
  // A report written when the registry placed the backport elsewhere (here: a recorded 'in').
  const older = report.kernels!.map((k) => ({ ...k, changes: k.changes.map((c) => (c.name === 'xsk-cq-reserve-first' ? { ...c, in: true } : c)) }));
  t.deepEqual(kernelDifferences(older), ['kernel 5.15.50 resolved differently (xsk-cq-reserve-first now out)']);
  const unknown = [{ ...report.kernels![0], spec: '5.15.zz' }];
  t.deepEqual(kernelDifferences(unknown), ['kernel 5.15.zz, which this nicsim no longer resolves']);
});
