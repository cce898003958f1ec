/**
 * The scenario schema, the one source of truth for scenario files (TypeBox). It is written
 * in its *resolved* form: every field that has a default is required here and carries a
 * `default`. `ScenarioFileSchema` is derived from it by making those fields optional, and is
 * what files are validated against and what `npm run gen:schema` writes to
 * schema/scenario.schema.json. Loading a file applies the defaults, giving a
 * `ResolvedScenario`, the fully explicit form used in results and bug reports.
 *
 * Workload kinds come from the registry in scenario/workloads/index.ts; faults are a
 * discriminated union on `kind` defined here. Every count, size, time and rate has a bound
 * (scenario/limits.ts says why each is what it is), so no file the schema accepts can make
 * the models allocate without end or compute a time that is not a safe integer.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { KernelSpecSchema } from './kernel-schema.ts';
import { DRIVER_NAMES } from '../models/drivers/index.ts';
import { COST_PROFILES } from '../models/kernel/cpu.ts';
import { CPU_MODELS } from '../models/kernel/cpu-models.ts';
import { WORKLOADS } from './workloads/index.ts';
import { relaxDefaults } from './relax.ts';
import {
  MAX_COST_OVERRIDES,
  MAX_COST_VALUE,
  MAX_FAULTS,
  MAX_IFNAME_LENGTH,
  MAX_METRICS,
  MAX_NAME_LENGTH,
  MAX_NICS,
  MAX_PHASE_NS,
  MAX_QUEUES,
  MAX_RING_ENTRIES,
  MAX_WORKLOADS,
  MIN_GBPS,
} from './limits.ts';

const closed = { additionalProperties: false } as const;

function oneOf<T extends string | number>(values: readonly T[], options: { default?: T; description?: string } = {}) {
  return Type.Union(values.map((v) => Type.Literal(v)), options);
}

const NonNegativeInteger = (options: object = {}) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...options });
const Probability = Type.Number({ minimum: 0, maximum: 1, description: 'Probability per attempt, in [0, 1].' });

export const BoundsSchema = Type.Object(
  {
    simTimeNs: Type.Integer({ minimum: 1, maximum: MAX_PHASE_NS, description: 'Simulated-time horizon of the main phase, in ns.' }),
    maxEvents: Type.Integer({ minimum: 1, maximum: 2 ** 31, default: 100_000_000, description: 'Events the run may execute in total (main phase and drain).' }),
    drainTimeNs: Type.Integer({ minimum: 0, maximum: MAX_PHASE_NS, default: 1_000_000_000, description: 'Simulated time the drain phase may take to reach quiescence.' }),
    expect: oneOf(['quiescence', 'horizon'] as const, {
      default: 'horizon',
      description: "'horizon': traffic runs until simTimeNs. 'quiescence': the run must go idle before simTimeNs and maxEvents, else it is a liveness failure.",
    }),
  },
  closed,
);

export const MachineSchema = Type.Object(
  {
    arch: oneOf(['x86_64', 'arm64'] as const, { default: 'x86_64' }),
    pageSizeBytes: oneOf([4096, 16384, 65536] as const, { default: 4096, description: 'PAGE_SIZE; x86_64 supports only 4096.' }),
    kernel: KernelSpecSchema({ default: '6.x', description: 'The kernel whose behaviour the models follow: a set of registered upstream changes (`nicsim kernel <spec>` prints it).' }),
    cpu: Type.Optional(
      oneOf(CPU_MODELS.map((m) => m.name), {
        description: "The CPU model (models/kernel/cpu-models.ts): its cache line is dma_get_cache_alignment() on arm64 from 6.5, so it sets page_pool's fragment stride. Omitted: a 64-byte line.",
      }),
    ),
    // Each core is a busy-until clock and a row of per-phase totals; 1024 is above any VM size.
    cpus: Type.Integer({ minimum: 1, maximum: 1024, default: 1 }),
    costProfile: oneOf(Object.keys(COST_PROFILES), { default: 'default', description: 'CPU cost profile (models/kernel/cpu.ts).' }),
    // The unit in each name sets a tighter range, checked in scenario/check.ts (COST_UNITS).
    costOverrides: Type.Record(Type.String({ minLength: 1 }), Type.Number({ minimum: 0, maximum: MAX_COST_VALUE }), {
      default: {},
      maxProperties: MAX_COST_OVERRIDES,
      description: 'Costs that replace the profile values, in the unit the name ends in: ns per operation (…Ns), ns per byte (…NsPerByte) or bytes per ns (…BytesPerNs).',
    }),
    iommu: Type.Boolean({ default: false, description: 'DMA mappings go through an IOMMU.' }),
  },
  { ...closed, default: {} },
);

/** The drivers of models/drivers/index.ts (DRIVERS), in registry order. */
export const NIC_DRIVERS = DRIVER_NAMES;

const Entries = (description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RING_ENTRIES, description }));
// needed_headroom and needed_tailroom are unsigned short in struct net_device.
const ByteCount = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description }));

export const NicSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MAX_IFNAME_LENGTH, pattern: '^[A-Za-z0-9_.-]+$', description: 'Interface name, e.g. eth0 (at most 15 characters, IFNAMSIZ).' }),
    driver: oneOf(NIC_DRIVERS, { description: 'The NIC driver: a DRIVERS entry of models/drivers/index.ts.' }),
    queues: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_QUEUES, description: 'Number of TX/RX queue pairs.' })),
    txRingEntries: Entries('TX descriptor ring size (the driver stops its queue with fewer than its stop room free, so xdpsock needs more).'),
    rxQueueSizeEntries: Entries('RX queue size in entries.'),
    mtu: Type.Optional(Type.Integer({ minimum: 68, maximum: 65535 })),
    neededHeadroomBytes: ByteCount('dev->needed_headroom.'),
    neededTailroomBytes: ByteCount('dev->needed_tailroom.'),
    txSkbNoLinear: Type.Optional(Type.Boolean({ description: 'IFF_TX_SKB_NO_LINEAR: the driver takes skbs with no linear part.' })),
    sg: Type.Optional(Type.Boolean({ description: 'NETIF_F_SG: scatter-gather.' })),
    lineRateGbps: Type.Optional(Type.Number({ minimum: MIN_GBPS, maximum: 1000, description: 'Line rate in Gbit/s (at least 0.001: slower, one frame would take seconds on the wire).' })),
  },
  { ...closed, description: 'A network interface.' },
);

export const TopologySchema = Type.Object({ nics: Type.Array(NicSchema, { default: [], maxItems: MAX_NICS }) }, { ...closed, default: {} });

// Fault times are absolute and scheduled as they are: a safe integer is all the clock needs.
const FaultWindow = {
  startNs: NonNegativeInteger({ default: 0, description: 'Faults are injected from this simulated time...' }),
  endNs: Type.Optional(NonNegativeInteger({ description: '...until this one (omitted: until the drain phase, which is always fault-free).' })),
};

export const AllocFailFaultSchema = Type.Object(
  {
    kind: Type.Literal('alloc-fail'),
    probability: Probability,
    target: oneOf(['any', 'page', 'page-pool', 'skb'] as const, { default: 'any', description: 'Which allocator fails.' }),
    ...FaultWindow,
  },
  closed,
);

export const DmaMapFailFaultSchema = Type.Object(
  {
    kind: Type.Literal('dma-map-fail'),
    probability: Probability,
    nic: Type.Optional(Type.String({ minLength: 1, description: 'Only mappings for this NIC (omitted: all).' })),
    ...FaultWindow,
  },
  closed,
);

export const AT_ACTIONS = ['link-down', 'link-up', 'xdp-attach', 'xdp-detach', 'set-mtu', 'set-ring-entries', 'set-queues'] as const;

export const AtFaultSchema = Type.Object(
  {
    kind: Type.Literal('at'),
    timeNs: NonNegativeInteger(),
    action: oneOf(AT_ACTIONS),
    nic: Type.Optional(Type.String({ minLength: 1 })),
    // The largest argument any action takes is an MTU (65535); each action's own range is checked in scenario/check.ts.
    value: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'Argument of set-* actions.' })),
  },
  closed,
);

export const FaultSchema = Type.Union([AllocFailFaultSchema, DmaMapFailFaultSchema, AtFaultSchema]);

export const OutputsSchema = Type.Object(
  {
    recentEvents: Type.Integer({ minimum: 1, maximum: 1 << 16, default: 64, description: 'Size of the recent-event ring kept for bug reports.' }),
    metrics: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }), { uniqueItems: true, maxItems: MAX_METRICS, description: 'Only these metrics are reported (default: all).' })),
  },
  { ...closed, default: {} },
);

// A reason is one sentence printed on the report's `expected` line, so it is kept to a line or two.
const MAX_WHY_LENGTH = 240;

// Metrics are counts, bytes, times, rates and ratios, none negative: [0, 2^53) holds every one of them.
const MetricNumber = (description: string) => Type.Number({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

export const MetricBoundSchema = Type.Object(
  {
    min: Type.Optional(MetricNumber('The metric is at least this.')),
    max: Type.Optional(MetricNumber('The metric is at most this.')),
    equals: Type.Optional(Type.Union([MetricNumber('The metric is exactly this number.'), Type.String({ maxLength: MAX_NAME_LENGTH }), Type.Boolean()], { description: 'The metric is exactly this.' })),
  },
  { ...closed, minProperties: 1, description: 'Bounds on one metric; a run reproduces the outcome only if every bound holds.' },
);

export const ExpectOutcomeSchema = Type.Object(
  {
    status: oneOf(['ok', 'violation', 'liveness'] as const, { description: 'The status the run is expected to end with.' }),
    invariant: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'With status violation: the invariant expected to break.' })),
    kernelFn: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH, description: 'With status violation: the mirrored kernel function that reports it.' })),
    metrics: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }), MetricBoundSchema, {
        maxProperties: MAX_METRICS,
        description: 'Metric name (as the run reports it; `name.key` for one entry of an object metric) to bounds.',
      }),
    ),
    why: Type.String({ minLength: 1, maxLength: MAX_WHY_LENGTH, description: 'One sentence shown to the user: what the outcome demonstrates.' }),
  },
  { ...closed, description: 'The outcome a scenario that demonstrates a known bug or failure mode is expected to reproduce. It never changes the run.' },
);

const WorkloadSchema = Type.Union(WORKLOADS.map((w): TSchema => w.schema));

export const ResolvedScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
    description: Type.String({ default: '' }),
    expectOutcome: Type.Optional(ExpectOutcomeSchema),
    seed: NonNegativeInteger({ default: 1, description: 'Root seed; --seed overrides it.' }),
    bounds: BoundsSchema,
    machine: MachineSchema,
    topology: TopologySchema,
    workloads: Type.Array(WorkloadSchema, { minItems: 1, maxItems: MAX_WORKLOADS }),
    faults: Type.Array(FaultSchema, { default: [], maxItems: MAX_FAULTS }),
    outputs: OutputsSchema,
  },
  { ...closed, title: 'nicsim scenario' },
);

/** What a scenario file may contain: the resolved schema with every defaulted field optional. */
export const ScenarioFileSchema = relaxDefaults(ResolvedScenarioSchema);

export type Bounds = Static<typeof BoundsSchema>;
export type Machine = Static<typeof MachineSchema>;
export type Nic = Static<typeof NicSchema>;
export type Fault = Static<typeof FaultSchema>;
export type AtFault = Static<typeof AtFaultSchema>;
export type AtAction = (typeof AT_ACTIONS)[number];
export type Outputs = Static<typeof OutputsSchema>;
export type ExpectOutcome = Static<typeof ExpectOutcomeSchema>;
export type MetricBound = Static<typeof MetricBoundSchema>;
/** A workload as resolved; each workload module narrows it to its own schema. */
export type WorkloadSpec = { kind: string } & Record<string, unknown>;
export type ResolvedScenario = Omit<Static<typeof ResolvedScenarioSchema>, 'workloads'> & { workloads: WorkloadSpec[] };
