import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { BAD_FIXTURES } from '../scenario/bad-fixtures.ts';
import { nicsim } from './nicsim.ts';

const SHORT = 'test/cli/fixtures/mm1k-short.json';

test('--version and --help exit 0 and print to stdout', async (t) => {
  const [version, help] = await Promise.all([nicsim('--version'), nicsim('--help')]);
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  t.deepEqual(version, { code: 0, stdout: `nicsim ${pkg.version}\n`, stderr: '' });
  t.is(help.code, 0);
  t.regex(help.stdout, /^ {2}run +run a scenario and print its result$/m);
  t.regex(help.stdout, /3 nondeterminism, 4 liveness/);
});

test('usage errors are one line on stderr and exit 2', async (t) => {
  const runs = await Promise.all([nicsim(), nicsim('frobnicate'), nicsim('run', SHORT, '--bogus'), nicsim('run', SHORT, '--seed=abc'), nicsim('run')]);
  t.deepEqual(
    runs.map((r) => [r.code, r.stdout, r.stderr.split('\n').length]),
    runs.map(() => [2, '', 2]),
  );
  t.is(runs[1].stderr, "nicsim: unknown command 'frobnicate'; nicsim --help lists the commands\n");
  t.is(runs[3].stderr, 'nicsim: run: --seed: expected a non-negative integer, found "abc"\n');
});

test('validate: one line per problem for every bad fixture, ok for good files, exit 2', async (t) => {
  const files = readdirSync('scenarios/bad').filter((f) => f.endsWith('.json')).sort().map((f) => `scenarios/bad/${f}`);
  const run = await nicsim('validate', 'scenarios/mm1.json', ...files);
  t.is(run.code, 2);
  const okFiles = ['scenarios/mm1.json', ...files.filter((f) => f.includes('/liveness-'))];
  t.is(run.stdout, okFiles.map((f) => `${f}: ok\n`).join(''));
  const expected = files.flatMap((f) => BAD_FIXTURES[f.replace('scenarios/bad/', '')] ?? []);
  const lines = run.stderr.trimEnd().split('\n');
  t.is(lines.length, expected.length);
  expected.forEach((line, i) => (typeof line === 'string' ? t.is(lines[i], line) : t.regex(lines[i], line)));
});

test('run on a bad scenario prints its line, nothing on stdout, exit 2', async (t) => {
  const run = await nicsim('run', 'scenarios/bad/wrong-type.json', '--json');
  t.deepEqual(run, {
    code: 2,
    stdout: '',
    stderr: 'scenarios/bad/wrong-type.json: $.bounds.simTimeNs: expected integer >= 1, found "10ms"\n',
  });
});

test('a scenario expecting quiescence that hits its bound exits 4', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const run = await nicsim('run', 'scenarios/bad/liveness-quiescence.json', '--out', dir);
    t.is(run.code, 4);
    t.regex(run.stdout, /^status {7}liveness \(reproduce: nicsim run scenarios\/bad\/liveness-quiescence\.json --seed 1\)$/m);
    t.regex(run.stdout, /^recent events \(last 64\)$/m);
    t.regex(run.stderr, /^nicsim: liveness: expected quiescence within simTimeNs 1000000.*\n.*reproduce with: npx nicsim replay \S+bug-report\.json\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a scenario whose model hits an invariant violation exits 1 and says how to reproduce it', async (t) => {
  // The 5.12 XSK completion-queue overflow (build before reserve) is a real kernel bug the
  // xsk model reports as a violation.
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const run = await nicsim('run', 'test/cli/fixtures/xsk-cq-overflow-undeclared.json', '--out', dir);
    t.is(run.code, 1);
    t.regex(run.stdout, /^violation {4}\S+ in \S+ at t=\d+ns, event #\d+$/m);
    t.regex(run.stderr, /^nicsim: violation: .* \(reproduce: nicsim run test\/cli\/fixtures\/xsk-cq-overflow-undeclared\.json --seed 1\)\nbug report: .*; reproduce with: npx nicsim replay .*\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a scenario that declares the violation it demonstrates exits 0 when it is reproduced, 1 when it is not', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const [declared, fixed] = await Promise.all([
    nicsim('run', 'scenarios/xsk-cq-overflow-5.12.json', '--out', join(dir, 'declared')),
    // 5.19 reserves the CQ slot before building the skb: the declared bug is gone.
    nicsim('run', 'scenarios/xsk-cq-overflow-5.12.json', '--set', 'machine.kernel=5.19', '--out', join(dir, 'fixed')),
  ]);
  t.is(declared.code, 0, declared.stderr);
  t.regex(declared.stdout, /^expected {5}reproduced: violation cq-submit-unreserved/m);
  t.is(declared.stderr, '');
  t.deepEqual(readdirSync(join(dir, 'declared')).sort(), ['report.txt', 'result.json'], 'no bug report for an expected outcome');
  t.is(fixed.code, 1);
  t.regex(fixed.stdout, /^expected {5}NOT reproduced: /m);
  t.regex(fixed.stderr, /^nicsim: expected outcome not reproduced: expected violation cq-submit-unreserved.*, found ok \(.*\)\n$/);
});

test('the fingerprint is the same for text, --json, --events and --out, and matches an in-process run', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const trace = join(dir, 'trace.jsonl');
    const out = join(dir, 'out');
    const [text, json, full] = await Promise.all([
      nicsim('run', SHORT),
      nicsim('run', SHORT, '--json'),
      nicsim('run', SHORT, '--json', '--events', trace, '--out', out, '--seed', '3'),
    ]);
    t.deepEqual([text.code, json.code, full.code], [0, 0, 0]);
    const expected = runScenario(loadScenarioFile(SHORT)).fingerprint;
    t.regex(text.stdout, new RegExp(`^fingerprint  ${expected}$`, 'm'));
    const result = JSON.parse(json.stdout);
    t.like(result, { scenario: 'mm1k-short', seed: 3, status: 'ok', fingerprint: expected });
    t.true(result.simTimeNs >= 20_000_000 && result.events > 30_000);
    t.is(typeof result.metrics['mm1k.meanSojournNs'], 'number');
    t.is(JSON.parse(full.stdout).fingerprint, expected);
    // --out: both files complete, no temporary files left behind.
    t.deepEqual(readdirSync(out).sort(), ['report.txt', 'result.json']);
    t.is(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).fingerprint, expected);
    t.regex(readFileSync(join(out, 'report.txt'), 'utf8'), new RegExp(`^fingerprint  ${expected}$`, 'm'));
    // --trace: one JSON line per event.
    const lines = readFileSync(trace, 'utf8').trimEnd().split('\n');
    t.is(lines.length, result.events);
    t.like(JSON.parse(lines[0]), { n: 1, seq: 0, kind: 'queueing.mm1k.w0.arrival', a: 0, b: 0 });
    t.is(JSON.parse(lines.at(-1)!).n, result.events);
    t.deepEqual(readdirSync(dir).sort(), ['out', 'trace.jsonl']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--pcap and --trace write complete files and leave the fingerprint unchanged', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const scenario = 'scenarios/xsk-cq-small-5.19.json';
    const pcap = join(dir, 'tx.pcap');
    const chrome = join(dir, 'trace.json');
    const [plain, observed, toDevNull] = await Promise.all([
      nicsim('run', scenario, '--json'),
      nicsim('run', scenario, '--json', '--pcap', pcap, '--trace', chrome, '--snaplen', '64'),
      nicsim('run', scenario, '--pcap', '/dev/null', '--json'),
    ]);
    t.is(observed.code, plain.code);
    t.is(JSON.parse(observed.stdout).fingerprint, JSON.parse(plain.stdout).fingerprint);
    t.is(readFileSync(pcap).readUInt32LE(0), 0xa1b23c4d, 'nanosecond pcap magic');
    t.true(readFileSync(pcap).length > 24 + 16, 'at least one frame');
    const trace = JSON.parse(readFileSync(chrome, 'utf8')) as { traceEvents: { ph: string }[] };
    const phases = (ph: string) => trace.traceEvents.filter((e) => e.ph === ph).length;
    t.is(phases('i'), JSON.parse(observed.stdout).events, 'one instant event per executed event');
    t.true(phases('X') > 0 && phases('C') > 0, 'CPU spans and counters from the models');
    t.deepEqual(readdirSync(dir).sort(), ['trace.json', 'tx.pcap']);
    // A character device is written directly, never replaced; the run is the same run.
    t.is(toDevNull.code, plain.code);
    t.is(JSON.parse(toDevNull.stdout).fingerprint, JSON.parse(plain.stdout).fingerprint);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('output paths that cannot be written are one line and exit 2, before anything runs', async (t) => {
  const [out, trace] = await Promise.all([nicsim('run', SHORT, '--out', 'package.json/sub'), nicsim('run', SHORT, '--events', 'no-such-dir/t.jsonl')]);
  t.deepEqual(out, { code: 2, stdout: '', stderr: 'nicsim: run: --out package.json/sub: package.json is not a directory\n' });
  t.deepEqual(trace, { code: 2, stdout: '', stderr: 'nicsim: run: --events no-such-dir/t.jsonl: directory no-such-dir does not exist\n' });
});

test('check-determinism: mm1 gives the same fingerprint in two processes (exit 0); a bad file exits 2', async (t) => {
  const [good, bad] = await Promise.all([nicsim('check-determinism', 'scenarios/mm1.json'), nicsim('check-determinism', 'scenarios/bad/bad-enum.json')]);
  const golden = JSON.parse(readFileSync('test/golden/fingerprints.json', 'utf8'))['scenarios/mm1.json'];
  t.is(good.code, 0, good.stderr);
  t.is(good.stdout, `deterministic: scenarios/mm1.json seed 1: fingerprint ${golden.fingerprint} and ${golden.events} events in both runs\n`);
  t.is(bad.code, 2);
});

test('a run that violates an invariant exits 1 and writes a bug report that replay reproduces', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-cli-'));
  try {
    const run = await nicsim('run', 'test/cli/fixtures/xsk-cq-overflow-undeclared.json', '--out', dir);
    t.is(run.code, 1);
    const reportPath = join(dir, 'bug-report.json');
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { failure: { invariant: string; kernelFn: string; eventNumber: number }; seed: number; replay: string; nicsim: { node: string } };
    t.is(report.failure.invariant, 'cq-submit-unreserved');
    t.is(report.failure.kernelFn, 'xsk_destruct_skb');
    t.is(report.nicsim.node, process.version);
    t.true(run.stderr.includes(`reproduce with: ${report.replay}`), run.stderr);
    const replay = await nicsim('replay', reportPath);
    t.is(replay.code, 1);
    t.regex(replay.stdout, /^REPRODUCED: cq-submit-unreserved in xsk_destruct_skb/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
