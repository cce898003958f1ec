/**
 * A minimal pcap reader for the files PcapWriter writes (little-endian, microsecond or
 * nanosecond magic). Tests use it to check captures without tshark; reports use it to
 * summarise a capture.
 */
export interface PcapHeader {
  magic: number;
  versionMajor: number;
  versionMinor: number;
  snapLengthBytes: number;
  linkType: number;
  nanosecond: boolean;
}

export interface PcapRecord {
  timeNs: number;
  capturedBytes: number;
  originalBytes: number;
  data: Uint8Array;
}

export function readPcap(bytes: Uint8Array): { header: PcapHeader; records: PcapRecord[] } {
  if (bytes.length < 24) throw new Error(`readPcap: ${bytes.length} bytes is shorter than a pcap global header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  if (magic !== 0xa1b23c4d && magic !== 0xa1b2c3d4) throw new Error(`readPcap: unknown magic 0x${magic.toString(16)}`);
  const nanosecond = magic === 0xa1b23c4d;
  const header: PcapHeader = {
    magic,
    versionMajor: view.getUint16(4, true),
    versionMinor: view.getUint16(6, true),
    snapLengthBytes: view.getUint32(16, true),
    linkType: view.getUint32(20, true),
    nanosecond,
  };
  const records: PcapRecord[] = [];
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) throw new Error(`readPcap: truncated record header at byte ${at}`);
    const seconds = view.getUint32(at, true);
    const fraction = view.getUint32(at + 4, true);
    const capturedBytes = view.getUint32(at + 8, true);
    const originalBytes = view.getUint32(at + 12, true);
    if (at + 16 + capturedBytes > bytes.length) throw new Error(`readPcap: truncated record data at byte ${at}`);
    records.push({
      timeNs: seconds * 1e9 + (nanosecond ? fraction : fraction * 1000),
      capturedBytes,
      originalBytes,
      data: bytes.subarray(at + 16, at + 16 + capturedBytes),
    });
    at += 16 + capturedBytes;
  }
  return { header, records };
}
