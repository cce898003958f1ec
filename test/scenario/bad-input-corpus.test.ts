/**
 * The bad-input corpus: the real `nicsim validate` and `nicsim run`, in child processes under
 * a 256 MB heap cap, over files made in a temp dir: malformed JSON, deep nesting, huge and
 * non-finite numbers, huge counts, devices, a FIFO with no writer, symbolic links, a
 * directory, a path through a regular file, an empty file and one over the size limit.
 * Every case must end in exit 2 with exactly one line naming the file (no stack trace, no
 * "internal error"), or in a clean exit 0; a child killed by the heap cap or by the time
 * limit exits otherwise and fails its case. Cases run a few at a time, as many as there are
 * cores, so the file stays well under a minute on two cores.
 */
import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
/** Heap cap of every child: a case that needs more is killed by V8 and fails. */
const HEAP_MB = 256;
/** A case still running after this is a hang (a FIFO that blocks). */
const CASE_TIMEOUT_MS = 20_000;

interface Case {
  name: string;
  /** Makes the input in `dir` and returns its path. */
  make(dir: string): string;
  /** 'ok': exit 0; otherwise the one stderr line must match (after `<file>: `). */
  expect: 'ok' | RegExp;
  /**
   * Only `validate`: for cases beyond the issue's list, whose refusal comes from the same
   * loadScenarioFile as `run`'s; every child costs about a second of CPU (tsx and TypeBox load).
   */
  validateOnly?: true;
}

const MM1K = { kind: 'mm1k', arrivalRateHz: 1e6, serviceRateHz: 1.25e6, queueCapacity: 16 };
const GOOD = { name: 'good', bounds: { simTimeNs: 20_000 }, workloads: [MM1K] };
const json = (value: unknown) => JSON.stringify(value, null, 2);
const file = (name: string, content: string | Buffer) => (dir: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** A scenario with `field: <text>` spliced in as raw JSON text (for values JSON.stringify cannot write). */
const spliced = (name: string, raw: string) => file(name, `{\n  "name": "x",\n  "bounds": { "simTimeNs": 1000 },\n  "workloads": [${JSON.stringify(MM1K)}],\n  ${raw}\n}\n`);

/** Deterministic bytes that are not UTF-8 (a xorshift stream, no Math.random). */
function binary(length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) & 0xff;
  }
  out[0] = 0xff;
  return out;
}

const CASES: Case[] = [
  { name: 'a good scenario', make: file('good.json', json(GOOD)), expect: 'ok' },
  { name: 'a good scenario after a byte order mark', make: file('bom.json', `\ufeff${json(GOOD)}`), expect: 'ok', validateOnly: true },
  { name: 'a symbolic link to a good file', make: (dir) => (symlinkSync(file('target.json', json(GOOD))(dir), join(dir, 'symlink.json')), join(dir, 'symlink.json')), expect: 'ok' },
  // Malformed JSON.
  { name: 'an empty file', make: file('empty.json', ''), expect: /^line 1, column 1: invalid JSON: expected a JSON value, found end of file$/ },
  { name: 'a truncated file', make: file('truncated.json', '{"name": "x", "bounds": {'), expect: /^line 1, column 26: invalid JSON: expected a property name in double quotes or '}', found end of file$/, validateOnly: true },
  { name: 'a trailing comma', make: file('comma.json', '{"name": "x",}'), expect: /^line 1, column 14: invalid JSON: expected a property name .* found '}' \(JSON allows no comma before '}'\)$/ },
  { name: 'a bad token on line 2 of 7', make: file('token.json', `{\n  "name": x,\n${json(GOOD).split('\n').slice(2).join('\n')}`), expect: /^line 2, column 11: invalid JSON: expected a value after ':', found 'x'$/ },
  { name: 'single quotes', make: file('quotes.json', "{'name': 'x'}"), expect: /^line 1, column 2: invalid JSON: .*JSON strings need double quotes/, validateOnly: true },
  { name: 'a comment', make: file('comment.json', `// scenario\n${json(GOOD)}`), expect: /^line 1, column 1: invalid JSON: .*JSON has no comments/, validateOnly: true },
  { name: 'NaN', make: spliced('nan.json', '"seed": NaN'), expect: /^line 5, column 11: invalid JSON: expected a value after ':', found 'NaN'$/, validateOnly: true },
  { name: 'binary bytes', make: file('binary.json', binary(4096)), expect: /^line 1, column 1: expected UTF-8 text, found byte 0xff/, validateOnly: true },
  { name: 'a top-level array', make: file('array.json', '[]'), expect: /^\$: expected a scenario object with fields name, bounds, workloads; .* found \[\]$/, validateOnly: true },
  // Deep nesting.
  { name: 'arrays nested 20,000 deep', make: file('deep-arrays.json', '['.repeat(20_000) + ']'.repeat(20_000)), expect: /^line 1, column 65: expected at most 64 levels of nested arrays and objects, found more$/ },
  { name: 'objects nested 20,000 deep', make: file('deep-objects.json', '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000)), expect: /^line 1, column 321: expected at most 64 levels/ },
  { name: 'nesting 20,000 deep inside a field', make: spliced('deep-field.json', `"description": ${'['.repeat(20_000)}${']'.repeat(20_000)}`), expect: /^line 5, column 81: expected at most 64 levels/ },
  // Huge and non-finite numbers.
  { name: '1e400', make: file('inf.json', json(GOOD).replace('20000', '1e400')), expect: /^line 4, column 18: expected a finite number, found 1e400$/ },
  { name: '-1e400', make: spliced('neg-inf.json', '"seed": -1e400'), expect: /^line 5, column 11: expected a finite number, found -1e400$/ },
  { name: 'a cost of 1e308 ns', make: file('cost.json', json({ ...GOOD, machine: { costOverrides: { pageAllocNs: 1e308 } }, workloads: [{ kind: 'mana-rx', flow: { kind: 'tcp' } }] })), expect: /^\$\.machine\.costOverrides\.pageAllocNs: expected number >= 0 and <= 1e9, found 1e\+308$/ },
  { name: 'a rate of 1e-300 Hz', make: file('rate.json', json({ ...GOOD, workloads: [{ ...MM1K, arrivalRateHz: 1e-300 }] })), expect: /^\$\.workloads\[0\]\.arrivalRateHz: expected number >= 0\.001 and <= 1e9, found 1e-300$/ },
  { name: 'a link of 1e-300 Gbit/s', make: file('link.json', json({ ...GOOD, workloads: [{ kind: 'mana-rx', flow: { kind: 'tcp', linkGbps: 1e-300 } }] })), expect: /^\$\.workloads\[0\]\.flow\.linkGbps: expected number >= 0\.001 and <= 1000, found 1e-300$/, validateOnly: true },
  { name: 'a queue of 1e20 places', make: file('capacity.json', json({ ...GOOD, workloads: [{ ...MM1K, queueCapacity: 1e20 }] })), expect: /^\$\.workloads\[0\]\.queueCapacity: expected integer >= 1 and <= 1048576, found 100000000000000000000$/, validateOnly: true },
  // Huge counts.
  {
    name: '5,000 NICs',
    make: file('nics.json', json({ ...GOOD, topology: { nics: Array.from({ length: 5000 }, (_, i) => ({ name: `eth${i}`, driver: 'mlx5' })) }, workloads: [{ kind: 'xdpsock', packetSizesBytes: [64] }] })),
    expect: /^\$\.topology\.nics: expected at most 64 items, found 5000$/,
  },
  { name: '20,000 mm1k workloads', make: file('workloads.json', json({ ...GOOD, workloads: Array.from({ length: 20_000 }, () => MM1K) })), expect: /^\$\.workloads: expected at most 256 items, found 20000$/ },
  { name: '100,000 faults', make: file('faults.json', json({ ...GOOD, faults: Array.from({ length: 100_000 }, () => ({ kind: 'alloc-fail', probability: 0.5 })) })), expect: /^\$\.faults: expected at most 1024 items, found 100000$/ },
  {
    name: 'models too large for memory',
    make: file('slots.json', json({ ...GOOD, machine: { cpus: 64 }, workloads: Array.from({ length: 16 }, () => ({ kind: 'mana-rx', queues: 64, rxQueueSizeEntries: 8192, flow: { kind: 'tcp' } })) })),
    expect: /^\$\.workloads: expected models of at most 4194304 buffer slots/, validateOnly: true,
  },
  // Things that are not regular files (devices read-only: nothing is ever written to /dev).
  { name: '/dev/zero', make: () => '/dev/zero', expect: /^\$: cannot read scenario: expected a regular file, found a character device$/ },
  { name: '/dev/urandom', make: () => '/dev/urandom', expect: /^\$: cannot read scenario: expected a regular file, found a character device$/ },
  { name: '/dev/null', make: () => '/dev/null', expect: /^\$: cannot read scenario: expected a regular file, found a character device$/ },
  { name: 'a FIFO with no writer', make: (dir) => (execFileSync('mkfifo', [join(dir, 'fifo')]), join(dir, 'fifo')), expect: /^\$: cannot read scenario: expected a regular file, found a FIFO$/ },
  { name: 'a directory', make: (dir) => (mkdirSync(join(dir, 'folder')), join(dir, 'folder')), expect: /^\$: cannot read scenario: expected a regular file, found a directory$/ },
  { name: 'a dangling symbolic link', make: (dir) => (symlinkSync(join(dir, 'missing.json'), join(dir, 'dangling.json')), join(dir, 'dangling.json')), expect: /^\$: cannot read scenario: no such file \(it is a symbolic link whose target does not exist\)$/ },
  { name: 'a missing file', make: (dir) => join(dir, 'never-written.json'), expect: /^\$: cannot read scenario: no such file$/, validateOnly: true },
  { name: 'a path under a regular file', make: (dir) => join(file('plain.json', json(GOOD))(dir), 'x.json'), expect: /^\$: cannot read scenario: a part of the path before the file name is not a directory \(ENOTDIR\)$/ },
  { name: 'a 17 MiB file', make: file('huge.json', Buffer.alloc(17 * 1024 * 1024, 0x20)), expect: /^\$: cannot read scenario: expected at most 16 MiB, found 17 MiB$/ },
];

// As root, chmod 000 does not make a file unreadable (CAP_DAC_OVERRIDE), so the case exists only for other users.
if (process.getuid?.() !== 0) {
  CASES.push({
    name: 'an unreadable file',
    make: (dir) => {
      const path = file('secret.json', json(GOOD))(dir);
      chmodSync(path, 0o000);
      return path;
    },
    expect: /^\$: cannot read scenario: permission denied \(EACCES\)$/,
  });
}

interface Outcome {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

function nicsim(cwd: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', TSX, MAIN, ...args],
      { cwd, timeout: CASE_TIMEOUT_MS, maxBuffer: 16 << 20, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, signal: error?.signal ?? null, stdout, stderr });
      },
    );
  });
}

/** Runs `jobs` at most `width` at a time, in order of start. */
async function pool<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

/** What is wrong with one command's outcome, or null. */
function verdict(c: Case, command: string, path: string, o: Outcome): string | null {
  const what = `${c.name} (${command} ${path}): exit ${o.code ?? `signal ${o.signal}`}`;
  if (c.expect === 'ok') {
    if (o.code !== 0) return `${what}, expected 0; stderr: ${o.stderr.slice(0, 300)}`;
    return command === 'validate' && o.stdout !== `${path}: ok\n` ? `${what}: stdout ${JSON.stringify(o.stdout)}` : null;
  }
  if (o.code !== 2) return `${what}, expected 2; stderr: ${o.stderr.slice(0, 300)}`;
  if (o.stdout !== '') return `${what}: stdout not empty: ${o.stdout.slice(0, 200)}`;
  const lines = o.stderr.trimEnd().split('\n');
  if (lines.length !== 1) return `${what}: expected one stderr line, found ${lines.length}: ${o.stderr.slice(0, 300)}`;
  const line = lines[0];
  if (/^\s+at |internal error/.test(line)) return `${what}: ${line}`;
  if (!line.startsWith(`${path}: `)) return `${what}: line does not start with the file name: ${line}`;
  return c.expect.test(line.slice(path.length + 2)) ? null : `${what}: ${line.slice(0, 400)} does not match ${c.expect}`;
}

test('every bad input is one line and exit 2, every good one a clean exit 0, under a 256 MB heap and without hanging', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-corpus-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // Children run in their own folder: nothing they might write lands in the repository.
  const cwd = join(dir, 'cwd');
  mkdirSync(cwd);
  const inputs = join(dir, 'inputs');
  mkdirSync(inputs);
  const paths = CASES.map((c) => c.make(inputs));
  const started = process.hrtime.bigint();
  const jobs = CASES.flatMap((c, i) => (c.validateOnly === true ? ['validate'] : ['validate', 'run']).map((command) => async () => verdict(c, command, paths[i], await nicsim(cwd, [command, paths[i]]))));
  const failures = (await pool(jobs, Math.max(2, Math.min(4, availableParallelism())))).filter((f): f is string => f !== null);
  t.log(`${jobs.length} commands over ${CASES.length} cases in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  t.deepEqual(failures, []);
});
