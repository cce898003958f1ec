import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepCommand } from '../../cli/sweep.ts';
import { plotCommand } from '../../cli/plot.ts';
import { reportCommand, runResultHtml } from '../../cli/report.ts';
import { UsageError } from '../../cli/usage.ts';

const SCENARIO = {
  name: 'mm1-tiny',
  seed: 5,
  bounds: { simTimeNs: 200000, maxEvents: 100000, expect: 'horizon' },
  workloads: [{ kind: 'mm1k', arrivalRateHz: 1000000, serviceRateHz: 1250000, queueCapacity: 16 }],
};

/** Runs a command with stdout and stderr captured. */
async function quietly(fn: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  let stdout = '';
  let stderr = '';
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

test.serial('cli: sweep, then plot and report its directory', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const file = join(dir, 'tiny.json');
    writeFileSync(file, JSON.stringify(SCENARIO));
    const out = join(dir, 'sweep');
    const sweep = await quietly(() => sweepCommand([file, '--set', 'workloads.0.arrivalRateHz=500000,1000000', '--set', 'workloads.0.queueCapacity=4,16', '--seeds', '2', '--out', out, '--jobs', '1']));
    t.is(sweep.code, 0, sweep.stderr);
    t.regex(sweep.stdout, /grid 3 {2}workloads\.0\.arrivalRateHz=1000000 workloads\.0\.queueCapacity=16 {2}\(2 runs, 0 failed\)/);
    t.regex(sweep.stdout, /mm1k\.meanSojournNs/);
    const rows = readFileSync(join(out, 'rows.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    t.deepEqual(rows.map((r) => r.seed), [5, 6, 5, 6, 5, 6, 5, 6]);
    t.true(rows.every((r) => r.ok && typeof r.result.fingerprint === 'string' && typeof r.result['mm1k.arrivals'] === 'number'));
    t.is(rows[0].result.fingerprint, rows.find((r) => r.gridIndex === 0 && r.seed === 5)?.result.fingerprint);
    t.notDeepEqual(rows[0].result.fingerprint, rows[1].result.fingerprint, 'different seeds, different runs');

    const svgPath = join(dir, 'chart.svg');
    const plot = await quietly(() => plotCommand([out, '--x', 'workloads.0.arrivalRateHz', '--y', 'mm1k.meanSojournNs', '--out', svgPath]));
    t.is(plot.code, 0);
    const svg = readFileSync(svgPath, 'utf8');
    t.true(svg.startsWith('<svg'));
    t.true(svg.includes('workloads.0.queueCapacity=4'), 'the other varying parameter makes the series');

    const htmlPath = join(dir, 'report.html');
    const report = await quietly(() => reportCommand([out, '--out', htmlPath]));
    t.is(report.code, 0);
    const html = readFileSync(htmlPath, 'utf8');
    t.true(html.includes('4 grid points × 2 seeds, 8 runs, 0 failed'));
    t.true(html.includes('Metrics against workloads.0.arrivalRateHz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.serial('cli: usage errors are UsageErrors before anything runs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const file = join(dir, 'tiny.json');
    writeFileSync(file, JSON.stringify(SCENARIO));
    await t.throwsAsync(sweepCommand([file, '--set', 'workloads.0.arrivalRateHz=fast']), { instanceOf: UsageError, message: /'fast' is not a number/ });
    await t.throwsAsync(sweepCommand([file, '--seeds', '0']), { instanceOf: UsageError, message: /--seeds expects a positive integer/ });
    await t.throwsAsync(sweepCommand([file, '--set', 'workloads.0.queueCapacity=0', '--out', join(dir, 'never')]), { name: 'ScenarioError', message: /queueCapacity/ });
    t.false(existsSync(join(dir, 'never')), 'an invalid grid point stops the sweep before it writes anything');
    await t.throwsAsync(plotCommand([dir, '--x', 'a']), { instanceOf: UsageError, message: /usage/ });
    await t.throwsAsync(reportCommand([join(dir, 'missing.json'), '--out', join(dir, 'r.html')]), { instanceOf: UsageError, message: /no such file/ });
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
