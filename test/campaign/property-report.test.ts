import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBugReport } from '../../campaign/bug-report.ts';
import { checkProperty } from '../../campaign/property.ts';
import { propertyFailureMessage } from '../../campaign/property-report.ts';
import { replayReport } from '../../campaign/replay.ts';
import { xsk511NoHeadroom } from '../../campaign/suites/known-bad.ts';
import { mm1kConservation } from '../../campaign/suites/mm1k.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-prop-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a failed property run writes its report with fast-check seed and path, and the message says how to replay it', (t) => {
  const dir = tempDir(t);
  const run = checkProperty(xsk511NoHeadroom.property, { seed: 5, numRuns: 50 });
  t.not(run.failed, undefined);
  const message = propertyFailureMessage(run, dir);
  const [file] = readdirSync(dir);
  t.regex(message, new RegExp(`replay: npx nicsim replay ${join(dir, file)}`));
  const report = readBugReport(join(dir, file));
  t.is(report.origin.by, 'property');
  t.is(report.origin.property, xsk511NoHeadroom.property.name);
  t.is(report.origin.fcSeed, 5);
  t.truthy(report.origin.fcPath);
  t.is(replayReport(report).verdict, 'REPRODUCED');
});

test('a passing run gives no message and writes nothing', (t) => {
  const dir = tempDir(t);
  t.is(propertyFailureMessage(checkProperty(mm1kConservation, { seed: 1, numRuns: 5 }), dir), '');
  t.deepEqual(readdirSync(dir), []);
});
