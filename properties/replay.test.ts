/**
 * P7, second half: replaying a failure reproduces it. Cases are drawn from the known-bad
 * generators (so many of them fail); every failing case is turned into a bug report, written,
 * read back and replayed, and the replay must answer REPRODUCED with the same fingerprint.
 */
import test from 'ava';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBugReport, readBugReport, writeBugReport } from '../campaign/bug-report.ts';
import { evaluateCase } from '../campaign/property.ts';
import { replayReport } from '../campaign/replay.ts';
import { KNOWN_BAD } from '../campaign/suites/known-bad.ts';

test('every failing case replays as REPRODUCED from its written report (P7)', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-p7-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const failedBy: Record<string, number> = {};
  for (const variant of KNOWN_BAD) {
    fc.assert(
      fc.property(variant.property.scenarios(), (value) => {
        const outcome = evaluateCase(variant.property, value);
        if (outcome.failure === null) return;
        failedBy[variant.name] = (failedBy[variant.name] ?? 0) + 1;
        const report = buildBugReport({ result: outcome.result, failure: outcome.failure, checkEveryEvent: true, origin: { by: 'property', property: variant.property.name } });
        const back = readBugReport(writeBugReport(report, { dir, announce: false }));
        const replay = replayReport(back);
        if (replay.verdict !== 'REPRODUCED') throw new Error(`${variant.name}: ${replay.verdict}: ${replay.explanation}`);
      }),
      { seed: 77, numRuns: 30 },
    );
  }
  t.log(failedBy);
  for (const variant of KNOWN_BAD) t.true((failedBy[variant.name] ?? 0) > 0, `no failing case of ${variant.name} to replay`);
});
