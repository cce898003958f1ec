import test from 'ava';
import { Kind, type TSchema } from '@sinclair/typebox';
import { resolveScenario } from '../../scenario/load.ts';
import { shown } from '../../scenario/problems.ts';
import { runScenario } from '../../scenario/run.ts';
import { ScenarioFileSchema } from '../../scenario/schema.ts';
import { MAX_MODEL_SLOTS, MAX_PROBLEM_LINES } from '../../scenario/limits.ts';
import { problems } from './problem-lines.ts';

const MM1K = { kind: 'mm1k', arrivalRateHz: 1e6, serviceRateHz: 1.25e6, queueCapacity: 16 };
const base = (extra: Record<string, unknown> = {}) => ({ name: 'b', bounds: { simTimeNs: 100_000 }, workloads: [MM1K], ...extra });
const mana = (workload: Record<string, unknown> = {}, machine: Record<string, unknown> = {}) =>
  base({ machine: { cpus: 2, ...machine }, workloads: [{ kind: 'mana-rx', flow: { kind: 'tcp' }, ...workload }] });
const xsk = (nic: Record<string, unknown> = {}, workload: Record<string, unknown> = {}, machine: Record<string, unknown> = {}) =>
  base({ machine: { kernel: '5.12', ...machine }, topology: { nics: [{ name: 'eth1', driver: 'mlx5', ...nic }] }, workloads: [{ kind: 'xdpsock', packetSizesBytes: [64], ...workload }] });


test('every number in the schema has a finite minimum and maximum, every array and record a size bound', (t) => {
  const unbounded: string[] = [];
  const walk = (schema: TSchema, path: string): void => {
    switch (schema[Kind]) {
      case 'Integer':
      case 'Number': {
        const low = schema.minimum ?? schema.exclusiveMinimum;
        const high = schema.maximum ?? schema.exclusiveMaximum;
        if (!(Number.isFinite(low) && Number.isFinite(high) && high <= Number.MAX_SAFE_INTEGER)) unbounded.push(path);
        break;
      }
      case 'Array': {
        // An array of distinct items from a closed set (kernel versions) is bounded by the set.
        const closedSet = schema.uniqueItems === true && schema.items[Kind] === 'Union' && (schema.items.anyOf as TSchema[]).every((m) => m[Kind] === 'Literal');
        if (schema.maxItems === undefined && !closedSet) unbounded.push(`${path} (maxItems)`);
        walk(schema.items as TSchema, `${path}[]`);
        break;
      }
      case 'Record':
        if (schema.maxProperties === undefined) unbounded.push(`${path} (maxProperties)`);
        for (const value of Object.values(schema.patternProperties as Record<string, TSchema>)) walk(value, `${path}.*`);
        break;
      case 'Object':
        for (const [key, value] of Object.entries(schema.properties as Record<string, TSchema>)) walk(value, `${path}.${key}`);
        break;
      case 'Union':
        (schema.anyOf as TSchema[]).forEach((m, i) => walk(m, `${path}|${i}`));
        break;
      default:
        break;
    }
  };
  walk(ScenarioFileSchema, '$');
  t.deepEqual(unbounded, []);
});

test('counts are bounded in the schema, one line naming the bound: NICs, workloads, faults, metrics', (t) => {
  const nics = Array.from({ length: 5000 }, (_, i) => ({ name: `eth${i}`, driver: 'mlx5' }));
  t.deepEqual(problems(base({ topology: { nics } })), ['x.json: $.topology.nics: expected at most 64 items, found 5000']);
  t.deepEqual(problems(base({ workloads: Array.from({ length: 20_000 }, () => MM1K) })), ['x.json: $.workloads: expected at most 256 items, found 20000']);
  // Items of an array over its bound are not checked one by one (100,000 bad faults are one line).
  t.deepEqual(problems(base({ faults: Array.from({ length: 100_000 }, () => ({ kind: 'bogus' })) })), ['x.json: $.faults: expected at most 1024 items, found 100000']);
  t.deepEqual(problems(base({ outputs: { metrics: Array.from({ length: 5000 }, (_, i) => `m${i}`) } })), ['x.json: $.outputs.metrics: expected at most 4096 items, found 5000']);
  t.deepEqual(problems(base({ topology: { nics: [{ name: 'a-very-long-interface-name', driver: 'mlx5' }] } })), [
    'x.json: $.topology.nics[0].name: expected string of at most 15 characters matching /^[A-Za-z0-9_.-]+$/, found "a-very-long-interface-name"',
  ]);
});

test('ring, queue and buffer sizes are bounded by the driver maxima where the driver states one', (t) => {
  t.deepEqual(problems(base({ topology: { nics: [{ name: 'e', driver: 'virtio_net', txRingEntries: 1 << 24 }] } })), [
    'x.json: $.topology.nics[0].txRingEntries: expected integer >= 1 and <= 32768, found 16777216',
  ]);
  t.deepEqual(problems(base({ topology: { nics: [{ name: 'e', driver: 'mlx5', txRingEntries: 16384, rxQueueSizeEntries: 16384 }] } })), [
    'x.json: $.topology.nics[0].txRingEntries: expected at most 8192 for mlx5 (MLX5E_PARAMS_MAXIMUM_LOG_SQ_SIZE 13), found 16384',
    'x.json: $.topology.nics[0].rxQueueSizeEntries: expected at most 8192 for mlx5 (MLX5E_PARAMS_MAXIMUM_LOG_RQ_SIZE 13), found 16384',
  ]);
  t.deepEqual(problems(base({ topology: { nics: [{ name: 'e', driver: 'mana', queues: 65 }] } })), ['x.json: $.topology.nics[0].queues: expected at most 64 for mana (MANA_MAX_NUM_QUEUES), found 65']);
  t.deepEqual(problems(base({ faults: [{ kind: 'at', timeNs: 10, action: 'set-mtu', value: 100_000_000 }] })), ['x.json: $.faults[0].value: expected integer >= 0 and <= 65535, found 100000000']);
});

test('numbers that would make a time or a cost non-finite are scenario errors naming the field', (t) => {
  const cases: [unknown, string][] = [
    [base({ workloads: [{ ...MM1K, arrivalRateHz: 1e-300 }] }), '$.workloads[0].arrivalRateHz: expected number >= 0.001 and <= 1e9, found 1e-300'],
    [base({ workloads: [{ ...MM1K, serviceRateHz: 1e12 }] }), '$.workloads[0].serviceRateHz: expected number >= 0.001 and <= 1e9, found 1000000000000'],
    [mana({}, { costOverrides: { pageAllocNs: 1e308 } }), '$.machine.costOverrides.pageAllocNs: expected number >= 0 and <= 1e9, found 1e+308'],
    [mana({}, { costOverrides: { memcpyBytesPerNs: 1e-300 } }), '$.machine.costOverrides.memcpyBytesPerNs: expected bytes per ns from 0.001 to 1e6, found 1e-300'],
    [xsk({}, {}, { costOverrides: { hostCopyStallNsPerByte: 5000 } }), '$.machine.costOverrides.hostCopyStallNsPerByte: expected ns per byte from 0 to 1000, found 5000'],
    [xsk({}, {}, { costOverrides: { xskDesc: 5 } }), '$.machine.costOverrides.xskDesc: expected a cost name ending in its unit (NsPerByte, BytesPerNs, Ns), found "xskDesc"'],
    [mana({ flow: { kind: 'tcp', linkGbps: 1e-300 } }), '$.workloads[0].flow.linkGbps: expected number >= 0.001 and <= 1000, found 1e-300'],
    [mana({ flow: { kind: 'udp', arrivals: 'fixed', rateGbps: 1e-300 } }), '$.workloads[0].flow.rateGbps: expected number >= 0.001 and <= 1000, found 1e-300'],
    [mana({ appRateGbps: 1e-300 }), '$.workloads[0].appRateGbps: expected 0 (CPU-bound) or at least 0.001, found 1e-300'],
    [xsk({ lineRateGbps: 1e-300 }), '$.topology.nics[0].lineRateGbps: expected number >= 0.001 and <= 1000, found 1e-300'],
    [xsk({}, { nicTuning: { eth1: { deviceBytesPerNs: 1e-300 } } }), '$.workloads[0].nicTuning.eth1.deviceBytesPerNs: expected number >= 0.001 and <= 1e6, found 1e-300'],
    [base({ bounds: { simTimeNs: Number.MAX_SAFE_INTEGER } }), '$.bounds.simTimeNs: expected integer >= 1 and <= 1e15, found 9007199254740991'],
    [base({ bounds: { simTimeNs: 1000, drainTimeNs: 2e15 } }), '$.bounds.drainTimeNs: expected integer >= 0 and <= 1e15, found 2000000000000000'],
    [xsk({}, { warmupNs: Number.MAX_SAFE_INTEGER }), '$.workloads[0].warmupNs: expected integer >= 0 and <= 1e15, found 9007199254740991'],
  ];
  for (const [value, line] of cases) t.deepEqual(problems(value), [`x.json: ${line}`]);
});

test('mana-rx charges kernel costs in whole ns: a fractional override is refused, one line however many mana workloads', (t) => {
  const one = mana({}, { costOverrides: { pageAllocNs: 12.5, manaRxCqeNs: 40.5 } });
  const two = { ...one, workloads: [...one.workloads, { kind: 'mana-rx', flow: { kind: 'tcp' } }] };
  t.deepEqual(problems(two), ['x.json: $.machine.costOverrides.pageAllocNs: expected a whole number of ns (mana-rx charges kernel costs in whole ns), found 12.5']);
  // xdpsock accumulates fractional ns per batch: the fitted fractional costs of xsk-seed-table stay valid.
  t.deepEqual(problems(xsk({}, {}, { costOverrides: { pageAllocNs: 12.5, memcpyFixedNs: 37.24 } })), []);
});

test('what a builder would refuse is found at validation, naming the field the user set', (t) => {
  t.deepEqual(problems(xsk({ txRingEntries: 5 })), [
    'x.json: $.topology.nics[0].txRingEntries: expected at least 17 entries for xdpsock (mlx5 stops its TX queue when fewer than 16 slots are free), found 5',
  ]);
  t.deepEqual(problems(xsk({ txRingEntries: 17 })), []);
  t.deepEqual(problems(xsk({ driver: 'generic', txRingEntries: 1 })), ['x.json: $.topology.nics[0].txRingEntries: expected at least 2 entries for xdpsock, found 1']);
  t.deepEqual(problems(xsk({}, { nicTuning: { eth1: { stopRoomSlots: 2000 } } })), [
    'x.json: $.workloads[0].nicTuning.eth1.stopRoomSlots: expected less than the TX ring of eth1 (1024 entries, the mlx5 default), found 2000',
  ]);
  t.deepEqual(problems(xsk({}, { nicTuning: { eth9: {} } })), ['x.json: $.workloads[0].nicTuning.eth9: expected a NIC of topology.nics (eth1), found "eth9"']);
  t.deepEqual(problems(xsk({}, { frameSizeBytes: 65536 })), [
    'x.json: $.workloads[0].frameSizeBytes: expected at most the page size 4096 (XDP_UMEM_REG takes chunks of 2048 bytes to PAGE_SIZE), found 65536',
  ]);
  t.deepEqual(problems(xsk({}, { frameSizeBytes: 3000 })), ['x.json: $.workloads[0].frameSizeBytes: expected a power of two (aligned UMEM chunks; set "unaligned": true for others), found 3000']);
  t.deepEqual(problems(xsk({}, { frameSizeBytes: 3000, unaligned: true })), []);
  t.deepEqual(problems(xsk({}, { umemHeadroomBytes: 4000 })), ['x.json: $.workloads[0].umemHeadroomBytes: expected less than frameSizeBytes - XDP_PACKET_HEADROOM = 3840 (XDP_UMEM_REG), found 4000']);
  t.deepEqual(problems(xsk({}, { descsPerPacket: 3, invalidEvery: 5, kernels: ['6.6'] })), ['x.json: $.workloads[0].invalidEvery: expected 0 with multi-buffer packets (descsPerPacket 3), found 5']);
  t.deepEqual(problems(xsk({}, { descsPerPacket: 18, packetSizesBytes: [14], kernels: ['6.6'] })), [
    'x.json: $.workloads[0].packetSizesBytes[0]: expected a frame length that splits into 18 descriptor(s) of 1 to 4096 bytes (the last descriptor would carry -3 bytes), found 14',
  ]);
  t.deepEqual(problems(mana({ flow: { kind: 'udp', arrivals: 'fixed', rateGbps: 200 } })), ['x.json: $.workloads[0].flow.rateGbps: expected at most the link rate 100, found 200']);
  t.deepEqual(problems(mana({ queues: 4, flow: { kind: 'udp', arrivals: 'fixed', rateGbps: 200, linkGbps: 25 } })), [
    'x.json: $.workloads[0].flow.rateGbps: expected at most the link rate 100 (4 queues of at most 25 Gbit/s each), found 200',
  ]);
  t.deepEqual(problems(mana({ xdp: { pass: 0 } })), ['x.json: $.workloads[0].xdp: expected at least one verdict with a positive weight (aborted, drop, pass, tx, redirect), found none']);
  t.deepEqual(problems(mana({ flow: { kind: 'udp', arrivals: 'fixed', rateGbps: 1, frameSizes: { values: [100], weights: [0] } } })), [
    'x.json: $.workloads[0].flow.frameSizes.weights: expected at least one positive weight, found none',
  ]);
});

test('an xdpsock workload is bounded in instances, and a scenario in the buffer slots its models allocate', (t) => {
  const nics = Array.from({ length: 8 }, (_, i) => ({ name: `eth${i}`, driver: 'mlx5' }));
  const many = base({ topology: { nics }, workloads: [{ kind: 'xdpsock', kernels: ['5.12', '5.15', '6.6', '6.x'], packetSizesBytes: Array.from({ length: 10 }, (_, i) => 64 + i) }] });
  t.deepEqual(problems(many), ['x.json: $.workloads[0]: expected at most 256 model instances (NICs x kernels x packet sizes), found 8 x 4 x 10 = 320']);
  const big = base({ machine: { cpus: 64 }, workloads: Array.from({ length: 3 }, () => ({ kind: 'mana-rx', queues: 64, rxQueueSizeEntries: 8192, flow: { kind: 'tcp' } })) });
  const lines = problems(big);
  t.is(lines.length, 1);
  t.regex(lines[0], new RegExp(`^x\\.json: \\$\\.workloads: expected models of at most ${MAX_MODEL_SLOTS} buffer slots .*, found 5400000 over 3 workloads \\(the largest, \\$\\.workloads\\[0\\], 1800000\\)$`));
  t.deepEqual(problems({ ...big, workloads: big.workloads.slice(0, 2) }), []);
});

test('schema errors describe what was expected in words: distinct items, objects and their fields', (t) => {
  t.deepEqual(problems(xsk({}, { kernels: ['5.15', '6.6', '5.15'] })), ['x.json: $.workloads[0].kernels: expected distinct items, found "5.15" twice, at [0] and [2]']);
  t.deepEqual(problems(base({ workloads: [{ kind: 'mana-rx' }] })), [
    'x.json: $.workloads[0].flow: missing required field, expected a flow object with "kind": "tcp" (optional fields rcvbufBytes, rttNs, linkGbps, rtoNs) or "kind": "udp" (fields arrivals, rateGbps; optional rcvbufBytes, linkGbps, burstFrames, frameBytes, frameSizes)',
  ]);
  t.deepEqual(problems(base({ topology: { nics: [5] } })), [
    'x.json: $.topology.nics[0]: expected an object with fields name, driver; optional queues, txRingEntries, rxQueueSizeEntries, mtu, neededHeadroomBytes, neededTailroomBytes, txSkbNoLinear, sg, lineRateGbps, found 5',
  ]);
  t.deepEqual(problems(base({ bounds: 'soon' })), ['x.json: $.bounds: expected a bounds object with fields simTimeNs; optional maxEvents, drainTimeNs, expect, found "soon"']);
});

test('values built in code are held to the depth and finiteness of files, whatever their depth', (t) => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  t.deepEqual(problems(base({ description: deep })), ['x.json: $.description[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: expected at most 64 levels of nested arrays and objects, found more']);
  t.deepEqual(problems(base({ bounds: { simTimeNs: Infinity } })), ['x.json: $.bounds.simTimeNs: expected a finite number, found Infinity']);
  t.deepEqual(problems(base({ workloads: [{ ...MM1K, arrivalRateHz: NaN }] })), ['x.json: $.workloads[0].arrivalRateHz: expected a finite number, found NaN']);
  t.is(shown(-Infinity), '-Infinity');
  t.is(shown(Array.from({ length: 100_000 }, (_, i) => i)).length, 60);
});

test(`a file with many problems lists ${MAX_PROBLEM_LINES} and counts the rest in one more line`, (t) => {
  const faults = Array.from({ length: 50 }, () => ({ kind: 'alloc-fail', probability: 2 }));
  const lines = problems(base({ faults }));
  t.is(lines.length, MAX_PROBLEM_LINES + 1);
  t.is(lines[0], 'x.json: $.faults[0].probability: expected number >= 0 and <= 1, found 2');
  t.is(lines[MAX_PROBLEM_LINES], `x.json: $: ${50 - MAX_PROBLEM_LINES} more problems not shown (the first ${MAX_PROBLEM_LINES} are above)`);
});

test('runs at the allowed extremes stay clean: no Infinity, NaN or unsafe time reaches the models', (t) => {
  // The longest phases, the slowest rates and the largest costs the schema allows, for a bounded number of events.
  const longest = { simTimeNs: 1e15, drainTimeNs: 1e15, maxEvents: 100_000 };
  const run = (value: Record<string, unknown>) => runScenario(resolveScenario(value, 'x.json'));
  const clean = (label: string, value: Record<string, unknown>) => {
    const result = run(value);
    t.not(result.status, 'violation', `${label}: ${result.violation?.message}`);
  };
  clean('mm1k slowest', base({ bounds: longest, workloads: [{ ...MM1K, arrivalRateHz: 1e-3, serviceRateHz: 1e-3 }] }));
  clean('mm1k fastest', base({ bounds: { simTimeNs: 10_000, maxEvents: 200_000 }, workloads: [{ ...MM1K, arrivalRateHz: 1e9, serviceRateHz: 1e9 }] }));
  const slowCosts = { pageAllocNs: 1e9, netRxStackNs: 1e9, memcpyBytesPerNs: 0.001 };
  clean('mana tcp', { ...mana({ appRateGbps: 0.001, reconfigDownNs: 1e10, flow: { kind: 'tcp', linkGbps: 0.001, rttNs: 1e10, rtoNs: 1e11 } }, { costOverrides: slowCosts }), bounds: longest });
  clean('mana udp', { ...mana({ flow: { kind: 'udp', arrivals: 'bursty', rateGbps: 0.001, linkGbps: 0.001, frameBytes: 65549, burstFrames: 65536 } }, { costOverrides: slowCosts }), bounds: longest });
  const tuning = { eth1: { deviceBytesPerNs: 0.001, devicePacketNs: 1e9, completionDelayNs: 1e9, recoveryDelayNs: 1e9 } };
  const xskCosts = { xskDescNs: 1e9, syscallNs: 1e9, hostCopyStallNsPerByte: 1000, memcpyBytesPerNs: 0.001 };
  clean('xdpsock', { ...xsk({ lineRateGbps: 0.001 }, { batchSize: 2048, packetSizesBytes: [4096], nicTuning: tuning }, { costOverrides: xskCosts }), bounds: longest });
});
