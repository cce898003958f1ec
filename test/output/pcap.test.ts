import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySink } from '../../output/byte-sink.ts';
import { openOutput } from '../../output/out-file.ts';
import { PcapWriter, PCAP_MAGIC_NS, LINKTYPE_ETHERNET } from '../../output/pcap.ts';
import { readPcap } from '../../output/pcap-read.ts';
import { ipv4HeaderChecksum, PAYLOAD_TAG, flowPort, frameAddresses } from '../../output/frame-bytes.ts';

type FrameCall = [number, string, 'tx' | 'rx', number, number];
const FRAMES: FrameCall[] = [
  [0, 'eth0', 'tx', 64, 0],
  [672, 'eth0', 'tx', 512, 1],
  [1_500_000_123, 'eth0', 'rx', 1500, 0],
  [2_000_000_000, 'eth1', 'tx', 1514, 7],
  [2_000_000_500, 'eth0', 'tx', 64, 0],
  [4_294_967_296_001, 'eth0', 'rx', 42, 3],
];

function capture(frames: FrameCall[], options = {}): Buffer {
  const sink = new MemorySink();
  const writer = new PcapWriter(sink, { chunkBytes: 2048, ...options });
  for (const f of frames) writer.frame(...f);
  writer.flush();
  return sink.toBuffer();
}

test('pcap: header is nanosecond pcap 2.4 on Ethernet', (t) => {
  const { header, records } = readPcap(capture(FRAMES));
  t.is(header.magic, PCAP_MAGIC_NS);
  t.true(header.nanosecond);
  t.is(header.versionMajor, 2);
  t.is(header.versionMinor, 4);
  t.is(header.linkType, LINKTYPE_ETHERNET);
  t.is(records.length, FRAMES.length);
});

test('pcap: records carry the simulated time and frame length', (t) => {
  const { records } = readPcap(capture(FRAMES));
  t.deepEqual(records.map((r) => r.timeNs), FRAMES.map((f) => f[0]));
  t.deepEqual(records.map((r) => r.originalBytes), FRAMES.map((f) => f[3]));
  t.deepEqual(records.map((r) => r.capturedBytes), FRAMES.map((f) => f[3]));
});

test('pcap: snap length truncates stored bytes but keeps the original length', (t) => {
  const { header, records } = readPcap(capture(FRAMES, { snapLengthBytes: 96 }));
  t.is(header.snapLengthBytes, 96);
  t.deepEqual(records.map((r) => r.capturedBytes), [64, 96, 96, 96, 64, 42]);
  t.deepEqual(records.map((r) => r.originalBytes), [64, 512, 1500, 1514, 64, 42]);
});

test('pcap: headers are valid IPv4/UDP with a correct checksum and per-flow sequence numbers', (t) => {
  const { records } = readPcap(capture(FRAMES));
  for (const [i, r] of records.entries()) {
    const view = new DataView(r.data.buffer, r.data.byteOffset, r.data.byteLength);
    t.is(view.getUint16(12), 0x0800);
    t.is(r.data[14], 0x45);
    t.is(view.getUint16(16), FRAMES[i][3] - 14, 'IPv4 total length');
    t.is(view.getUint16(38), FRAMES[i][3] - 34, 'UDP length');
    const zeroed = Uint8Array.from(r.data.subarray(14, 34));
    const stored = view.getUint16(24);
    zeroed[10] = 0;
    zeroed[11] = 0;
    t.is(ipv4HeaderChecksum(zeroed, 0), stored, 'IPv4 header checksum');
    if (r.capturedBytes < 58) continue;
    t.is(view.getUint32(42), PAYLOAD_TAG);
    t.is(view.getUint32(46), FRAMES[i][4], 'flow id in payload');
  }
  const seqOf = (r: { data: Uint8Array }) => new DataView(r.data.buffer, r.data.byteOffset).getUint32(54);
  t.is(seqOf(records[0]), 0);
  t.is(seqOf(records[4]), 1, 'second frame of eth0 tx flow 0');
  t.is(seqOf(records[2]), 0, 'rx direction counts separately');
  // tx goes from the local port of the flow to the peer; rx the other way.
  const a = frameAddresses('eth0');
  const v0 = new DataView(records[0].data.buffer, records[0].data.byteOffset);
  const v2 = new DataView(records[2].data.buffer, records[2].data.byteOffset);
  t.is(v0.getUint32(26), a.localIp);
  t.is(v0.getUint16(34), flowPort(0));
  t.is(v2.getUint32(30), a.localIp);
  t.is(v2.getUint16(36), flowPort(0));
});

test('pcap: output is byte-identical for the same calls and differs when a frame differs', (t) => {
  t.deepEqual(capture(FRAMES), capture(FRAMES));
  const changed = FRAMES.map((f, i) => (i === 1 ? ([f[0] + 1, f[1], f[2], f[3], f[4]] as FrameCall) : f));
  t.notDeepEqual(capture(FRAMES), capture(changed));
});

test('pcap: a frame shorter than its headers is kept, clipped', (t) => {
  const { records } = readPcap(capture([[5, 'eth0', 'tx', 20, 0], [6, 'eth0', 'tx', 64, 0]]));
  t.deepEqual(records.map((r) => [r.capturedBytes, r.originalBytes]), [[20, 20], [64, 64]]);
  t.deepEqual(records[0].data.subarray(0, 15), records[1].data.subarray(0, 15), 'same Ethernet header and IPv4 version');
  t.is((records[0].data[16] << 8) | records[0].data[17], 6, 'IPv4 total length of what is left after Ethernet');
});

test('pcap: rejects frames the synthesizer cannot represent', (t) => {
  const writer = new PcapWriter(new MemorySink());
  t.throws(() => writer.frame(0, 'eth0', 'tx', 0, 0), { instanceOf: RangeError, message: /lengthBytes/ });
  t.throws(() => writer.frame(0, 'eth0', 'tx', 65550, 0), { instanceOf: RangeError, message: /lengthBytes/ });
  t.throws(() => writer.frame(1.5, 'eth0', 'tx', 64, 0), { instanceOf: RangeError, message: /timeNs/ });
});

function hasTshark(): boolean {
  try {
    execFileSync('which', ['tshark'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('pcap: tshark reads back lengths and timestamps of an atomically written file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-pcap-'));
  try {
    const path = join(dir, 'run.pcap');
    const sink = openOutput(undefined, path);
    const writer = new PcapWriter(sink);
    for (const f of FRAMES) writer.frame(...f);
    writer.flush();
    sink.commit();
    t.deepEqual(readPcap(readFileSync(path)).records.length, FRAMES.length);
    if (!hasTshark()) {
      t.log('tshark is not installed; skipped the tshark read-back');
      t.pass();
      return;
    }
    const out = execFileSync('tshark', ['-o', 'ip.check_checksum:TRUE', '-r', path, '-T', 'fields', '-e', 'frame.len', '-e', 'frame.time_epoch', '-e', 'ip.checksum.status', '-e', '_ws.expert'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    const rows = out.trim().split('\n').map((line) => line.split('\t'));
    t.deepEqual(rows.map((r) => Number(r[0])), FRAMES.map((f) => f[3]));
    t.deepEqual(rows.map((r) => r[1]), FRAMES.map((f) => `${Math.floor(f[0] / 1e9)}.${String(f[0] % 1e9).padStart(9, '0')}`));
    t.deepEqual(rows.map((r) => r[2]), FRAMES.map(() => '1'), 'tshark validates every IPv4 header checksum as good');
    t.deepEqual(rows.map((r) => r[3] ?? ''), FRAMES.map(() => ''), 'no expert warnings (malformed packets)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
