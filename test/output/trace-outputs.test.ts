import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOutput } from '../../output/out-file.ts';
import { openTraceOutputs } from '../../output/trace-outputs.ts';
import { readPcap } from '../../output/pcap-read.ts';

test('trace-outputs: no files asked for means a null observer', (t) => {
  const outputs = openTraceOutputs({});
  t.is(outputs.observer, null);
  t.deepEqual(outputs.finish(), { framesWritten: 0, traceEvents: 0 });
});

test('trace-outputs: pcap and trace appear only on finish, and abandon leaves nothing', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-trace-'));
  try {
    const pcapPath = join(dir, 'run.pcap');
    const tracePath = join(dir, 'run.json');
    const outputs = openTraceOutputs({ pcap: openOutput('--pcap', pcapPath), trace: openOutput('--trace', tracePath), snapLengthBytes: 128 });
    outputs.observer?.frame(100, 'eth0', 'tx', 1514, 2);
    outputs.observer?.span('cpu0', 'xsk_generic_xmit', 90, 10);
    t.false(existsSync(pcapPath));
    t.false(existsSync(tracePath));
    t.deepEqual(outputs.finish({ seed: 7 }), { framesWritten: 1, traceEvents: 5 });
    const { header, records } = readPcap(readFileSync(pcapPath));
    t.is(header.snapLengthBytes, 128);
    t.deepEqual(records.map((r) => [r.timeNs, r.capturedBytes, r.originalBytes]), [[100, 128, 1514]]);
    t.deepEqual(JSON.parse(readFileSync(tracePath, 'utf8')).otherData, { seed: 7 });

    const failed = openTraceOutputs({ pcap: openOutput('--pcap', join(dir, 'failed.pcap')), trace: openOutput('--trace', join(dir, 'failed.json')) });
    failed.observer?.frame(1, 'eth0', 'rx', 64, 0);
    failed.abandon();
    t.deepEqual(readdirSync(dir).sort(), ['run.json', 'run.pcap']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
