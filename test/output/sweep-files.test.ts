/**
 * `nicsim plot` and `nicsim report` on files that are not sweep rows or run results, through
 * the real CLI: exit 2 and one line naming the file, the line (or field) and what was expected
 * there. Nothing is written to --out.
 */
import test, { type ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nicsim } from '../cli/nicsim.ts';

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'nicsim-sweep-files-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const ROW = { gridIndex: 0, seed: 5, params: { 'workloads.0.arrivalRateHz': 500000 }, ok: true, result: { status: 'ok', fingerprint: 'fe7dc1ecd1eec5ce', events: 206, 'mm1k.meanSojournNs': 1044.06 } };
const LINE = JSON.stringify(ROW);
const ROW_WORDS = 'a sweep row (a JSON object with gridIndex, seed, params, ok, result)';
const ROWS_WORDS = 'sweep rows (rows.jsonl, one JSON object per line)';

/** File name, content, and what follows "<file>: " in the error line. */
const ROWS_CORPUS: [string, string | Buffer, string][] = [
  ['garbage.jsonl', Buffer.from([0x00, 0xff, 0x13, 0x80, 0x0a, 0x41]), `line 1: expected ${ROW_WORDS}, found bytes that are not UTF-8 (a binary file?)`],
  ['array.jsonl', `[${LINE}]\n`, `line 1: expected ${ROW_WORDS}, found an array of 1 item`],
  ['scalar-line.jsonl', `${LINE}\n42\n`, `line 2: expected ${ROW_WORDS}, found 42`],
  ['bad-seed.jsonl', `${LINE}\n${JSON.stringify({ ...ROW, seed: 'x' })}\n`, 'line 2: $.seed: expected a non-negative integer, found "x"'],
  ['nested-result.jsonl', `${JSON.stringify({ ...ROW, result: { pps: { value: 1 } } })}\n`, 'line 1: $.result["pps"]: expected a string, number, boolean or null (result columns are flat), found an object'],
  ['truncated.jsonl', `${LINE}\n${LINE.slice(0, 40)}`, `line 2: expected ${ROW_WORDS}, found a truncated last line (invalid JSON and no newline at the end)`],
  ['bad-middle-line.jsonl', `${LINE}\n{"gridIndex": 1,\n${LINE}\n`, `line 2, column 17: expected ${ROW_WORDS}, found invalid JSON (expected a property name in double quotes after ',', found end of file)`],
  ['pretty.json.jsonl', `${JSON.stringify(ROW, null, 2)}\n`, `line 1, column 2: expected ${ROW_WORDS}, found invalid JSON (expected a property name in double quotes or '}', found end of file)`],
  ['deep.jsonl', `${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'line 1, column 17: expected at most 16 levels of nested arrays and objects, found more'],
  ['empty.jsonl', '', `expected ${ROWS_WORDS}, found an empty file`],
  ['blank.jsonl', '\n  \n', `expected ${ROWS_WORDS}, found only blank lines`],
];

async function bothCommands(dir: string, input: string) {
  const svg = join(dir, 'chart.svg');
  const html = join(dir, 'report.html');
  const [plot, report] = await Promise.all([nicsim('plot', input, '--x', 'workloads.0.arrivalRateHz', '--y', 'mm1k.meanSojournNs', '--out', svg), nicsim('report', input, '--out', html)]);
  return { plot, report, wrote: existsSync(svg) || existsSync(html) };
}

function assertOneLine(t: ExecutionContext, command: string, run: { code: number; stderr: string }, expected: string, label: string): void {
  t.is(run.code, 2, `${command} ${label}: ${run.stderr}`);
  t.is(run.stderr, `nicsim: ${command}: ${expected}\n`, `${command} ${label}`);
}

test('plot and report: a file that is not sweep rows is exit 2, one line naming the file and the line', async (t) => {
  const dir = tempDir(t);
  for (const [name, content, expected] of ROWS_CORPUS) {
    const file = join(dir, name);
    writeFileSync(file, content);
    const { plot, report, wrote } = await bothCommands(dir, file);
    assertOneLine(t, 'plot', plot, `${file}: ${expected}`, name);
    assertOneLine(t, 'report', report, `${file}: ${expected}`, name);
    t.false(wrote, `${name}: nothing written to --out`);
  }
});

test('plot and report: a FIFO and a directory without rows.jsonl are refused without blocking', async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'rows.jsonl');
  // No writer ever opens it: opening it for a blocking read would hang the command.
  execFileSync('mkfifo', [fifo]);
  const empty = join(dir, 'not-a-sweep');
  mkdirSync(empty);
  for (const [input, expected] of [
    [fifo, `${fifo}: cannot read ${ROWS_WORDS}: expected a regular file, found a FIFO`],
    [dir, `${fifo}: cannot read ${ROWS_WORDS}: expected a regular file, found a FIFO`],
    [empty, `${empty}: expected a sweep directory (with rows.jsonl), found a directory without rows.jsonl`],
  ]) {
    const { plot, report } = await bothCommands(dir, input);
    assertOneLine(t, 'plot', plot, expected, input);
    assertOneLine(t, 'report', report, expected, input);
  }
});

test('report: a JSON file that is not a run result is exit 2, one line naming the field', async (t) => {
  const dir = tempDir(t);
  const words = 'a run result (the JSON of nicsim run --json, or result.json of --out DIR)';
  const fifo = join(dir, 'result-fifo.json');
  execFileSync('mkfifo', [fifo]);
  const cases: [string, string, string][] = [
    ['array.json', '[1, 2]', `expected ${words}, found an array of 2 items`],
    ['no-fingerprint.json', '{"seed": 1}', '$.fingerprint: missing required field, expected a string (every run result has its trajectory fingerprint)'],
    ['bad-events.json', '{"fingerprint": "f", "recentEvents": [null]}', '$.recentEvents[0]: expected an event (an object), found null'],
    ['bad-metrics.json', '{"fingerprint": "f", "metrics": "fast"}', '$.metrics: expected an object, found "fast"'],
    ['not-json.json', 'fingerprint: f\n', `line 1, column 1: expected ${words}, found invalid JSON (expected a JSON value, found 'fingerprint')`],
    ['deep.json', `{"fingerprint": "f", "metrics": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`, 'line 1, column 96: expected at most 64 levels of nested arrays and objects, found more'],
    ['empty.json', '', `expected ${words}, found an empty file`],
  ];
  const runs = await Promise.all(
    cases.map(([name, content]) => {
      writeFileSync(join(dir, name), content);
      return nicsim('report', join(dir, name), '--out', join(dir, `${name}.html`));
    }),
  );
  cases.forEach(([name, , expected], i) => assertOneLine(t, 'report', runs[i], `${join(dir, name)}: ${expected}`, name));
  assertOneLine(t, 'report', await nicsim('report', fifo, '--out', join(dir, 'fifo.html')), `${fifo}: cannot read ${words}: expected a regular file, found a FIFO`, 'FIFO');
});

test('plot and report: well-formed rows still plot and report', async (t) => {
  const dir = tempDir(t);
  const rows = join(dir, 'rows.jsonl');
  writeFileSync(rows, `${LINE}\n${JSON.stringify({ ...ROW, seed: 6, result: { ...ROW.result, 'mm1k.meanSojournNs': 1100 } })}\n${JSON.stringify({ ...ROW, gridIndex: 1, params: { 'workloads.0.arrivalRateHz': 1e6 } })}\n`);
  const plot = await nicsim('plot', dir, '--x', 'workloads.0.arrivalRateHz', '--y', 'mm1k.meanSojournNs', '--out', join(dir, 'chart.svg'));
  t.is(plot.code, 0, plot.stderr);
  const report = await nicsim('report', rows, '--out', join(dir, 'report.html'));
  t.is(report.code, 0, report.stderr);
});
