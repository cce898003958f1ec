/**
 * The schema of the `xdpsock` workload (scenario/workloads/xdpsock.ts). Every count, ring
 * and time is bounded (scenario/limits.ts): instances multiply NICs by kernels by packet
 * sizes, and each instance allocates its UMEM frames and rings when it is built.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DRIVER_NAMES, DRIVERS } from '../../models/drivers/index.ts';
import type { TuningKnob } from '../../models/drivers/driver.ts';
import { KernelSpecSchema } from '../kernel-schema.ts';
import { MAX_NICS, MAX_PACKET_SIZES, MAX_PHASE_NS, MAX_XDPSOCK_INSTANCES, MIN_DEVICE_BYTES_PER_NS } from '../limits.ts';

const Int = (minimum: number, maximum: number, description: string, def?: number) =>
  Type.Optional(Type.Integer({ minimum, maximum, description, ...(def === undefined ? {} : { default: def }) }));
const Bool = (description: string) => Type.Optional(Type.Boolean({ description }));

// Delays and per-packet device times of at most 1 s keep every device event far below 2^53 ns.
const MAX_DELAY_NS = 1e9;

/** A driver's private knob (models/drivers/<name>/index.ts `tuning`) as a schema field. */
function knobSchema(driver: string, k: TuningKnob) {
  const description = `${driver}: ${k.description}`;
  switch (k.kind) {
    case 'boolean':
      return Bool(description);
    case 'integer':
      return Int(k.minimum, k.maximum, description);
    case 'delay-ns':
      return Int(0, MAX_DELAY_NS, description);
    case 'span-ns':
      // Only compared with the clock, never scheduled: the phase bound is as long as it can matter.
      return Int(0, MAX_PHASE_NS, description);
  }
}

/** Every driver's private knobs, keyed by field name, in registry order. */
function driverKnobSchemas() {
  const knobs: Record<string, ReturnType<typeof knobSchema>> = {};
  for (const name of DRIVER_NAMES) {
    for (const [field, knob] of Object.entries(DRIVERS[name].tuning as Record<string, TuningKnob>)) knobs[field] = knobSchema(name, knob);
  }
  return knobs;
}

const TuningSchema = Type.Object(
  {
    cowHeadroomBytes: Int(0, 4096, 'Headroom the driver really needs (skb_cow_head on every skb; 0 = never).'),
    stopRoomSlots: Int(1, 1 << 16, 'The queue is stopped when fewer free ring slots remain (must be below the NIC\'s txRingEntries).'),
    slotPerSg: Bool('Each SG entry takes a ring slot (no indirect descriptors).'),
    completionMode: Type.Optional(Type.Union([Type.Literal('napi'), Type.Literal('free-on-next-xmit')], { description: 'How the driver learns of completions.' })),
    completionDelayNs: Int(0, MAX_DELAY_NS, 'Interrupt/NAPI latency after the device completes.'),
    napiBudget: Int(1, 1 << 16, 'Completions per NAPI poll.'),
    devicePacketNs: Int(0, MAX_DELAY_NS, 'Device (or virtio host) time per packet.'),
    // A frame takes len / deviceBytesPerNs ns: the floor keeps a 64 KiB frame under 0.07 s.
    deviceBytesPerNs: Type.Optional(Type.Number({ minimum: MIN_DEVICE_BYTES_PER_NS, maximum: 1e6, description: 'Device (or virtio host) copy/DMA rate, at least 0.001 bytes per ns.' })),
    usesDmaApi: Bool('The driver maps buffers through the DMA API (virtio: only with ACCESS_PLATFORM).'),
    // A driver's own knobs are named after it and apply to NICs of that driver only (xdpsock-check.ts).
    ...driverKnobSchemas(),
  },
  { additionalProperties: false, description: 'Driver knobs of one NIC: the shared ones, and each driver\'s own (named "<driver>: ...").' },
);

const ReferenceSchema = Type.Object(
  {
    label: Type.String({ minLength: 1, description: 'Where the numbers come from.' }),
    // Reference figures are only printed beside the model's; 1e12 pps is above any NIC.
    pps: Type.Record(Type.String(), Type.Array(Type.Number({ minimum: 0, maximum: 1e12 }), { maxItems: MAX_PACKET_SIZES }), {
      maxProperties: MAX_NICS,
      description: 'Per NIC name, one pps per entry of packetSizesBytes.',
    }),
    fitSizesBytes: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 65536 }), { maxItems: 2, description: 'Sizes the cost parameters were fitted on (at most two).' })),
  },
  { additionalProperties: false, description: 'Measured figures to print beside the model\'s.' },
);

export const xdpsockSchema = Type.Object(
  {
    kind: Type.Literal('xdpsock'),
    nics: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: MAX_NICS, uniqueItems: true, description: 'NIC names from topology.nics (default: all).' })),
    // Every kernel is at least one model instance, so the instance bound bounds the list too.
    kernels: Type.Optional(Type.Array(KernelSpecSchema(), { minItems: 1, maxItems: MAX_XDPSOCK_INSTANCES, uniqueItems: true, description: 'Kernels to run, each a kernel spec like machine.kernel (default: machine.kernel).' })),
    packetSizesBytes: Type.Array(Type.Integer({ minimum: 14, maximum: 65536 }), { minItems: 1, maxItems: MAX_PACKET_SIZES, uniqueItems: true, description: 'xdpsock -s: frame lengths.' }),
    descsPerPacket: Int(1, 18, 'v6.6+ multi-buffer: descriptors per packet (XDP_PKT_CONTD on all but the last).', 1),
    batchSize: Int(1, 2048, 'xdpsock -b: descriptors per reserve and per completion peek.', 64),
    frameSizeBytes: Int(2048, 65536, 'UMEM chunk size.', 4096),
    // Frames and ring entries are typed arrays per instance; the scenario-wide total is bounded by MAX_MODEL_SLOTS.
    numFrames: Int(64, 1 << 20, 'UMEM frames.', 4096),
    txEntries: Int(1, 1 << 20, 'TX ring entries (power of two).', 2048),
    cqEntries: Int(1, 1 << 20, 'Completion ring entries (power of two).', 2048),
    unaligned: Bool('XDP_UMEM_UNALIGNED_CHUNK_FLAG.'),
    umemHeadroomBytes: Int(0, 65536, 'UMEM headroom.', 0),
    sndbufBytes: Int(1, 1 << 30, 'sk_sndbuf.', 212992),
    invalidEvery: Int(0, 1 << 30, 'Make every Nth descriptor invalid (0: never).', 0),
    // Only compared with the clock: a warm-up past the horizon is a run with no measurement.
    warmupNs: Int(0, MAX_PHASE_NS, 'Measurement starts here.', 100_000),
    bugV4WmemDoubleCharge: Bool('Known-bad: zero-copy head truesize charged twice, released once.'),
    bugV3TruesizeBytes: Bool('Known-bad: truesize += len instead of chunk_size in aligned mode.'),
    bugStraddleValidation: Bool('Known-bad: the v5.12.5 aligned validation accepting straddling descriptors.'),
    forceZerocopyBuild: Bool('Build zero-copy skbs whatever the device declares (the series before IFF_TX_SKB_NO_LINEAR).'),
    nicTuning: Type.Optional(Type.Record(Type.String(), TuningSchema, { maxProperties: MAX_NICS, description: 'Driver knobs per NIC name.' })),
    reference: Type.Optional(ReferenceSchema),
  },
  { additionalProperties: false, description: 'xdpsock -t -S: AF_XDP copy-mode transmit benchmark.' },
);

export type XdpsockSpec = Static<typeof xdpsockSchema>;
