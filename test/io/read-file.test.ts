/**
 * The bounded reader's own contract: what it returns, and the neutral FileReadError (a reason
 * without the file name, a `where` only for bad UTF-8) that scenario/read-file.ts and
 * output/input-file.ts frame in their own words. Their wordings are pinned by
 * test/scenario/read-file.test.ts, test/output/sweep-files.test.ts and
 * test/campaign/bug-report-read.test.ts.
 */
import test, { type ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeUtf8, FileReadError, firstInvalidUtf8, readBoundedFile, utf8OrNull } from '../../io/read-file.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-io-read-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The FileReadError that `read` throws. */
function refusal(t: ExecutionContext, read: () => unknown): FileReadError {
  return t.throws(read, { instanceOf: FileReadError }) as FileReadError;
}

test('a regular file and a symbolic link to one are read whole, up to the limit', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'a.json'), '[1,2,3,45]');
  symlinkSync(join(dir, 'a.json'), join(dir, 'link.json'));
  writeFileSync(join(dir, 'empty'), '');
  t.is(readBoundedFile(join(dir, 'a.json'), 10).toString(), '[1,2,3,45]');
  t.is(readBoundedFile(join(dir, 'link.json'), 1024).toString(), '[1,2,3,45]');
  t.is(readBoundedFile(join(dir, 'empty'), 10).length, 0);
});

test('a refusal is a reason without the file name and without a position', (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'ten'), '0123456789');
  const cases: [string, number, string][] = [
    [fifo, 1024, 'expected a regular file, found a FIFO'],
    ['/dev/zero', 1024, 'expected a regular file, found a character device'],
    [join(dir, 'sub'), 1024, 'expected a regular file, found a directory'],
    [join(dir, 'none'), 1024, 'no such file'],
    [join(dir, 'ten'), 9, 'expected at most 9 bytes, found 10 bytes'],
  ];
  for (const [file, limitBytes, reason] of cases) {
    const error = refusal(t, () => readBoundedFile(file, limitBytes));
    t.is(error.reason, reason, file);
    t.is(error.message, reason, file);
    t.is(error.where, undefined, file);
  }
});

test('the limit holds for what is read, not for what fstat says (a /proc file has size 0)', (t) => {
  // /proc/self/status is a regular file whose fstat size is 0 but which holds about a kilobyte: read-only use.
  t.regex(readBoundedFile('/proc/self/status', 1024 * 1024).toString(), /^Name:/);
  t.is(refusal(t, () => readBoundedFile('/proc/self/status', 64)).reason, 'expected at most 64 bytes, found more (the file grew while it was read)');
});

test('bytes that are not UTF-8 are refused at their line and column, in the words of what was expected', (t) => {
  const bytes = Buffer.concat([Buffer.from('{\n  "a": "x'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n}')]);
  const plain = refusal(t, () => decodeUtf8(bytes));
  t.is(plain.where, 'line 2, column 10');
  t.is(plain.reason, 'expected UTF-8 text, found byte 0xff, which is not UTF-8 (a binary file?)');
  t.is(plain.message, 'line 2, column 10: expected UTF-8 text, found byte 0xff, which is not UTF-8 (a binary file?)');
  t.is(refusal(t, () => decodeUtf8(bytes, 'a bug report as UTF-8 text')).reason, 'expected a bug report as UTF-8 text, found byte 0xff, which is not UTF-8 (a binary file?)');
  t.is(utf8OrNull(bytes), null);
});

test('UTF-8 text is decoded with its byte order mark dropped', (t) => {
  t.is(decodeUtf8(Buffer.from('\ufeff{"a": "é"}')), '{"a": "é"}');
  t.is(utf8OrNull(Buffer.from('aé€😀')), 'aé€😀');
});

test('the first invalid byte: overlong forms, surrogates, code points above U+10FFFF and truncated sequences', (t) => {
  t.is(firstInvalidUtf8(Buffer.from('aé€😀')), Buffer.from('aé€😀').length);
  t.is(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80])), 1, 'overlong');
  t.is(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80])), 0, 'surrogate');
  t.is(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0, 'above U+10FFFF');
  t.is(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82])), 1, 'truncated');
});
