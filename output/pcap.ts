/**
 * A pcap writer (nanosecond timestamps, magic 0xa1b23c4d, link type Ethernet) that is an
 * Observer: every `frame()` a model reports becomes one record whose timestamp is the
 * simulated time and whose bytes come from frame-bytes.ts. Spans and counters are ignored.
 *
 * Output is byte-identical for a seed: nothing here reads the wall clock, and sequence
 * numbers are per (iface, direction, flow) in the order the simulator reports frames.
 * Records are batched into chunks of `chunkBytes` before reaching the sink, so memory stays
 * bounded however long the run.
 */
import type { FrameDirection, Observer } from '../engine/observer.ts';
import type { ByteSink } from './byte-sink.ts';
import { frameAddresses, MAX_FRAME_BYTES, MIN_FRAME_BYTES, writeFrameBytes, type FrameAddresses } from './frame-bytes.ts';

export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const LINKTYPE_ETHERNET = 1;
export const PCAP_GLOBAL_HEADER_BYTES = 24;
export const PCAP_RECORD_HEADER_BYTES = 16;
export const DEFAULT_SNAP_LENGTH_BYTES = 262144;

export interface PcapOptions {
  /** Bytes of each frame stored (tcpdump -s); the original length is always recorded. */
  snapLengthBytes?: number;
  /** Added to simulated time so captures can start at a chosen epoch; default 0 (1970). */
  epochOffsetNs?: number;
  chunkBytes?: number;
}

export class PcapWriter implements Observer {
  readonly snapLengthBytes: number;
  framesWritten = 0;
  private readonly sink: ByteSink;
  private readonly epochOffsetNs: number;
  private readonly chunk: Uint8Array;
  private readonly chunkView: DataView;
  private used = 0;
  private readonly addresses = new Map<string, FrameAddresses>();
  /** Next sequence number per flow, per interface: [tx, rx]. */
  private readonly flowSeqs = new Map<string, [Map<number, number>, Map<number, number>]>();

  constructor(sink: ByteSink, options: PcapOptions = {}) {
    this.sink = sink;
    this.snapLengthBytes = options.snapLengthBytes ?? DEFAULT_SNAP_LENGTH_BYTES;
    this.epochOffsetNs = options.epochOffsetNs ?? 0;
    if (!(Number.isSafeInteger(this.snapLengthBytes) && this.snapLengthBytes >= MIN_FRAME_BYTES)) {
      throw new RangeError(`PcapWriter: snapLengthBytes must be an integer >= ${MIN_FRAME_BYTES}, found ${this.snapLengthBytes}`);
    }
    if (!(Number.isSafeInteger(this.epochOffsetNs) && this.epochOffsetNs >= 0)) {
      throw new RangeError(`PcapWriter: epochOffsetNs must be a non-negative integer, found ${this.epochOffsetNs}`);
    }
    const chunkBytes = Math.max(options.chunkBytes ?? 1 << 20, PCAP_RECORD_HEADER_BYTES + Math.min(this.snapLengthBytes, MAX_FRAME_BYTES));
    this.chunk = new Uint8Array(chunkBytes);
    this.chunkView = new DataView(this.chunk.buffer);
    const header = new DataView(new ArrayBuffer(PCAP_GLOBAL_HEADER_BYTES));
    header.setUint32(0, PCAP_MAGIC_NS, true);
    header.setUint16(4, 2, true);
    header.setUint16(6, 4, true);
    header.setInt32(8, 0, true); // thiszone
    header.setUint32(12, 0, true); // sigfigs
    header.setUint32(16, this.snapLengthBytes, true);
    header.setUint32(20, LINKTYPE_ETHERNET, true);
    this.sink.write(new Uint8Array(header.buffer));
  }

  frame(timeNs: number, iface: string, direction: FrameDirection, lengthBytes: number, flowId: number): void {
    // Frames shorter than Ethernet + IPv4 + UDP are kept (with a clipped header) rather than
    // refused: a capture must not end a run that is otherwise fine.
    if (!(Number.isSafeInteger(lengthBytes) && lengthBytes >= 1 && lengthBytes <= MAX_FRAME_BYTES)) {
      throw new RangeError(`PcapWriter.frame: lengthBytes must be an integer in [1, ${MAX_FRAME_BYTES}], found ${lengthBytes} on ${iface}`);
    }
    if (!(Number.isSafeInteger(timeNs) && timeNs >= 0)) {
      throw new RangeError(`PcapWriter.frame: timeNs must be a non-negative integer, found ${timeNs}`);
    }
    if (!(Number.isSafeInteger(flowId) && flowId >= 0)) {
      throw new RangeError(`PcapWriter.frame: flowId must be a non-negative integer, found ${flowId}`);
    }
    let addresses = this.addresses.get(iface);
    let seqs = this.flowSeqs.get(iface);
    if (addresses === undefined || seqs === undefined) {
      addresses = frameAddresses(iface);
      seqs = [new Map(), new Map()];
      this.addresses.set(iface, addresses);
      this.flowSeqs.set(iface, seqs);
    }
    const perFlow = seqs[direction === 'tx' ? 0 : 1];
    const flowSeq = perFlow.get(flowId) ?? 0;
    perFlow.set(flowId, flowSeq + 1);

    const captured = Math.min(lengthBytes, this.snapLengthBytes);
    if (this.used + PCAP_RECORD_HEADER_BYTES + captured > this.chunk.length) this.flush();
    const stampNs = timeNs + this.epochOffsetNs;
    if (stampNs >= 0x100000000 * 1e9) throw new RangeError(`PcapWriter.frame: timestamp ${stampNs} ns does not fit pcap's 32-bit seconds`);
    const view = this.chunkView;
    view.setUint32(this.used, Math.floor(stampNs / 1e9), true);
    view.setUint32(this.used + 4, stampNs % 1e9, true);
    view.setUint32(this.used + 8, captured, true);
    view.setUint32(this.used + 12, lengthBytes, true);
    writeFrameBytes(this.chunk, this.used + PCAP_RECORD_HEADER_BYTES, captured, addresses, direction, lengthBytes, flowId, flowSeq);
    this.used += PCAP_RECORD_HEADER_BYTES + captured;
    this.framesWritten++;
  }

  span(): void {}

  counter(): void {}

  /** Hands buffered records to the sink; call before committing the file. */
  flush(): void {
    if (this.used === 0) return;
    this.sink.write(this.chunk.slice(0, this.used));
    this.used = 0;
  }
}
