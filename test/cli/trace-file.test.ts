import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceFile } from '../../cli/trace-file.ts';
import { openOutput } from '../../output/out-file.ts';

test('every line is the JSON of its event, for any number the payload can hold', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-trace-'));
  try {
    const path = join(dir, 'trace.jsonl');
    const values = [0, 7, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER, -1, -(2 ** 40), 0.5, 1e21, -0];
    const events = values.map((v, i) => ({ n: i + 1, t: Math.abs(Math.trunc(v)) || i, seq: i, kind: i % 2 === 0 ? 'a.b' : 'k "quoted"\\', a: v, b: -v }));
    const trace = new TraceFile(openOutput('--events', path));
    for (const e of events) trace.event(e.n, e.t, e.seq, e.kind, e.a, e.b);
    // Before finish() only the temporary file exists.
    t.deepEqual(readdirSync(dir).filter((f) => f === 'trace.jsonl'), []);
    trace.finish();
    t.deepEqual(readdirSync(dir), ['trace.jsonl']);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    t.deepEqual(lines.map((line) => JSON.parse(line)), JSON.parse(JSON.stringify(events)));
    t.is(lines[0], '{"n":1,"t":0,"seq":0,"kind":"a.b","a":0,"b":0}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a million events flush through the buffer intact', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-trace-'));
  try {
    const path = join(dir, 'big.jsonl');
    const trace = new TraceFile(openOutput('--events', path));
    for (let i = 1; i <= 1_000_000; i++) trace.event(i, i * 3, i - 1, 'queueing.mm1k.w0.arrival', i, 0);
    trace.finish();
    const text = readFileSync(path, 'utf8');
    const lines = text.trimEnd().split('\n');
    t.is(lines.length, 1_000_000);
    t.is(lines[523_456], '{"n":523457,"t":1570371,"seq":523456,"kind":"queueing.mm1k.w0.arrival","a":523457,"b":0}');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('abandon() removes the partial trace', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-trace-'));
  try {
    const trace = new TraceFile(openOutput('--events', join(dir, 'x.jsonl')));
    trace.event(1, 0, 0, 'k', 0, 0);
    trace.abandon();
    t.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
