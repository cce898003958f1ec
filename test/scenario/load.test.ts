import test from 'ava';
import { KERNEL_CHANGES } from '../../models/kernel/features.ts';
import { readdirSync } from 'node:fs';
import { loadScenarioFile, parseScenario, resolveScenario } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/problems.ts';
import { jsonPath } from '../../scenario/problems.ts';
import { BAD_FIXTURES } from './bad-fixtures.ts';
import { problems } from './problem-lines.ts';

const MM1K = { kind: 'mm1k', arrivalRateHz: 1e6, serviceRateHz: 1.25e6, queueCapacity: 16 };
const minimal = (extra: Record<string, unknown> = {}) => ({ name: 'minimal', bounds: { simTimeNs: 1000 }, workloads: [MM1K], ...extra });



for (const [file, expected] of Object.entries(BAD_FIXTURES)) {
  test(`scenarios/bad/${file} gives exactly its expected line`, (t) => {
    const error = t.throws(() => loadScenarioFile(`scenarios/bad/${file}`), { instanceOf: ScenarioError });
    const lines = error.lines();
    t.is(lines.length, expected.length);
    expected.forEach((line, i) => (typeof line === 'string' ? t.is(lines[i], line) : t.regex(lines[i], line)));
  });
}

test('every fixture in scenarios/bad is covered by a test', (t) => {
  const files = readdirSync('scenarios/bad').filter((f) => f.endsWith('.json') && !f.startsWith('liveness-'));
  t.deepEqual(files.sort(), Object.keys(BAD_FIXTURES).sort());
});

test('a minimal scenario resolves with every default filled in, in schema order', (t) => {
  const resolved = resolveScenario(minimal(), 'x.json');
  t.deepEqual(resolved, {
    name: 'minimal',
    description: '',
    seed: 1,
    bounds: { simTimeNs: 1000, maxEvents: 100_000_000, drainTimeNs: 1_000_000_000, expect: 'horizon' },
    machine: { arch: 'x86_64', pageSizeBytes: 4096, kernel: '6.x', cpus: 1, costProfile: 'default', costOverrides: {}, iommu: false },
    topology: { nics: [] },
    workloads: [MM1K],
    faults: [],
    outputs: { recentEvents: 64 },
  });
  t.deepEqual(Object.keys(resolved), ['name', 'description', 'seed', 'bounds', 'machine', 'topology', 'workloads', 'faults', 'outputs']);
});

test('defaults inside union members are applied (faults)', (t) => {
  const resolved = resolveScenario(minimal({ faults: [{ kind: 'alloc-fail', probability: 0.01 }] }), 'x.json');
  t.deepEqual(resolved.faults, [{ kind: 'alloc-fail', probability: 0.01, target: 'any', startNs: 0 }]);
});

test('loading does not modify the input value', (t) => {
  const value = minimal();
  resolveScenario(value, 'x.json');
  t.deepEqual(value, minimal());
});

test('every problem is reported, one line each', (t) => {
  const lines = problems({ name: '', bounds: { simTimeNs: 0, expect: 'forever' }, workloads: [], extra: 1 });
  t.deepEqual(lines, [
    'x.json: $.extra: unknown field, expected one of: $schema, name, description, expectOutcome, seed, bounds, machine, topology, workloads, faults, outputs',
    'x.json: $.name: expected non-empty string, found ""',
    'x.json: $.bounds.simTimeNs: expected integer >= 1, found 0',
    'x.json: $.bounds.expect: expected one of "quiescence", "horizon", found "forever"',
    'x.json: $.workloads: expected array of at least 1 item, found []',
  ]);
});

test('a fault is checked against the member its kind names', (t) => {
  t.deepEqual(problems(minimal({ faults: [{ kind: 'dma-map-fail', probability: 2 }] })), [
    'x.json: $.faults[0].probability: expected number >= 0 and <= 1, found 2',
  ]);
  t.deepEqual(problems(minimal({ faults: [{ kind: 'bit-flip' }] })), [
    'x.json: $.faults[0].kind: expected one of "alloc-fail", "dma-map-fail", "at", found "bit-flip"',
  ]);
  t.deepEqual(problems(minimal({ faults: [{ probability: 0.1 }] })), [
    'x.json: $.faults[0].kind: missing required field, expected one of "alloc-fail", "dma-map-fail", "at"',
  ]);
  t.deepEqual(problems(minimal({ faults: [7] })), [
    'x.json: $.faults[0]: expected object with "kind" one of "alloc-fail", "dma-map-fail", "at", found 7',
  ]);
});

test('NIC knobs are typed and NICs are closed objects', (t) => {
  t.deepEqual(problems(minimal({ topology: { nics: [{ name: 'eth0', driver: 'mana', txRingEntries: 256, sg: true, lineRateGbps: 100 }] } })), []);
  t.deepEqual(problems(minimal({ topology: { nics: [{ name: 'eth0', driver: 'e1000' }] } })), [
    'x.json: $.topology.nics[0].driver: expected one of "virtio_net", "mlx5", "mana", "generic", found "e1000"',
  ]);
  t.deepEqual(problems(minimal({ topology: { nics: [{ name: 'eth0', driver: 'mlx5', sg: 'yes', rings: 4 }] } })), [
    'x.json: $.topology.nics[0].rings: unknown field, expected one of: name, driver, queues, txRingEntries, rxQueueSizeEntries, mtu, neededHeadroomBytes, neededTailroomBytes, txSkbNoLinear, sg, lineRateGbps',
    'x.json: $.topology.nics[0].sg: expected boolean, found "yes"',
  ]);
});

test('cross-field checks: page size on x86_64, NIC names, fault windows and times', (t) => {
  t.deepEqual(problems(minimal({ machine: { pageSizeBytes: 65536 } })), [
    'x.json: $.machine.pageSizeBytes: expected 4096 on x86_64 (16384 and 65536 need arm64), found 65536',
  ]);
  t.deepEqual(problems(minimal({ machine: { arch: 'arm64', pageSizeBytes: 65536 } })), []);
  t.deepEqual(
    problems(
      minimal({
        topology: { nics: [{ name: 'eth0', driver: 'mana' }, { name: 'eth0', driver: 'mlx5' }] },
        faults: [
          { kind: 'dma-map-fail', probability: 0.1, nic: 'eth9' },
          { kind: 'alloc-fail', probability: 0.1, startNs: 500, endNs: 500 },
          { kind: 'at', timeNs: 5000, action: 'link-down', nic: 'eth0' },
        ],
      }),
    ),
    [
      'x.json: $.topology.nics[1].name: expected a unique NIC name, found a second "eth0"',
      'x.json: $.faults[0].nic: expected one of "eth0", found "eth9"',
      'x.json: $.faults[1].endNs: expected an integer > startNs (500), found 500',
      'x.json: $.faults[2].timeNs: expected at most bounds.simTimeNs (1000), found 5000',
    ],
  );
});

test('cost profiles come from models/kernel/cpu.ts, and overrides it rejects are scenario problems', (t) => {
  t.deepEqual(problems(minimal({ machine: { costProfile: 'fast' } })), [
    'x.json: $.machine.costProfile: expected one of "default", "aliyun-ecs-virtio", found "fast"',
  ]);
  t.deepEqual(problems(minimal({ machine: { costOverrides: { memcpyBytesPerNs: 0 } } })), [
    'x.json: $.machine.costOverrides.memcpyBytesPerNs: expected bytes per ns from 0.001 to 1e6, found 0',
  ]);
  t.deepEqual(problems(minimal({ machine: { costOverrides: { skbAllocNs: -1 } } })), [
    'x.json: $.machine.costOverrides.skbAllocNs: expected number >= 0 and <= 1e9, found -1',
  ]);
});

test('a kernel spec that does not resolve is one line at the part that is wrong', (t) => {
  t.deepEqual(problems(minimal({ machine: { kernel: '4.19' } })), [
    "x.json: $.machine.kernel: expected a kernel built on 5.10 or later (older kernels differ in ways models/kernel/features.ts does not record), found '4.19'",
  ]);
  t.deepEqual(problems(minimal({ machine: { kernel: '5.15.x' } })), [
    "x.json: $.machine.kernel: expected a mainline release like 6.6, a stable release like 6.6.30, a distro kernel (one of ubuntu-jammy-azure-5.15) or { base, with, without }, found '5.15.x'",
  ]);
  t.deepEqual(problems(minimal({ machine: { kernel: { base: '6.6.30', without: ['xsk-cq-reserve-first', 'no-such-change'] } } })), [
    `x.json: $.machine.kernel.without[1]: expected a registered kernel change name or 12-character id (one of ${KERNEL_CHANGES.map((c) => c.name).join(', ')}), found "no-such-change"`,
  ]);
  t.deepEqual(problems(minimal({ machine: { kernel: { base: '6.6.30', with: 'xsk-cq-full-eagain' } } })).length, 1, 'the schema holds with to a list');
  t.deepEqual(problems(minimal({ machine: { kernel: { base: '6.6.30', extra: [] } } })).length, 1);
  t.deepEqual(problems(minimal({ machine: { kernel: '5.15.60' } })), []);
  t.deepEqual(problems(minimal({ machine: { kernel: 'ubuntu-jammy-azure-5.15' } })), []);
  t.deepEqual(problems(minimal({ machine: { kernel: { base: '6.6.30', with: ['5d0b204654de'] } } })), []);
});

test('machine.cpu must be a CPU of machine.arch', (t) => {
  t.deepEqual(problems(minimal({ machine: { arch: 'x86_64', cpu: 'neoverse-n1' } })), [
    'x.json: $.machine.cpu: expected a x86_64 CPU (one of x86-64), found neoverse-n1, a arm64 CPU',
  ]);
  t.deepEqual(problems(minimal({ machine: { arch: 'arm64', pageSizeBytes: 65536, cpu: 'a64fx' } })), []);
});

test('JSON syntax errors name line and column; an empty file is one line too', (t) => {
  const error = t.throws(() => parseScenario('{\n  "name": "x",\n  "bounds": {,\n}', 'y.json'), { instanceOf: ScenarioError });
  t.is(error.lines().length, 1);
  t.regex(error.lines()[0], /^y\.json: line 3, column 14: invalid JSON: \S/);
  const empty = t.throws(() => parseScenario('', 'z.json'), { instanceOf: ScenarioError });
  t.is(empty.lines().length, 1);
  t.regex(empty.lines()[0], /^z\.json: line 1, column 1: invalid JSON: /);
});

test('a missing file is one line', (t) => {
  const error = t.throws(() => loadScenarioFile('scenarios/does-not-exist.json'), { instanceOf: ScenarioError });
  t.deepEqual(error.lines(), ['scenarios/does-not-exist.json: $: cannot read scenario: no such file']);
});

test('JSON pointers become JSON paths', (t) => {
  t.is(jsonPath(''), '$');
  t.is(jsonPath('/workloads/0/rateHz'), '$.workloads[0].rateHz');
  t.is(jsonPath('/machine/costOverrides/a b'), '$.machine.costOverrides["a b"]');
  t.is(jsonPath('/x~1y/~0z'), '$["x/y"]["~z"]');
});
