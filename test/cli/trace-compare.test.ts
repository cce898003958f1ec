import test from 'ava';
import { Readable } from 'node:stream';
import { compareTraceStreams } from '../../cli/trace-compare.ts';

const line = (n: number, a = 0) => `{"n":${n},"t":${n * 10},"seq":${n - 1},"kind":"k","a":${a},"b":0}\n`;
const trace = (count: number, change?: { at: number; a: number }) =>
  Array.from({ length: count }, (_, i) => line(i + 1, change !== undefined && i + 1 === change.at ? change.a : 0)).join('');

/** A stream that delivers `text` in chunks of `size` bytes. */
function chunked(text: string, size: number): Readable {
  const buffer = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) chunks.push(buffer.subarray(i, i + size));
  return Readable.from(chunks);
}

test('identical traces, chunked differently, compare equal', async (t) => {
  t.is(await compareTraceStreams(chunked(trace(5000), 7), chunked(trace(5000), 4096)), null);
});

test('the first differing event is named with both lines', async (t) => {
  const difference = await compareTraceStreams(chunked(trace(3000), 1000), chunked(trace(3000, { at: 1234, a: 9 }), 333));
  t.deepEqual(difference, { eventNumber: 1234, lines: [line(1234).trimEnd(), line(1234, 9).trimEnd()] });
});

test('a difference in the first byte of a line after a chunk boundary is still found', async (t) => {
  const a = trace(10);
  const b = a.replace(line(4), line(4).replace('{"n":4', '{"n":4 '));
  const difference = await compareTraceStreams(chunked(a, line(1).length * 3), chunked(b, 5));
  t.is(difference?.eventNumber, 4);
});

test('a trace that ends early differs at the first missing event', async (t) => {
  const difference = await compareTraceStreams(chunked(trace(100), 64), chunked(trace(60), 64));
  t.deepEqual(difference, { eventNumber: 61, lines: [line(61).trimEnd(), '(trace ended)'] });
});
