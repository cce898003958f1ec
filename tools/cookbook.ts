/**
 * Regenerates docs/cookbook.md: every shipped scenario with the command that runs it and what
 * `nicsim run` prints for it on standard output (the metrics block summarised, since --json
 * prints all of it, and long reports cut).
 *
 *   npm run docs:cookbook        (node --import tsx tools/cookbook.ts [outFile]; default docs/cookbook.md)
 *
 * Each scenario runs in this process through the functions `nicsim run` itself calls
 * (loadScenarioFile, runScenario, formatReport), from the sources: the page can never show a
 * stale dist/. The lines that depend on the machine or the moment, wall time and events/s,
 * are left out, so every line of the page is a function of the scenario, its seed and the
 * nicsim sources. That is what lets test/docs/cookbook.test.ts regenerate the page and fail
 * when the committed one is stale. The page is written atomically (a temporary sibling renamed
 * over it), so a reader never sees it half-written.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EXIT } from '../cli/exit-codes.ts';
import { formatReport } from '../cli/format.ts';
import { writeOutput } from '../output/out-file.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { ScenarioError } from '../scenario/problems.ts';
import { runScenario, type RunResult } from '../scenario/run.ts';

/** Scenario paths are relative to the repository root, wherever the command runs from. */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The page, relative to the repository root. */
export const COOKBOOK_FILE = 'docs/cookbook.md';

/** Report lines shown after the metrics summary; the rest is counted, not shown. */
const MAX_REPORT_LINES = 18;

/**
 * Header labels of cli/format.ts whose values are measured on the machine running the
 * scenario. Their lines are dropped; excerpt() fails if one goes missing, so a renamed
 * label cannot let a timing figure into the page unnoticed.
 */
export const TIMING_LABELS: readonly string[] = ['wall time', 'events/s'];

/** The label that ends the fixed header of every report (cli/format.ts). */
const LAST_HEADER_LABEL = 'fingerprint';

/** One scenario run, with what its section needs. */
export interface CookbookRun {
  /** The scenario as the command names it: 'scenarios/mm1.json'. */
  file: string;
  description: string;
  result: RunResult;
}

/** The shipped scenarios, as the commands name them, in the order the page lists them. */
export function shippedScenarioFiles(): string[] {
  return readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `scenarios/${f}`);
}

/** Runs one shipped scenario at its own seed, as `nicsim run <file>` does. */
export function runShipped(file: string): CookbookRun {
  const scenario = loadScenarioFile(join(ROOT, file));
  return { file, description: scenario.description, result: runScenario(scenario, { file }) };
}

/** Whether a report line carries the value of header label `label` (labels are padded to 13 columns). */
function hasLabel(line: string, label: string): boolean {
  return line.startsWith(`${label} `) && line.slice(label.length).trimStart() !== '';
}

/**
 * The report as the page shows it: the header without its timing lines, a one-line summary
 * of the metrics block, then at most MAX_REPORT_LINES lines of the models' reports.
 */
export function excerpt(report: string, file: string): string[] {
  const lines = report.trimEnd().split('\n');
  const headerEnd = lines.findIndex((l) => hasLabel(l, LAST_HEADER_LABEL)) + 1;
  if (headerEnd === 0) throw new Error(`tools/cookbook.ts: the report of ${file} has no '${LAST_HEADER_LABEL}' line: cli/format.ts changed, update LAST_HEADER_LABEL`);
  for (const label of TIMING_LABELS) {
    const count = lines.slice(0, headerEnd).filter((l) => hasLabel(l, label)).length;
    if (count !== 1) throw new Error(`tools/cookbook.ts: the report of ${file} has ${count} '${label}' lines, expected 1: cli/format.ts changed, update TIMING_LABELS`);
  }
  const header = lines.slice(0, headerEnd).filter((l) => !TIMING_LABELS.some((label) => hasLabel(l, label)));
  const rest = lines.slice(headerEnd);
  const metricsAt = rest.indexOf('metrics');
  if (metricsAt < 0) return [...header, ...cut(rest)];
  let end = metricsAt + 1;
  while (end < rest.length && rest[end].startsWith('  ')) end++;
  return [...header, ...rest.slice(0, metricsAt), `metrics      (${end - metricsAt - 1} lines; --json prints them all)`, ...cut(rest.slice(end))];
}

function cut(report: readonly string[]): string[] {
  const shown = report.slice(0, MAX_REPORT_LINES);
  return report.length > shown.length ? [...shown, `… (${report.length - shown.length} more report lines)`] : shown;
}

/**
 * The exit code `nicsim run` gives a result (cli/commands/run.ts, afterRun): 0 when the
 * declared outcome is reproduced or nothing failed, 4 for liveness, 1 otherwise.
 */
export function exitCodeOf(result: RunResult): number {
  if (result.expectation?.reproduced === true) return EXIT.ok;
  if (result.status === 'liveness') return EXIT.liveness;
  return result.status === 'violation' || result.expectation !== undefined ? EXIT.violation : EXIT.ok;
}

/** The heading of a scenario's section; staleness() finds sections by it. */
function heading(file: string): string {
  return `### \`${file}\``;
}

/** GitHub's anchor for a heading: lower case, punctuation but '-' dropped, spaces to '-'. */
export function anchorOf(headingText: string): string {
  return headingText
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function section(run: CookbookRun): string {
  const code = exitCodeOf(run.result);
  return [
    heading(run.file),
    '',
    run.description,
    '',
    '```sh',
    `npx nicsim run ${run.file}${code === 0 ? '' : `   # exits ${code}`}`,
    '```',
    '```text',
    ...excerpt(formatReport(run.result, run.file), run.file),
    '```',
    '',
  ].join('\n');
}

/** The whole page: an introduction, an index, then one section per scenario. */
export function renderCookbook(runs: readonly CookbookRun[]): string {
  const index = runs.map((r) => `* [\`${r.file}\`](#${anchorOf(heading(r.file).slice(4))})`);
  return [
    '# Cookbook: the shipped scenarios',
    '',
    '<!-- Generated by `npm run docs:cookbook` (tools/cookbook.ts): do not edit by hand. test/docs/cookbook.test.ts fails when this page is stale. -->',
    '',
    'Each scenario in `scenarios/` with the command that runs it and what it prints on standard',
    'output, at its own seed. The metrics block is summarised (`--json` prints all of it) and long',
    'reports are cut. The `wall time` and `events/s` lines are left out: they change from run to',
    'run, and everything else here is a function of the scenario, its seed and the nicsim version.',
    'How to write, sweep and replay scenarios is in the [README](../README.md#cookbook).',
    '',
    ...index,
    '',
    ...runs.map(section),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}

/** Every shipped scenario run and rendered: the page as it should be today. */
export function freshCookbook(onScenario: (file: string) => void = () => {}): string {
  return renderCookbook(
    shippedScenarioFiles().map((file) => {
      onScenario(file);
      return runShipped(file);
    }),
  );
}

/**
 * Why `committed` is not `fresh`, in one line naming the scenario section and the line where
 * they first differ; null when they are equal.
 */
export function staleness(committed: string, fresh: string, file = COOKBOOK_FILE): string | null {
  if (committed === fresh) return null;
  const was = committed.split('\n');
  const now = fresh.split('\n');
  let at = 0;
  while (at < was.length && at < now.length && was[at] === now[at]) at++;
  // The section is named by the last scenario heading at or before the difference.
  let where = 'the introduction';
  for (let i = Math.min(at, now.length - 1); i >= 0; i--) {
    const m = /^### `(.+)`$/.exec(now[i]);
    if (m !== null) {
      where = m[1];
      break;
    }
  }
  const show = (line: string | undefined) => (line === undefined ? 'the end of the file' : JSON.stringify(line));
  return `${file} is stale: first difference at line ${at + 1}, in ${where}: expected ${show(now[at])}, found ${show(was[at])}; run npm run docs:cookbook`;
}

/** Writes the page atomically: a reader sees the old file or the whole new one. */
export function writeCookbook(text: string, path: string): void {
  writeOutput(undefined, path, text);
}

function main(): void {
  const path = process.argv[2] ?? join(ROOT, COOKBOOK_FILE);
  const text = freshCookbook((file) => process.stderr.write(`cookbook: ${file}\n`));
  writeCookbook(text, path);
  process.stderr.write(`cookbook: wrote ${path}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    // Nothing is written on a failure. A scenario that no longer loads is one line per
    // problem and exit 2, as `nicsim run` reports it; anything else is one line and exit 1.
    const lines = error instanceof ScenarioError ? error.lines() : [error instanceof Error ? error.message : String(error)];
    for (const line of lines) process.stderr.write(`${line}\n`);
    process.exitCode = error instanceof ScenarioError ? EXIT.usage : 1;
  }
}
