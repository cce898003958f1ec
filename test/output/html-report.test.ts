import test from 'ava';
import { escapeHtml, namespaceSvgIds, renderHtmlReport, runReport, sweepReport } from '../../output/html-report.ts';
import { summarize, type SweepRow } from '../../output/sweep-summary.ts';

function assertSelfContained(t: { false: (v: boolean, m?: string) => void }, html: string): void {
  t.false(/<script|<link|src="http|href="http|@import/.test(html), 'no scripts or external assets');
}

test('html-report: escapes text and renders tables', (t) => {
  t.is(escapeHtml('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  const html = renderHtmlReport({ title: 'T <1>', sections: [{ heading: 'S', text: 'a & b', table: { columns: ['name', 'value'], rows: [{ name: 'pps', value: 1916747 }] } }] });
  t.true(html.startsWith('<!DOCTYPE html>'));
  t.true(html.includes('<title>T &lt;1&gt;</title>'));
  t.true(html.includes('<td class="num">1,916,747</td>'));
  t.true(html.includes('<p>a &amp; b</p>'));
  assertSelfContained(t, html);
});

test('html-report: inline SVG ids are namespaced per chart', (t) => {
  const svg = '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"></g></svg>';
  t.is(namespaceSvgIds(svg, 'chart2'), '<svg><clipPath id="chart2-clip1"><rect/></clipPath><g clip-path="url(#chart2-clip1)"></g></svg>');
});

test('html-report: a run result becomes a summary table and one table per group', (t) => {
  const html = runReport({ scenario: 'xsk-zerocopy', seed: 42, fingerprint: 'deadbeef', metrics: { pps: 1974058, queues: [{ memoryBytes: 4194304 }] } });
  t.true(html.includes('<title>nicsim run: xsk-zerocopy</title>'));
  t.true(html.includes('<td class="">deadbeef</td>'));
  t.true(html.includes('<h2>metrics</h2>'));
  t.true(html.includes('<td class="">queues.0.memoryBytes</td><td class="num">4,194,304</td>'));
  assertSelfContained(t, html);
});

test('html-report: a sweep report has the summary, one chart per metric and every row', async (t) => {
  const rows: SweepRow[] = [];
  for (const frame of [64, 1500]) {
    for (const page of [4096, 65536]) {
      for (const seed of [1, 2]) {
        rows.push({ gridIndex: rows.length >> 1, seed, params: { 'workloads.0.frameSizeBytes': frame, 'machine.pageSizeBytes': page }, ok: true, result: { fingerprint: 'f', 'metrics.pps': frame * 10 + seed, 'metrics.memoryBytes': page } });
      }
    }
  }
  const html = await sweepReport({ rows, summary: summarize(rows) });
  t.is((html.match(/<svg/g) ?? []).length, 2, 'one chart per numeric metric');
  t.true(html.includes('Metrics against workloads.0.frameSizeBytes'));
  t.true(html.includes('<th>metrics.pps.median</th>'));
  t.true(html.includes('4 grid points × 2 seeds, 8 runs, 0 failed'));
  t.is((html.match(/<tr>/g) ?? []).length, 1 + 4 + 1 + 8, 'header + summary rows + header + all rows');
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  t.is(new Set(ids).size, ids.length, 'no duplicate ids across inline charts');
  assertSelfContained(t, html);
});
