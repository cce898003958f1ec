/**
 * Every bug report committed under regressions/ is replayed: it must still REPRODUCE (the
 * known-bad switch is on in its scenario), and with its known-bad fix applied it must be
 * FIXED. Every known-bad variant must have its regression. After a deliberate model change
 * that moves the trajectory, refresh with `npm run campaign:known-bad -- --write-regressions`.
 */
import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBugReport } from '../../campaign/bug-report.ts';
import { replayReport } from '../../campaign/replay.ts';
import { KNOWN_BAD } from '../../campaign/suites/known-bad.ts';

const DIR = new URL('../../regressions/', import.meta.url).pathname;
const files = (() => {
  try {
    return readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
})();

test('every known-bad variant has a committed regression', (t) => {
  const bugs = new Set(files.map((f) => readBugReport(join(DIR, f)).knownBad?.bug));
  for (const variant of KNOWN_BAD) t.true(bugs.has(variant.name), `no regressions/*.json for known-bad variant ${variant.name}`);
  t.is(files.length >= KNOWN_BAD.length, true);
});

for (const file of files) {
  test(`regression ${file}: REPRODUCED with the bug, FIXED without it`, (t) => {
    const report = readBugReport(join(DIR, file));
    const withBug = replayReport(report);
    t.is(withBug.verdict, 'REPRODUCED', `${file}: ${withBug.explanation} (refresh: npm run campaign:known-bad -- --write-regressions)`);
    if (report.knownBad !== undefined) {
      const fixed = replayReport(report, { applyFix: true });
      t.is(fixed.verdict, 'FIXED', `${file} with ${JSON.stringify(report.knownBad.fix)}: ${fixed.explanation}`);
    }
  });
}
