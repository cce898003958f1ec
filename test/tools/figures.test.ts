import test from 'ava';
import { runScenario } from '../../scenario/run.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import type { ResolvedScenario } from '../../scenario/schema.ts';
import { mtuChart, ppsChart, SEED_XSK_PPS } from '../../output/plot.ts';
import { buildFigures, manaRows, runForReal, xskRows, XSK_SCENARIO, type Runner } from '../../tools/figures.ts';
import { dataPoints, texts } from '../output/svg-inspect.ts';

/** The mana scenarios for 2 ms of simulated time instead of 200 ms; xsk-seed-table runs as shipped (it is fast). */
const shortRunner: Runner = (scenario: ResolvedScenario) =>
  scenario.workloads[0].kind === 'mana-rx' ? runScenario({ ...scenario, bounds: { ...scenario.bounds, simTimeNs: 2_000_000 } }) : runScenario(scenario);

const xskRun = runForReal(loadScenarioFile(XSK_SCENARIO), XSK_SCENARIO);

test('figures: xskRows takes copy and zerocopy pps at the seed sizes from the run metrics', (t) => {
  const rows = xskRows(xskRun);
  t.deepEqual(rows.map((r) => `${r.mode}/${r.sizeBytes}`), ['copy/64', 'copy/512', 'copy/1024', 'copy/1500', 'zerocopy/64', 'zerocopy/512', 'zerocopy/1024', 'zerocopy/1500']);
  for (const r of rows) {
    t.is(r.source, 'nicsim');
    t.is(r.pps, xskRun.metrics[`xdpsock.${r.mode}.5.12.${r.sizeBytes}.pps`] as number);
    // The scenario's calibration keeps every size within 5% of the seed.
    const seed = SEED_XSK_PPS.find((s) => s.mode === r.mode && s.sizeBytes === r.sizeBytes)!;
    t.true(Math.abs(r.pps - seed.pps) / seed.pps < 0.05, `${r.mode} ${r.sizeBytes}: ${r.pps} vs seed ${seed.pps}`);
  }
  // zerocopy beats copy at every size, by more at larger frames (the seed's claim).
  const gain = (size: number) => rows.find((r) => r.mode === 'zerocopy' && r.sizeBytes === size)!.pps / rows.find((r) => r.mode === 'copy' && r.sizeBytes === size)!.pps;
  t.true(gain(64) > 1 && gain(1500) > gain(64));
});

test('figures: xskRows refuses a failed run or a missing size', (t) => {
  t.throws(() => xskRows({ ...xskRun, status: 'liveness', liveness: 'went idle' }), { message: /status liveness: went idle/ });
  const metrics = { ...xskRun.metrics };
  delete metrics['xdpsock.zerocopy.5.12.1024.pps'];
  t.throws(() => xskRows({ status: 'ok', metrics }), { message: /xdpsock\.zerocopy\.<kernel>\.1024\.pps, found 0/ });
});

test('figures: the xsk chart has nicsim and seed series, one point per row', async (t) => {
  const svg = await ppsChart([...xskRows(xskRun), ...SEED_XSK_PPS]);
  t.is(dataPoints(svg), 16);
  const labels = texts(svg);
  for (const label of ['copy', 'zerocopy', 'nicsim', 'seed']) t.true(labels.includes(label), label);
});

test('figures: manaRows varies the MTU, reports MTUs the scenario rejects and plots the rest', async (t) => {
  const bases = ['scenarios/mana-64k-fullpage-tcp.json', 'scenarios/mana-64k-frag-tcp.json'].map((file) => ({ file, scenario: loadScenarioFile(file) }));
  const { points, rejected } = manaRows(bases, [1500, 9500], shortRunner);
  // 9500 is above the adapter's MTU (adapterMtuBytes 9014 - 14) for both scenarios.
  t.deepEqual(rejected.map((r) => `${r.scenario}@${r.mtu}`), ['scenarios/mana-64k-fullpage-tcp.json@9500', 'scenarios/mana-64k-frag-tcp.json@9500']);
  t.regex(rejected[0].reason, /mtu/);
  t.deepEqual(points.map((p) => [p.pageSizeBytes, p.variant, p.mtu]), [[65536, 'before', 1500], [65536, 'after', 1500]]);
  const [before, after] = points;
  // Before the patch the ring alone pins 1024 full 64K pages; after it, 1024 buffers share 31 pages.
  t.is(before.ringBytes, 1024 * 65536);
  t.true(after.memoryBytes < before.memoryBytes / 8);
  t.is(before.memoryBytes, before.ringBytes + before.poolCacheBytes + before.inFlightBytes);
  t.true(after.gbps > 2 * before.gbps, `after ${after.gbps} vs before ${before.gbps} Gbit/s`);
  const svg = await mtuChart(points);
  t.is(dataPoints(svg), 4, 'two rows, drawn in the memory and the throughput panel');
  for (const label of ['64K pages, before', '64K pages, after']) t.true(texts(svg).includes(label), label);
});

test('figures: only scenario errors count as rejected MTUs; any other error stops the figures', (t) => {
  const bases = [{ file: 'scenarios/mana-4k-frag-tcp.json', scenario: loadScenarioFile('scenarios/mana-4k-frag-tcp.json') }];
  const broken: Runner = () => {
    throw new TypeError('model bug');
  };
  t.throws(() => manaRows(bases, [1500], broken), { instanceOf: TypeError });
});

test('figures: buildFigures renders both charts and an index with their tables, the same bytes twice', async (t) => {
  const options = { run: shortRunner, mtus: [1500, 9500], manaScenarios: ['scenarios/mana-4k-frag-tcp.json'] };
  const figures = await buildFigures(options);
  t.deepEqual(Object.keys(figures.files), ['xsk-pps-vs-size.svg', 'mana-memory-throughput-vs-mtu.svg', 'index.html']);
  t.is(dataPoints(figures.files['xsk-pps-vs-size.svg']), 16);
  t.is(dataPoints(figures.files['mana-memory-throughput-vs-mtu.svg']), 2);
  const html = figures.files['index.html'];
  t.is((html.match(/<svg/g) ?? []).length, 2);
  t.true(html.includes('mana-rx.q0TotalBytes'));
  t.true(html.includes('1,974,058'), 'the seed zerocopy 64-byte pps is in the xsk table');
  t.true(html.includes(figures.xsk[0].pps.toLocaleString('en-US')), 'nicsim copy 64-byte pps is in the xsk table');
  t.true(html.includes('MTUs rejected') && html.includes('9500'));
  t.deepEqual(figures.files, (await buildFigures(options)).files);
});
