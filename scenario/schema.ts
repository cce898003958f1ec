/**
 * The scenario schema, the one source of truth for scenario files (TypeBox). It is written
 * in its *resolved* form: every field that has a default is required here and carries a
 * `default`. `ScenarioFileSchema` is derived from it by making those fields optional, and is
 * what files are validated against and what `npm run gen:schema` writes to
 * schema/scenario.schema.json. Loading a file applies the defaults, giving a
 * `ResolvedScenario`, the fully explicit form used in results and bug reports.
 *
 * Workload kinds come from the registry in scenario/workloads/index.ts; faults are a
 * discriminated union on `kind` defined here.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { KERNEL_VERSIONS } from '../models/kernel/version.ts';
import { COST_PROFILES } from '../models/kernel/cpu.ts';
import { WORKLOADS } from './workloads/index.ts';
import { relaxDefaults } from './relax.ts';

const closed = { additionalProperties: false } as const;

function oneOf<T extends string | number>(values: readonly T[], options: { default?: T; description?: string } = {}) {
  return Type.Union(values.map((v) => Type.Literal(v)), options);
}

const NonNegativeInteger = (options: object = {}) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, ...options });
const Probability = Type.Number({ minimum: 0, maximum: 1, description: 'Probability per attempt, in [0, 1].' });

export const BoundsSchema = Type.Object(
  {
    simTimeNs: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Simulated-time horizon of the main phase, in ns.' }),
    maxEvents: Type.Integer({ minimum: 1, maximum: 2 ** 31, default: 100_000_000, description: 'Events the run may execute in total (main phase and drain).' }),
    drainTimeNs: NonNegativeInteger({ default: 1_000_000_000, description: 'Simulated time the drain phase may take to reach quiescence.' }),
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
    kernel: oneOf(KERNEL_VERSIONS, { default: '6.x', description: 'Kernel version whose behaviour the models follow.' }),
    cpus: Type.Integer({ minimum: 1, maximum: 1024, default: 1 }),
    costProfile: oneOf(Object.keys(COST_PROFILES), { default: 'default', description: 'CPU cost profile (models/kernel/cpu.ts).' }),
    costOverrides: Type.Record(Type.String(), Type.Number({ minimum: 0 }), { default: {}, description: 'Per-operation costs in ns that replace the profile values.' }),
    iommu: Type.Boolean({ default: false, description: 'DMA mappings go through an IOMMU.' }),
  },
  { ...closed, default: {} },
);

export const NIC_DRIVERS = ['virtio_net', 'mlx5', 'mana', 'generic'] as const;

const PositiveInteger = (description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum: 1 << 24, description }));
const ByteCount = (description: string) => Type.Optional(Type.Integer({ minimum: 0, maximum: 1 << 20, description }));

export const NicSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9_.-]+$', description: 'Interface name, e.g. eth0.' }),
    driver: oneOf(NIC_DRIVERS),
    queues: PositiveInteger('Number of TX/RX queue pairs.'),
    txRingEntries: PositiveInteger('TX descriptor ring size.'),
    rxQueueSizeEntries: PositiveInteger('RX queue size in entries.'),
    mtu: Type.Optional(Type.Integer({ minimum: 68, maximum: 65535 })),
    neededHeadroomBytes: ByteCount('dev->needed_headroom.'),
    neededTailroomBytes: ByteCount('dev->needed_tailroom.'),
    txSkbNoLinear: Type.Optional(Type.Boolean({ description: 'IFF_TX_SKB_NO_LINEAR: the driver takes skbs with no linear part.' })),
    sg: Type.Optional(Type.Boolean({ description: 'NETIF_F_SG: scatter-gather.' })),
    lineRateGbps: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
  },
  closed,
);

export const TopologySchema = Type.Object({ nics: Type.Array(NicSchema, { default: [] }) }, { ...closed, default: {} });

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
    value: Type.Optional(Type.Integer({ minimum: 0, description: 'Argument of set-* actions.' })),
  },
  closed,
);

export const FaultSchema = Type.Union([AllocFailFaultSchema, DmaMapFailFaultSchema, AtFaultSchema]);

export const OutputsSchema = Type.Object(
  {
    recentEvents: Type.Integer({ minimum: 1, maximum: 1 << 16, default: 64, description: 'Size of the recent-event ring kept for bug reports.' }),
    metrics: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description: 'Only these metrics are reported (default: all).' })),
  },
  { ...closed, default: {} },
);

const WorkloadSchema = Type.Union(WORKLOADS.map((w): TSchema => w.schema));

export const ResolvedScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1 }),
    description: Type.String({ default: '' }),
    seed: NonNegativeInteger({ default: 1, description: 'Root seed; --seed overrides it.' }),
    bounds: BoundsSchema,
    machine: MachineSchema,
    topology: TopologySchema,
    workloads: Type.Array(WorkloadSchema, { minItems: 1 }),
    faults: Type.Array(FaultSchema, { default: [] }),
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
/** A workload as resolved; each workload module narrows it to its own schema. */
export type WorkloadSpec = { kind: string } & Record<string, unknown>;
export type ResolvedScenario = Omit<Static<typeof ResolvedScenarioSchema>, 'workloads'> & { workloads: WorkloadSpec[] };
