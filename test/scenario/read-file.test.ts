import test from 'ava';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScenarioText } from '../../scenario/read-file.ts';
import { ScenarioError } from '../../scenario/problems.ts';

/** A temp dir for one test, removed in teardown. */
function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-read-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The one line readScenarioText refuses `file` with. */
function refusal(file: string, limitBytes?: number): string {
  try {
    readScenarioText(file, limitBytes);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    if (error.lines().length !== 1) throw new Error(`expected one line, found ${error.lines().length}`);
    return error.lines()[0];
  }
  throw new Error(`${file} was read`);
}

test('a regular file and a symbolic link to one are read; a byte order mark is dropped', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'a.json'), '{"a": "é"}');
  symlinkSync(join(dir, 'a.json'), join(dir, 'link.json'));
  writeFileSync(join(dir, 'bom.json'), '\ufeff{}');
  t.is(readScenarioText(join(dir, 'a.json')), '{"a": "é"}');
  t.is(readScenarioText(join(dir, 'link.json')), '{"a": "é"}');
  t.is(readScenarioText(join(dir, 'bom.json')), '{}');
  writeFileSync(join(dir, 'empty.json'), '');
  t.is(readScenarioText(join(dir, 'empty.json')), '');
});

test('devices are refused at once, before any read (read-only use of /dev)', (t) => {
  for (const device of ['/dev/zero', '/dev/urandom', '/dev/null']) {
    t.is(refusal(device), `${device}: $: cannot read scenario: expected a regular file, found a character device`);
  }
});

test('a FIFO with no writer is refused without blocking', (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  t.is(refusal(fifo), `${fifo}: $: cannot read scenario: expected a regular file, found a FIFO`);
});

test('a directory, a missing file, a dangling link and a path through a regular file each get words', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'file.json'), '{}');
  symlinkSync(join(dir, 'gone.json'), join(dir, 'dangling.json'));
  t.is(refusal(join(dir, 'sub')), `${join(dir, 'sub')}: $: cannot read scenario: expected a regular file, found a directory`);
  t.is(refusal(join(dir, 'none.json')), `${join(dir, 'none.json')}: $: cannot read scenario: no such file`);
  t.is(refusal(join(dir, 'dangling.json')), `${join(dir, 'dangling.json')}: $: cannot read scenario: no such file (it is a symbolic link whose target does not exist)`);
  t.is(
    refusal(join(dir, 'file.json', 'x.json')),
    `${join(dir, 'file.json', 'x.json')}: $: cannot read scenario: a part of the path before the file name is not a directory (ENOTDIR)`,
  );
});

test('a file over the limit is refused by its size; at the limit it is read', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'big.json'), Buffer.alloc(17 * 1024 * 1024, 0x20));
  t.is(refusal(join(dir, 'big.json')), `${join(dir, 'big.json')}: $: cannot read scenario: expected at most 16 MiB, found 17 MiB`);
  writeFileSync(join(dir, 'ten.json'), '[1,2,3,45]');
  t.is(readScenarioText(join(dir, 'ten.json'), 10), '[1,2,3,45]');
  t.is(refusal(join(dir, 'ten.json'), 9), `${join(dir, 'ten.json')}: $: cannot read scenario: expected at most 9 bytes, found 10 bytes`);
});

test('bytes that are not UTF-8 are refused at their line and column', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bin.json'), Buffer.concat([Buffer.from('{\n  "a": "x'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n}')]));
  t.is(refusal(join(dir, 'bin.json')), `${join(dir, 'bin.json')}: line 2, column 10: expected UTF-8 text, found byte 0xff, which is not UTF-8 (a binary file?)`);
});

test('an unreadable file is permission denied (as root, chmod 000 does not make a file unreadable: checked only as another user)', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'secret.json');
  writeFileSync(file, '{}');
  chmodSync(file, 0o000);
  if (process.getuid?.() === 0) {
    // root bypasses file permissions (CAP_DAC_OVERRIDE): the file is read, and nothing can be faked here.
    t.is(readScenarioText(file), '{}');
    t.log('running as root: EACCES cannot be produced with chmod; the message is covered by the errno table only');
    return;
  }
  t.is(refusal(file), `${file}: $: cannot read scenario: permission denied (EACCES)`);
});
