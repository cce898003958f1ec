/**
 * Deterministic frame bytes for pcap output. The simulator only knows a frame's length, its
 * interface, direction and flow; Wireshark needs real headers. This module writes an
 * Ethernet II + IPv4 + UDP frame whose addresses are derived from the interface name and the
 * flow id, so the same run always produces the same bytes and flows are separable in
 * Wireshark (Statistics > Conversations).
 *
 * Simplified: no VLAN tags, no IPv4 options, UDP checksum 0 (legal for IPv4, RFC 768) so a
 * snap length shorter than the frame still yields a well-formed capture; the FCS is not
 * captured, as with most Linux captures.
 */
import type { FrameDirection } from '../engine/observer.ts';

export const ETH_HEADER_BYTES = 14;
export const IPV4_HEADER_BYTES = 20;
export const UDP_HEADER_BYTES = 8;
/** Ethernet + IPv4 + UDP: shorter frames are written as a clipped header (Wireshark calls them malformed). */
export const MIN_FRAME_BYTES = ETH_HEADER_BYTES + IPV4_HEADER_BYTES + UDP_HEADER_BYTES;
/** IPv4 total length is 16 bits. */
export const MAX_FRAME_BYTES = ETH_HEADER_BYTES + 0xffff;
/** Payload starts with this tag, the flow id and the frame's sequence number within its flow. */
export const PAYLOAD_TAG = 0x4e53494d; // 'NSIM'
export const PAYLOAD_HEADER_BYTES = 16;

/** FNV-1a, 32 bit: a stable hash of the interface name for addresses. */
export function ifaceHash(iface: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < iface.length; i++) {
    h ^= iface.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface FrameAddresses {
  localMac: Uint8Array;
  peerMac: Uint8Array;
  localIp: number;
  peerIp: number;
}

/** Locally administered MACs 02:00:h and 02:01:h, IPs 10.h1.h0.1 (local) and 10.h1.h0.2 (peer). */
export function frameAddresses(iface: string): FrameAddresses {
  const h = ifaceHash(iface);
  const tail = [(h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
  const net = (10 << 24) | (((h >>> 8) & 0xff) << 16) | ((h & 0xff) << 8);
  return {
    localMac: Uint8Array.from([0x02, 0x00, ...tail]),
    peerMac: Uint8Array.from([0x02, 0x01, ...tail]),
    localIp: (net | 1) >>> 0,
    peerIp: (net | 2) >>> 0,
  };
}

/** The local UDP port of a flow; the peer port is always 9 (discard). */
export function flowPort(flowId: number): number {
  return 1024 + (flowId % 64512);
}
export const PEER_PORT = 9;

/** RFC 1071 one's-complement checksum over a 20-byte IPv4 header whose checksum field is 0. */
export function ipv4HeaderChecksum(bytes: Uint8Array, offset: number): number {
  let sum = 0;
  for (let i = 0; i < IPV4_HEADER_BYTES; i += 2) sum += (bytes[offset + i] << 8) | bytes[offset + i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const HEADERS_BYTES = MIN_FRAME_BYTES + PAYLOAD_HEADER_BYTES;
const PAYLOAD_OFFSET = MIN_FRAME_BYTES;
/** Headers are built here and copied out, so a snap length shorter than the headers still works. */
const scratch = new Uint8Array(HEADERS_BYTES);
const scratchView = new DataView(scratch.buffer);
/** The payload filler: byte k of the UDP payload is k & 0xff, copied in one set() per frame. */
const PATTERN = Uint8Array.from({ length: MAX_FRAME_BYTES }, (_, i) => (i - PAYLOAD_OFFSET) & 0xff);

/**
 * Writes the first `capturedBytes` bytes of a frame of `lengthBytes` into `out` at `offset`.
 * `flowSeq` is the frame's number within its (iface, direction, flow), written big-endian
 * after the payload tag so a capture shows gaps and reordering.
 */
export function writeFrameBytes(
  out: Uint8Array,
  offset: number,
  capturedBytes: number,
  addresses: FrameAddresses,
  direction: FrameDirection,
  lengthBytes: number,
  flowId: number,
  flowSeq: number,
): void {
  const frame = scratch;
  const view = scratchView;
  const tx = direction === 'tx';
  frame.set(tx ? addresses.peerMac : addresses.localMac, 0);
  frame.set(tx ? addresses.localMac : addresses.peerMac, 6);
  view.setUint16(12, 0x0800);
  const ip = ETH_HEADER_BYTES;
  frame[ip] = 0x45;
  frame[ip + 1] = 0;
  view.setUint16(ip + 2, Math.max(lengthBytes - ETH_HEADER_BYTES, 0));
  view.setUint16(ip + 4, flowSeq & 0xffff);
  view.setUint16(ip + 6, 0x4000); // DF
  frame[ip + 8] = 64;
  frame[ip + 9] = 17;
  view.setUint16(ip + 10, 0);
  view.setUint32(ip + 12, tx ? addresses.localIp : addresses.peerIp);
  view.setUint32(ip + 16, tx ? addresses.peerIp : addresses.localIp);
  view.setUint16(ip + 10, ipv4HeaderChecksum(frame, ip));
  const udp = ip + IPV4_HEADER_BYTES;
  const port = flowPort(flowId);
  view.setUint16(udp, tx ? port : PEER_PORT);
  view.setUint16(udp + 2, tx ? PEER_PORT : port);
  view.setUint16(udp + 4, Math.max(lengthBytes - ETH_HEADER_BYTES - IPV4_HEADER_BYTES, 0));
  view.setUint16(udp + 6, 0);
  view.setUint32(PAYLOAD_OFFSET, PAYLOAD_TAG);
  view.setUint32(PAYLOAD_OFFSET + 4, flowId >>> 0);
  view.setUint32(PAYLOAD_OFFSET + 8, Math.floor(flowSeq / 0x100000000) >>> 0);
  view.setUint32(PAYLOAD_OFFSET + 12, flowSeq >>> 0);
  // A frame shorter than the headers plus the payload tag keeps only what fits.
  const headerBytes = Math.min(capturedBytes, lengthBytes, HEADERS_BYTES);
  out.set(headerBytes === HEADERS_BYTES ? frame : frame.subarray(0, headerBytes), offset);
  if (capturedBytes > HEADERS_BYTES) out.set(PATTERN.subarray(HEADERS_BYTES, capturedBytes), offset + HEADERS_BYTES);
}
