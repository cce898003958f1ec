/**
 * Every bound a scenario file is held to, in one place, each with the reason for its value.
 * A scenario is a small text file that can ask for unbounded work (thousands of NICs, a
 * rate whose mean gap is 1e300 ns); these bounds make such a file a one-line scenario error
 * instead of gigabytes of memory, a stack overflow or a model violation. They are chosen so
 * that no real configuration comes near them: where a kernel or a driver has a maximum, the
 * bound is that maximum; where none exists, it is far above anything a user would simulate.
 *
 * Time: simulated time is integer ns and must stay a safe integer (2^53 - 1, about 104 days)
 * everywhere an event is scheduled. The main phase and the drain are each bounded by
 * MAX_PHASE_NS, so the clock never passes 2e15 ns; every single delay a model schedules (a
 * gap, a cost, a timeout) is bounded by the fields below to well under 1e15 ns, so no event
 * time can reach 2^53 (9.007e15).
 */

/** Scenario files are read whole; the largest shipped scenario is 3 KB. */
export const MAX_SCENARIO_BYTES = 16 * 1024 * 1024;

/**
 * Nesting of arrays and objects in a scenario file. The schema's deepest path has six levels
 * ($.workloads[0].flow.frameSizes.values[0]); 64 leaves room for what editors add and keeps
 * every recursive walk of the value (schema check, clone, defaults) a few frames deep.
 */
export const MAX_JSON_DEPTH = 64;

/** Problems listed for one file; the rest are counted in one more line. */
export const MAX_PROBLEM_LINES = 20;

/** Problems collected before the schema check stops looking (a file of 100,000 bad items). */
export const MAX_PROBLEMS_COLLECTED = 200;

/** topology.nics: a server has a few NICs; each one is a simulated device in every xdpsock instance. */
export const MAX_NICS = 64;

/** workloads: each builds a model (its own RX queues, UMEM, rings); shipped scenarios use one or two. */
export const MAX_WORKLOADS = 256;

/** faults: each is an event or a window of events; a campaign case injects a handful. */
export const MAX_FAULTS = 1024;

/** outputs.metrics: names to keep; an xdpsock instance reports about 25 metrics. */
export const MAX_METRICS = 4096;

/** machine.costOverrides: the cost profiles have about 40 keys in all. */
export const MAX_COST_OVERRIDES = 256;

/** Names (scenario, metric): long enough for any label, short enough to print on one line. */
export const MAX_NAME_LENGTH = 256;

/** IFNAMSIZ (16) including the NUL: the longest interface name Linux accepts. */
export const MAX_IFNAME_LENGTH = 15;

/**
 * Descriptor ring and RX queue entries of a NIC, whatever the driver: the virtio 1.x Queue
 * Size maximum (32768). The drivers with a lower maximum are checked in scenario/check.ts.
 */
export const MAX_RING_ENTRIES = 32768;

/** Per-driver ring maxima (TX ring, RX queue), where the driver states one, with the constant that states it. */
export const DRIVER_MAX_RING_ENTRIES: Readonly<Record<string, { entries: number; txSource: string; rxSource: string }>> = {
  // MLX5E_PARAMS_MAXIMUM_LOG_SQ_SIZE and _LOG_RQ_SIZE are 13, drivers/net/ethernet/mellanox/mlx5/core/en.h.
  mlx5: { entries: 8192, txSource: 'MLX5E_PARAMS_MAXIMUM_LOG_SQ_SIZE 13', rxSource: 'MLX5E_PARAMS_MAXIMUM_LOG_RQ_SIZE 13' },
  // MAX_TX_BUFFERS_PER_QUEUE and MAX_RX_BUFFERS_PER_QUEUE, include/net/mana/mana.h.
  mana: { entries: 8192, txSource: 'MAX_TX_BUFFERS_PER_QUEUE', rxSource: 'MAX_RX_BUFFERS_PER_QUEUE' },
};

/** Queue pairs of a NIC: VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MAX (0x8000), the highest of the drivers modelled. */
export const MAX_QUEUES = 32768;

/** MANA_MAX_NUM_QUEUES, include/net/mana/mana.h. */
export const MANA_MAX_QUEUES = 64;

/**
 * The main phase (bounds.simTimeNs) and the drain (bounds.drainTimeNs): 1e15 ns, about 11.6
 * simulated days, each. Together they leave 7e15 ns below 2^53 for the delays in flight.
 */
export const MAX_PHASE_NS = 1e15;

/**
 * Costs in machine.costOverrides, by the unit their name ends in (units come last in names):
 * `…Ns` is ns per operation, at most 1 s (real kernel operations take ns to µs; a batch of 2048
 * descriptors of 40 operations each then stays under 1e14 ns); `…NsPerByte` is ns per byte, at
 * most 1000 (1 MB/s, so a 64 KiB frame costs at most 6.6e7 ns); `…BytesPerNs` is a copy rate,
 * at least 0.001 (1 MB/s, the same floor seen from the other side) and at most 1e6 (1 PB/s).
 */
export const COST_UNITS = [
  { suffix: 'NsPerByte', unit: 'ns per byte', minimum: 0, maximum: 1e3 },
  { suffix: 'BytesPerNs', unit: 'bytes per ns', minimum: 1e-3, maximum: 1e6 },
  { suffix: 'Ns', unit: 'ns per operation', minimum: 0, maximum: 1e9 },
] as const;

/** The largest value any cost unit allows; the schema holds every cost to it. */
export const MAX_COST_VALUE = 1e9;

/**
 * Event rates in Hz (mm1k): the mean gap 1e9 / rate must be at least 1 ns (the clock's
 * resolution: faster, most gaps round to 0 and time stands still) and at most 1e12 ns, so an
 * exponential draw (at most about 40 times the mean) stays far below 2^53.
 */
export const MIN_RATE_HZ = 1e-3;
export const MAX_RATE_HZ = 1e9;

/**
 * Link and data rates in Gbit/s: at least 1 Mbit/s, so one 64 KiB frame takes at most 5.2e8 ns
 * on the wire; at most 1000 (the schema's existing ceiling, above any Ethernet standard).
 */
export const MIN_GBPS = 1e-3;

/** Device copy rate (deviceBytesPerNs): the same 1 MB/s floor as the cost profile's copy rate. */
export const MIN_DEVICE_BYTES_PER_NS = 1e-3;

/** Weights of a distribution (XDP verdicts, frame sizes): their sum must stay finite and exact. */
export const MAX_WEIGHT = 1e6;

/** Frame sizes in a UDP size distribution, and packet sizes of one xdpsock workload. */
export const MAX_DISTRIBUTION_VALUES = 1024;
export const MAX_PACKET_SIZES = 64;

/** Model instances of one xdpsock workload (NICs x kernels x packet sizes), each a simulated machine. */
export const MAX_XDPSOCK_INSTANCES = 256;

/**
 * Simulated buffer slots over the whole scenario (ring entries, UMEM frames and pages, RX
 * buffers, socket receive-queue places), each of which costs memory when the models are
 * built: 2^22. Two MANA ports at their maximum (64 queues of 8192 buffers, TCP receive
 * queues of the default 6 MB) are 3.6 million slots and run in under 400 MB of RSS with a
 * 256 MB heap; sixteen of them (29 million slots) exhausted that heap.
 */
export const MAX_MODEL_SLOTS = 1 << 22;

/**
 * A kernel spec string ('5.15.60', 'ubuntu-jammy-azure-5.15') is at most 64 characters, and a
 * with/without list names at most 64 changes: both far above anything the registries hold, so
 * only a broken file reaches them.
 */
export const MAX_KERNEL_SPEC_LENGTH = 64;
export const MAX_KERNEL_CHANGES = 64;
