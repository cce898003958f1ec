/**
 * `nicsim report <result.json | sweep dir | rows.jsonl> --out report.html`
 *
 * One self-contained HTML file: for a run (result.json from `nicsim run --out DIR`), its
 * summary, metrics, the workloads' text reports and the resolved scenario; for a sweep, the
 * summary table, a chart per metric and every row.
 */
import { keyValueTable, renderHtmlReport, sweepReport, type ReportSection } from '../output/html-report.ts';
import { found, InputFileError, MIB, readJsonFile } from '../output/input-file.ts';
import { readSweep } from '../output/sweep-files.ts';
import { asUsageError, rowsFile } from './plot.ts';
import { UsageError } from './usage.ts';
import { openWholeOutput } from './whole-output.ts';

export interface ReportCommandOptions {
  out: string;
  title?: string;
}

const SUMMARY_FIELDS = ['scenario', 'file', 'seed', 'status', 'mainPhase', 'simTimeNs', 'events', 'fingerprint', 'liveness'];

/** The HTML report of one run result (the JSON `nicsim run --json` prints). */
export function runResultHtml(result: Record<string, unknown>): string {
  const summary: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) if (result[field] !== undefined) summary[field] = result[field];
  const sections: ReportSection[] = [{ heading: 'Run', table: keyValueTable(summary) }];
  if (result.violation !== undefined) sections.push({ heading: 'Violation', table: keyValueTable(result.violation as Record<string, unknown>) });
  if (result.metrics !== undefined) sections.push({ heading: 'Metrics', table: keyValueTable(result.metrics as Record<string, unknown>) });
  const reports = Array.isArray(result.reports) ? result.reports.filter((r): r is string => typeof r === 'string') : [];
  if (reports.length > 0) sections.push({ heading: 'Workload reports', pre: reports.join('\n\n') });
  if (result.rngDraws !== undefined) sections.push({ heading: 'Random draws per stream', table: keyValueTable(result.rngDraws as Record<string, unknown>) });
  if (Array.isArray(result.recentEvents) && result.status !== 'ok') {
    const lines = (result.recentEvents as { eventNumber: number; timeNs: number; kind: string; a: number; b: number }[]).map((e) => `#${e.eventNumber} t=${e.timeNs} ${e.kind}(${e.a}, ${e.b})`);
    sections.push({ heading: 'Recent events', pre: lines.join('\n') });
  }
  if (result.resolved !== undefined) sections.push({ heading: 'Resolved scenario', pre: JSON.stringify(result.resolved, null, 2) });
  const name = typeof result.scenario === 'string' ? result.scenario : 'run';
  return renderHtmlReport({ title: `nicsim run: ${name}`, subtitle: `seed ${String(result.seed)}, fingerprint ${String(result.fingerprint)}`, sections });
}

/** A run result is a few hundred KB at most (metrics, the last events, the resolved scenario). */
export const RUN_RESULT_LIMIT_BYTES = 64 * MIB;
const RUN_RESULT_MAX_DEPTH = 64;
const RUN_RESULT = 'a run result (the JSON of nicsim run --json, or result.json of --out DIR)';

/** What is wrong with a parsed value as a run result: where (a JSON path) and what, or null. */
export function runResultProblem(value: unknown): { where?: string; message: string } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { message: `expected ${RUN_RESULT}, found ${found(value)}` };
  const r = value as Record<string, unknown>;
  const isRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const fingerprint = 'a string (every run result has its trajectory fingerprint)';
  if (r.fingerprint === undefined) return { where: '$.fingerprint', message: `missing required field, expected ${fingerprint}` };
  if (typeof r.fingerprint !== 'string') return { where: '$.fingerprint', message: `expected ${fingerprint}, found ${found(r.fingerprint)}` };
  if (r.status !== undefined && typeof r.status !== 'string') return { where: '$.status', message: `expected a string, found ${found(r.status)}` };
  for (const key of ['violation', 'metrics', 'rngDraws', 'resolved']) {
    if (r[key] !== undefined && !isRecord(r[key])) return { where: `$.${key}`, message: `expected an object, found ${found(r[key])}` };
  }
  if (r.reports !== undefined && !(Array.isArray(r.reports) && r.reports.every((x) => typeof x === 'string'))) return { where: '$.reports', message: `expected an array of strings, found ${found(r.reports)}` };
  if (r.recentEvents !== undefined) {
    if (!Array.isArray(r.recentEvents)) return { where: '$.recentEvents', message: `expected an array of events, found ${found(r.recentEvents)}` };
    const bad = r.recentEvents.findIndex((e) => !isRecord(e));
    if (bad !== -1) return { where: `$.recentEvents[${bad}]`, message: `expected an event (an object), found ${found(r.recentEvents[bad])}` };
  }
  return null;
}

/** The run result in `file`, checked; problems are InputFileErrors. */
export function readRunResult(file: string): Record<string, unknown> {
  const value = readJsonFile(file, { what: RUN_RESULT, maxDepth: RUN_RESULT_MAX_DEPTH, limitBytes: RUN_RESULT_LIMIT_BYTES });
  const problem = runResultProblem(value);
  if (problem !== null) throw new InputFileError(file, problem.where, problem.message);
  return value as Record<string, unknown>;
}

export async function reportCommand(input: string, values: ReportCommandOptions): Promise<number> {
  const output = openWholeOutput('report', values.out);
  try {
    const file = rowsFile('report', input);
    let html: string;
    if (file !== input || file.endsWith('.jsonl')) {
      const { rows, summary } = asUsageError('report', () => readSweep(file));
      html = await sweepReport({ rows, summary, title: values.title ?? `nicsim sweep: ${input}` });
    } else {
      html = runResultHtml(asUsageError('report', () => readRunResult(file)));
    }
    output.finish(html);
  } catch (error) {
    output.abort();
    throw error;
  }
  process.stderr.write(`nicsim: report: written to ${values.out}\n`);
  return 0;
}
