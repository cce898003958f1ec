import test from 'ava';
import { mtuChart, ppsChart, SEED_XSK_PPS, sweepChart, type MtuRow, type PpsRow } from '../../output/plot.ts';
import { dataPoints, texts } from './svg-inspect.ts';

test('plot: pps chart overlays the seed numbers, one point per row', async (t) => {
  t.is(SEED_XSK_PPS.length, 8);
  t.deepEqual(SEED_XSK_PPS.filter((r) => r.mode === 'zerocopy').map((r) => r.pps), [1974058, 1953655, 1945463, 1904478]);
  const nicsim: PpsRow[] = [64, 512, 1024, 1500].flatMap((sizeBytes) => [
    { sizeBytes, mode: 'copy', pps: 1_900_000 - sizeBytes * 300, source: 'nicsim' as const },
    { sizeBytes, mode: 'zerocopy', pps: 1_970_000 - sizeBytes * 40, source: 'nicsim' as const },
  ]);
  const svg = await ppsChart([...nicsim, ...SEED_XSK_PPS]);
  t.true(svg.startsWith('<svg'));
  t.true(svg.trimEnd().endsWith('</svg>'));
  t.is(dataPoints(svg), 16);
  const labels = texts(svg);
  for (const title of ['frame size (bytes)', 'packets per second', 'copy', 'zerocopy', 'seed', 'nicsim']) t.true(labels.includes(title), title);
});

test('plot: MTU chart has a memory panel and a throughput panel with a point per row in each', async (t) => {
  const rows: MtuRow[] = [1500, 4000, 9000].flatMap((mtu) => [
    { mtu, pageSizeBytes: 4096, variant: 'upstream', memoryBytes: 1024 * 4096 * (mtu > 3000 ? 2 : 1), gbps: mtu / 1000 },
    { mtu, pageSizeBytes: 65536, variant: 'upstream', memoryBytes: 1024 * 65536, gbps: mtu / 900 },
  ]);
  const svg = await mtuChart(rows);
  t.is(dataPoints(svg), 12);
  const labels = texts(svg);
  for (const title of ['MTU (bytes)', 'memory per RX queue (MiB)', 'throughput (Gbit/s)', '4K pages, upstream', '64K pages, upstream']) t.true(labels.includes(title), title);
});

test('plot: sweep chart plots any metric against a parameter and rejects non-numbers', async (t) => {
  const svg = await sweepChart([{ x: 1, y: 2, series: 'a' }, { x: 2, y: 3, series: 'a' }, { x: 2, y: 1, series: 'b' }], { xTitle: 'workloads.0.frameSizeBytes', yTitle: 'pps', title: 'a sweep' });
  t.is(dataPoints(svg), 3);
  const labels = texts(svg);
  t.true(labels.includes('workloads.0.frameSizeBytes'));
  t.true(labels.includes('pps'));
  t.true(labels.includes('a sweep'));
  t.is(svg, await sweepChart([{ x: 1, y: 2, series: 'a' }, { x: 2, y: 3, series: 'a' }, { x: 2, y: 1, series: 'b' }], { xTitle: 'workloads.0.frameSizeBytes', yTitle: 'pps', title: 'a sweep' }), 'rendering is deterministic');
  await t.throwsAsync(sweepChart([{ x: 1, y: Number.NaN, series: 'a' }], { xTitle: 'x', yTitle: 'y' }), { instanceOf: TypeError, message: /row 0 has y = NaN/ });
});
