import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory, OutFile, OutputError, requireDistinct, resolveOutputTarget, writeOutput } from '../../output/out-file.ts';
import { removeTrackedTemps, trackedTempCount } from '../../output/temp-files.ts';
import { tempDir, tmpfs } from '../helpers/temp.ts';

test('a new or existing regular file is replaced whole, through a temporary sibling', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'result.json');
  writeFileSync(path, 'old', { mode: 0o600 });
  const out = new OutFile(resolveOutputTarget('--out', path));
  out.write('new ');
  t.is(readFileSync(path, 'utf8'), 'old', 'the previous file stays until commit');
  t.is(readdirSync(dir).length, 2, 'one temporary sibling');
  out.write(Buffer.from('content'));
  out.commit();
  t.is(readFileSync(path, 'utf8'), 'new content');
  t.deepEqual(readdirSync(dir), ['result.json']);
  t.is(statSync(path).mode & 0o777, 0o600, 'the replacement keeps the permissions of the file it replaces');
  t.is(trackedTempCount(), 0);
});

test('a symlink is written through to its target and stays a symlink', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 'x.pcap'), 'old');
  symlinkSync(join('real', 'x.pcap'), join(dir, 'link.pcap'));
  symlinkSync(join('real', 'new.pcap'), join(dir, 'dangling.pcap'));
  writeOutput('--pcap', join(dir, 'link.pcap'), 'through');
  writeOutput('--pcap', join(dir, 'dangling.pcap'), 'created');
  t.true(lstatSync(join(dir, 'link.pcap')).isSymbolicLink());
  t.is(readlinkSync(join(dir, 'link.pcap')), join('real', 'x.pcap'));
  t.is(readFileSync(join(dir, 'real', 'x.pcap'), 'utf8'), 'through');
  t.true(lstatSync(join(dir, 'dangling.pcap')).isSymbolicLink());
  t.is(readFileSync(join(dir, 'real', 'new.pcap'), 'utf8'), 'created');
  t.deepEqual(readdirSync(join(dir, 'real')).sort(), ['new.pcap', 'x.pcap'], 'no temporary file left beside the targets');
});

test('a FIFO is written directly and stays a FIFO', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'pipe');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.pass('mkfifo is not available');
  const reader = spawn('cat', [fifo]);
  let got = '';
  reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (got += chunk));
  const closed = new Promise((resolve) => reader.on('close', resolve));
  const target = resolveOutputTarget('--pcap', fifo);
  t.is(target.kind, 'stream');
  const out = new OutFile(target);
  out.write('through the pipe');
  out.commit();
  await closed;
  t.is(got, 'through the pipe');
  t.true(lstatSync(fifo).isFIFO());
  t.deepEqual(readdirSync(dir), ['pipe']);
});

test('a character device is written directly, never replaced', (t) => {
  const dir = tempDir(t);
  const device = join(dir, 'null');
  // A private /dev/null (major 1, minor 3) in the test's own directory: the test never touches /dev.
  if (spawnSync('mknod', [device, 'c', '1', '3']).status !== 0) return t.pass('mknod is not allowed here');
  writeOutput('--trace', device, 'discarded');
  t.true(lstatSync(device).isCharacterDevice());
  t.deepEqual(readdirSync(dir), ['null']);
});

test('-, /dev/fd/1 and /dev/stdout are standard output; two outputs on one place are refused', (t) => {
  const dir = tempDir(t);
  t.is(resolveOutputTarget('--pcap', '-').kind, 'stdout');
  t.is(resolveOutputTarget('--pcap', '/dev/fd/1').kind, 'stdout');
  t.is(resolveOutputTarget('--pcap', '/dev/stdout').kind, 'stdout');
  const same = () => requireDistinct([resolveOutputTarget('--pcap', join(dir, 'a')), resolveOutputTarget('--trace', join(dir, '.', 'a'))]);
  t.throws(same, { instanceOf: OutputError, message: `--trace ${join(dir, '.', 'a')}: is the same output as --pcap ${join(dir, 'a')}; give each output its own path` });
  writeFileSync(join(dir, 'b'), '');
  symlinkSync('b', join(dir, 'to-b'));
  t.throws(() => requireDistinct([resolveOutputTarget('--pcap', join(dir, 'b')), resolveOutputTarget('--trace', join(dir, 'to-b'))]), { instanceOf: OutputError });
  t.throws(() => requireDistinct([resolveOutputTarget('--pcap', '-'), resolveOutputTarget('--trace', '/dev/stdout')]), { instanceOf: OutputError });
});

test('a directory, a missing parent and a path under a file are refused before anything is written', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file'), 'x');
  t.throws(() => resolveOutputTarget('--pcap', dir), { instanceOf: OutputError, message: `--pcap ${dir}: is a directory; expected a file path` });
  t.throws(() => resolveOutputTarget('--pcap', join(dir, 'nope', 'x.pcap')), { instanceOf: OutputError, message: /directory .*nope does not exist$/ });
  t.throws(() => resolveOutputTarget('--pcap', join(dir, 'file', 'x.pcap')), { instanceOf: OutputError, message: /cannot write there \(ENOTDIR: not a directory\)$/ });
  t.throws(() => makeDirectory('--out', join(dir, 'file', 'sub')), { instanceOf: OutputError, message: /file is not a directory$/ });
  t.deepEqual(readdirSync(dir), ['file']);
});

test('makeDirectory under /proc answers at once instead of looping', (t) => {
  // Node's recursive mkdir never returns for this path; nothing can be created under /proc.
  t.throws(() => makeDirectory('--out', '/proc/nicsim-no-such/sub'), { instanceOf: OutputError, message: /cannot create directory \/proc\/nicsim-no-such \(ENOENT/ });
});

test('a full disk: the failed write names path and errno, removes the temporary file and keeps the old file', (t) => {
  const mnt = tmpfs(t, 64 * 1024);
  if (mnt === null) return t.pass();
  const path = join(mnt, 'trace.json');
  writeFileSync(path, 'previous');
  const out = new OutFile(resolveOutputTarget('--trace', path));
  const error = t.throws(() => {
    for (let i = 0; i < 100; i++) out.write(Buffer.alloc(4096, 0x61));
  });
  t.true(error instanceof OutputError);
  t.regex(error!.message, /^--trace .*trace\.json: write failed \(ENOSPC: no space left on device\); no file was replaced$/);
  t.is(readFileSync(path, 'utf8'), 'previous');
  t.deepEqual(readdirSync(mnt), ['trace.json']);
  t.is(trackedTempCount(), 0);
});

test('a read-only file system is found when the output is opened', (t) => {
  const mnt = tmpfs(t, 64 * 1024, { readOnly: true });
  if (mnt === null) return t.pass();
  t.throws(() => openAt(join(mnt, 'x.pcap')), { instanceOf: OutputError, message: /^--pcap .*x\.pcap: cannot write there \(EROFS: read-only file system\)$/ });
  t.throws(() => makeDirectory('--out', join(mnt, 'out')), { instanceOf: OutputError, message: /cannot create directory .*out \(EROFS: read-only file system\)$/ });
});

test('removeTrackedTemps removes every open temporary file (what a signal handler does)', (t) => {
  const dir = tempDir(t);
  const a = new OutFile(resolveOutputTarget('--pcap', join(dir, 'a.pcap')));
  a.write('partial');
  new OutFile(resolveOutputTarget('--trace', join(dir, 'b.json')));
  t.is(readdirSync(dir).length, 2);
  t.is(removeTrackedTemps(), 2);
  t.deepEqual(readdirSync(dir), []);
  t.false(existsSync(join(dir, 'a.pcap')));
});

function openAt(path: string): OutFile {
  return new OutFile(resolveOutputTarget('--pcap', path));
}
