/**
 * Issue 12's output items, against the real CLI in child processes: symlinks, `-`, FIFOs and
 * one path for two outputs (1), a full disk (2), Ctrl-C and SIGTERM during run, sweep and fuzz
 * (3, 10), unwritable --out found before the run (4), a violation found from a read-only
 * folder (10). Every file lives in the test's own temp dir or tmpfs.
 */
import test from 'ava';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir, tmpfs } from '../helpers/temp.ts';

const ROOT = resolve('.');
const MAIN = join(ROOT, 'cli', 'main.ts');
const TSX = import.meta.resolve('tsx');
const SHORT = join(ROOT, 'test/cli/fixtures/mm1k-short.json');
const LONG = join(ROOT, 'scenarios/mm1.json');

interface Started {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: string }>;
}

/** Starts the CLI from its sources; works from any cwd (tsx is imported by absolute URL). */
function start(args: string[], cwd = ROOT): Started {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Awaited<Started['done']>>((resolveDone) => {
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout: Buffer.concat(out), stderr }));
  });
  return { child, done };
}

const run = (args: string[], cwd?: string) => start(args, cwd).done;

async function until(what: string, ready: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const noStackTrace = (stderr: string) => !/^\s+at /m.test(stderr) && !stderr.includes('internal error') && !stderr.includes('EPIPE');

test('item 1: a symlinked output is written through; the link stays and points where it did', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'target.jsonl'), 'old');
  symlinkSync('target.jsonl', join(dir, 'link.jsonl'));
  const r = await run(['run', SHORT, '--events', join(dir, 'link.jsonl')]);
  t.is(r.code, 0, r.stderr);
  t.true(lstatSync(join(dir, 'link.jsonl')).isSymbolicLink());
  t.is(readlinkSync(join(dir, 'link.jsonl')), 'target.jsonl');
  t.regex(readFileSync(join(dir, 'target.jsonl'), 'utf8'), /^\{"n":1,/);
  t.deepEqual(readdirSync(dir).sort(), ['link.jsonl', 'target.jsonl']);
});

test('item 1: --pcap - writes the capture on stdout and the report on stderr; no file named -', async (t) => {
  const dir = tempDir(t);
  const r = await run(['run', join(ROOT, 'scenarios/xsk-cq-small-5.19.json'), '--pcap', '-'], dir);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout.readUInt32LE(0), 0xa1b23c4d, 'stdout starts with the nanosecond pcap magic');
  t.regex(r.stderr, /^scenario {5}/m, 'the text report went to stderr');
  t.deepEqual(readdirSync(dir), []);
});

test('item 1: --trace and --pcap on one path, or on a directory, are usage errors before the run', async (t) => {
  const dir = tempDir(t);
  const same = join(dir, 'x');
  const [twice, directory, viaLink] = await Promise.all([
    run(['run', SHORT, '--trace', same, '--pcap', same]),
    run(['run', SHORT, '--pcap', dir]),
    (symlinkSync('x', join(dir, 'to-x')), run(['run', SHORT, '--events', same, '--trace', join(dir, 'to-x')])),
  ]);
  t.deepEqual([twice.code, twice.stdout.length, twice.stderr], [2, 0, `nicsim: run: --trace ${same}: is the same output as --pcap ${same}; give each output its own path\n`]);
  t.deepEqual([directory.code, directory.stderr], [2, `nicsim: run: --pcap ${dir}: is a directory; expected a file path\n`]);
  t.is(viaLink.code, 2, 'a symlink to the other output is the same output');
  t.deepEqual(readdirSync(dir), ['to-x']);
});

test('item 1: a FIFO output is streamed into, not replaced', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'events.fifo');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.pass('mkfifo is not available');
  const reader = spawn('wc', ['-l', fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = '';
  reader.stdout!.setEncoding('utf8').on('data', (c: string) => (lines += c));
  const readerDone = new Promise((r2) => reader.on('close', r2));
  const r = await run(['run', SHORT, '--events', fifo, '--json']);
  await readerDone;
  t.is(r.code, 0, r.stderr);
  t.is(Number(lines.trim().split(' ')[0]), JSON.parse(r.stdout.toString()).events);
  t.true(lstatSync(fifo).isFIFO());
});

test('item 2: a full disk is one line naming path and errno; the previous file and no temporary file are left', async (t) => {
  const mnt = tmpfs(t, 256 * 1024);
  if (mnt === null) return t.pass();
  const events = join(mnt, 'events.jsonl');
  writeFileSync(events, 'previous run\n');
  const r = await run(['run', SHORT, '--events', events]);
  t.is(r.code, 2);
  t.is(r.stdout.length, 0);
  t.is(r.stderr, `nicsim: run: --events ${events}: write failed (ENOSPC: no space left on device); no file was replaced\n`);
  t.is(readFileSync(events, 'utf8'), 'previous run\n');
  t.deepEqual(readdirSync(mnt), ['events.jsonl']);
});

test('item 2: result.json on a disk that fills up is never left truncated', async (t) => {
  const mnt = tmpfs(t, 64 * 1024);
  if (mnt === null) return t.pass();
  const out = join(mnt, 'out');
  const first = await run(['run', SHORT, '--out', out]);
  t.is(first.code, 0, first.stderr);
  const before = readFileSync(join(out, 'result.json'), 'utf8');
  // Fill the rest of the disk, then run again into the same folder.
  spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'filler')}`, 'bs=4096'], { stdio: 'ignore' });
  const second = await run(['run', SHORT, '--out', out, '--seed', '9']);
  t.is(second.code, 2);
  t.regex(second.stderr, /^nicsim: run: --out .*result\.json: write failed \(ENOSPC: no space left on device\); no file was replaced\n$/);
  t.is(readFileSync(join(out, 'result.json'), 'utf8'), before, 'the previous result is intact');
  t.deepEqual(readdirSync(out).sort(), ['report.txt', 'result.json']);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`item 3: ${signal} during run --trace --pcap --events removes every temporary file and exits ${signal === 'SIGINT' ? 130 : 143}`, async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'trace.json'), 'previous');
    const started = start(['run', LONG, '--trace', join(dir, 'trace.json'), '--pcap', join(dir, 'x.pcap'), '--events', join(dir, 'e.jsonl'), '--out', join(dir, 'out')]);
    await until('the temporary files', () => readdirSync(dir).filter((f) => f.endsWith('.tmp')).length === 3);
    await new Promise((r) => setTimeout(r, 300));
    started.child.kill(signal);
    const r = await started.done;
    t.is(r.code, signal === 'SIGINT' ? 130 : 143, r.stderr);
    t.regex(r.stderr, new RegExp(`^nicsim: run: interrupted by ${signal}; removed 5 temporary files; nothing was written to .*trace\\.json.*\\n$`));
    t.true(noStackTrace(r.stderr));
    t.deepEqual(readdirSync(dir).sort(), ['out', 'trace.json']);
    t.deepEqual(readdirSync(join(dir, 'out')), []);
    t.is(readFileSync(join(dir, 'trace.json'), 'utf8'), 'previous');
  });
}

test('item 4: an unwritable --out is found before the run: read-only file system and /proc', async (t) => {
  const ro = tmpfs(t, 64 * 1024, { readOnly: true });
  const dir = tempDir(t);
  const [proc, readOnly] = await Promise.all([
    run(['run', LONG, '--out', '/proc/nicsim-no-such/out', '--events', join(dir, 'e.jsonl')]),
    ro === null ? Promise.resolve(null) : run(['run', LONG, '--out', join(ro, 'out'), '--events', join(dir, 'e.jsonl')]),
  ]);
  t.deepEqual([proc.code, proc.stdout.length], [2, 0]);
  t.is(proc.stderr, 'nicsim: run: --out /proc/nicsim-no-such/out: cannot create directory /proc/nicsim-no-such (ENOENT: no such file or directory)\n');
  if (readOnly !== null) {
    t.deepEqual([readOnly.code, readOnly.stdout.length], [2, 0]);
    t.is(readOnly.stderr, `nicsim: run: --out ${join(ro!, 'out')}: cannot create directory ${join(ro!, 'out')} (EROFS: read-only file system)\n`);
  }
  t.deepEqual(readdirSync(dir), [], 'nothing was opened: the run never started');
});

test('item 10: a violation found from a read-only folder exits 1 and says the report was not written', async (t) => {
  const ro = tmpfs(t, 64 * 1024, { readOnly: true });
  if (ro === null) return t.pass();
  const r = await run(['run', join(ROOT, 'test/cli/fixtures/xsk-cq-overflow-undeclared.json')], ro);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stderr, /^nicsim: violation: .*\(reproduce: nicsim run .*\)\nnicsim: the bug report was not written: .*bug-reports: cannot create directory .*bug-reports \(EROFS: read-only file system\); the command above reproduces the failure\n$/);
});

test('item 10: SIGTERM during sweep keeps the completed rows and exits 143', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'sweep');
  const started = start(['sweep', SHORT, '--set', 'workloads.0.queueCapacity=2,3,4,5,6,7,8,9', '--seeds', '8', '--out', out, '--jobs', '2']);
  await until('a completed row', () => existsSync(join(out, 'rows.jsonl')) && readFileSync(join(out, 'rows.jsonl'), 'utf8').includes('\n'));
  started.child.kill('SIGTERM');
  const r = await started.done;
  t.is(r.code, 143, r.stderr);
  t.true(noStackTrace(r.stderr), r.stderr);
  t.regex(r.stderr, /nicsim: sweep: interrupted by SIGTERM; no temporary files were left; kept \d+ of 64 runs in .*sweep/);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { interrupted: boolean; completedJobs: number };
  t.true(summary.interrupted);
  t.is(readFileSync(join(out, 'rows.jsonl'), 'utf8').trim().split('\n').length, summary.completedJobs);
  t.false(readdirSync(out).some((f) => f.endsWith('.tmp')));
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`item 10: ${signal} during fuzz exits ${signal === 'SIGINT' ? 130 : 143} with its summary and no EPIPE traces`, async (t) => {
    const dir = tempDir(t);
    const started = start(['fuzz', '--seconds', '60', '--workers', '2', '--out', join(dir, 'fuzz'), '--property', 'mm1k.conservation']);
    // The output folder appears once the handlers are installed and the workers are starting.
    await until('the fuzz output folder', () => existsSync(join(dir, 'fuzz')));
    await new Promise((r) => setTimeout(r, 1500));
    started.child.kill(signal);
    const r = await started.done;
    t.is(r.code, signal === 'SIGINT' ? 130 : 143, r.stderr);
    t.true(noStackTrace(r.stderr), r.stderr);
    t.regex(r.stdout.toString(), /^fuzz: \d+ runs in .* \(interrupted\)/);
    t.regex(r.stderr, new RegExp(`nicsim: fuzz: interrupted by ${signal}; no temporary files were left; kept 0 bug reports and 0 crash files in .*fuzz\\n$`));
  });
}
