import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runResultHtml } from '../../cli/report.ts';
import { nicsimInProcess as cli } from '../cli/in-process.ts';

const SCENARIO = {
  name: 'mm1-tiny',
  seed: 5,
  bounds: { simTimeNs: 200000, maxEvents: 100000, expect: 'horizon' },
  workloads: [{ kind: 'mm1k', arrivalRateHz: 1000000, serviceRateHz: 1250000, queueCapacity: 16 }],
};

test.serial('cli: sweep, then plot and report its directory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const file = join(dir, 'tiny.json');
    writeFileSync(file, JSON.stringify(SCENARIO));
    const out = join(dir, 'sweep');
    const sweep = await cli('sweep', file, '--set', 'workloads.0.arrivalRateHz=500000,1000000', '--set', 'workloads.0.queueCapacity=4,16', '--seeds', '2', '--out', out, '--jobs', '1');
    t.is(sweep.code, 0, sweep.stderr);
    t.regex(sweep.stdout, /grid 3 {2}workloads\.0\.arrivalRateHz=1000000 workloads\.0\.queueCapacity=16 {2}\(2 runs, 0 failed\)/);
    t.regex(sweep.stdout, /mm1k\.meanSojournNs/);
    const rows = readFileSync(join(out, 'rows.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    t.deepEqual(rows.map((r) => r.seed), [5, 6, 5, 6, 5, 6, 5, 6]);
    t.true(rows.every((r) => r.ok && typeof r.result.fingerprint === 'string' && typeof r.result['mm1k.arrivals'] === 'number'));
    t.is(rows[0].result.fingerprint, rows.find((r) => r.gridIndex === 0 && r.seed === 5)?.result.fingerprint);
    t.notDeepEqual(rows[0].result.fingerprint, rows[1].result.fingerprint, 'different seeds, different runs');

    const svgPath = join(dir, 'chart.svg');
    const plot = await cli('plot', out, '--x', 'workloads.0.arrivalRateHz', '--y', 'mm1k.meanSojournNs', '--out', svgPath);
    t.is(plot.code, 0);
    const svg = readFileSync(svgPath, 'utf8');
    t.true(svg.startsWith('<svg'));
    t.true(svg.includes('workloads.0.queueCapacity=4'), 'the other varying parameter makes the series');

    const htmlPath = join(dir, 'report.html');
    const report = await cli('report', out, '--out', htmlPath);
    t.is(report.code, 0);
    const html = readFileSync(htmlPath, 'utf8');
    t.true(html.includes('4 grid points × 2 seeds, 8 runs, 0 failed'));
    t.true(html.includes('Metrics against workloads.0.arrivalRateHz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('cli: usage errors are one line and exit 2 before anything runs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const file = join(dir, 'tiny.json');
    writeFileSync(file, JSON.stringify(SCENARIO));
    const cases: [string[], string | RegExp][] = [
      [['sweep', file, '--set', 'workloads.0.arrivalRateHz=fast'], "nicsim: sweep: --set workloads.0.arrivalRateHz: 'fast' is not a number (the scenario has 1000000)"],
      [['sweep', file, '--seeds', '0'], 'nicsim: sweep: --seeds expects a positive integer, found "0"'],
      [['sweep', file, '--set', 'workloads.0.queueCapacity=0', '--out', join(dir, 'never')], /^.*tiny\.json with workloads\.0\.queueCapacity=0: \$\.workloads\[0\]\.queueCapacity: /],
      [['plot', dir, '--x', 'a'], "nicsim: plot: required option '--y <metric>' not specified"],
      [['report', join(dir, 'missing.json'), '--out', join(dir, 'r.html')], /^nicsim: report: .*missing\.json: no such file/],
    ];
    for (const [args, line] of cases) {
      const r = await cli(...args);
      t.deepEqual([r.code, r.stdout, r.stderr.split('\n').length], [2, '', 2], `${args.join(' ')}: ${r.stderr}`);
      if (typeof line === 'string') t.is(r.stderr, `${line}\n`);
      else t.regex(r.stderr, line);
    }
    t.false(existsSync(join(dir, 'never')), 'an invalid grid point stops the sweep before it writes anything');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cli: a run result report shows status, metrics, workload reports and the violation', (t) => {
  const html = runResultHtml({
    scenario: 'x', seed: 3, status: 'violation', fingerprint: 'ff', simTimeNs: 10, events: 2,
    metrics: { 'mm1k.arrivals': 1200 }, reports: ['M/M/1/K <report>'],
    violation: { invariant: 'pp-inflight-nonneg', kernelFn: 'page_pool_put_page', message: 'inflight -1' },
    recentEvents: [{ eventNumber: 2, timeNs: 10, kind: 'k', a: 1, b: 0 }],
  });
  t.true(html.includes('<title>nicsim run: x</title>'));
  t.true(html.includes('<td class="">mm1k.arrivals</td><td class="num">1,200</td>'));
  t.true(html.includes('<pre>M/M/1/K &lt;report&gt;</pre>'));
  t.true(html.includes('page_pool_put_page'));
  t.true(html.includes('#2 t=10 k(1, 0)'));
});
