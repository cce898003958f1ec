import test from 'ava';
import { flattenSummary, median, summarize, type SweepRow } from '../../output/sweep-summary.ts';
import { flatten } from '../../output/flatten.ts';
import { csvCell, toCsv } from '../../output/csv.ts';

test('flatten: nested metrics become dotted columns', (t) => {
  t.deepEqual(flatten({ fingerprint: 'ab', metrics: { pps: 5, queues: [{ memoryBytes: 8 }], empty: [] }, none: null }), {
    fingerprint: 'ab',
    'metrics.pps': 5,
    'metrics.queues.0.memoryBytes': 8,
    'metrics.empty': '[]',
    none: null,
  });
});

test('csv: cells with commas, quotes and newlines are quoted', (t) => {
  t.is(csvCell('a,b'), '"a,b"');
  t.is(csvCell('say "hi"'), '"say ""hi"""');
  t.is(csvCell(null), '');
  t.is(toCsv(['x', 'y'], [{ x: 1, y: 'a\nb' }]), 'x,y\n1,"a\nb"\n');
});

test('summary: median, min and max per grid point over successful seeds only', (t) => {
  t.is(median([1, 2, 3]), 2);
  t.is(median([1, 2, 3, 10]), 2.5);
  const row = (gridIndex: number, seed: number, pps: number, ok = true): SweepRow => ({
    gridIndex, seed, params: { 'machine.pageSizeBytes': gridIndex === 0 ? 4096 : 65536 }, ok, result: ok ? { pps, fingerprint: 'x' } : {},
  });
  const summary = summarize([row(1, 1, 10), row(0, 1, 5), row(0, 2, 7), row(0, 3, 100), row(1, 2, 0, false)]);
  t.deepEqual(summary.map((s) => [s.gridIndex, s.runs, s.failed, s.stats.pps]), [
    [0, 3, 0, { median: 7, min: 5, max: 100 }],
    [1, 2, 1, { median: 10, min: 10, max: 10 }],
  ]);
  t.false('fingerprint' in summary[0].stats, 'non-numeric columns are not summarized');
  t.deepEqual(flattenSummary(summary)[0], { gridIndex: 0, 'machine.pageSizeBytes': 4096, runs: 3, failed: 0, 'pps.median': 7, 'pps.min': 5, 'pps.max': 100 });
});
