/**
 * `nicsim report <result.json | sweep dir | rows.jsonl> --out report.html`
 *
 * One self-contained HTML file: for a run (result.json from `nicsim run --out DIR`), its
 * summary, metrics, the workloads' text reports and the resolved scenario; for a sweep, the
 * summary table, a chart per metric and every row.
 */
import { readFileSync, statSync } from 'node:fs';
import { writeFileAtomic } from '../output/atomic-file.ts';
import { keyValueTable, renderHtmlReport, sweepReport, type ReportSection } from '../output/html-report.ts';
import { readSweep } from '../output/sweep-files.ts';
import { rowsFile } from './plot.ts';
import { parseCommandArgs, UsageError } from './usage.ts';

export const REPORT_USAGE = 'nicsim report <result.json|sweep-dir|rows.jsonl> --out report.html';

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

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', args, { out: { type: 'string' }, title: { type: 'string' } });
  if (positionals.length !== 1 || values.out === undefined) throw new UsageError(`report: usage: ${REPORT_USAGE}`);
  const input = positionals[0];
  const file = rowsFile(input);
  let html: string;
  if (statSync(input).isDirectory() || file.endsWith('.jsonl')) {
    const { rows, summary } = readSweep(file);
    html = await sweepReport({ rows, summary, title: values.title ?? `nicsim sweep: ${input}` });
  } else {
    let result: unknown;
    try {
      result = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UsageError(`report: ${file} is not JSON: ${(error as Error).message}`);
    }
    if (result === null || typeof result !== 'object' || !('fingerprint' in result)) throw new UsageError(`report: ${file} is not a run result (no "fingerprint")`);
    html = runResultHtml(result as Record<string, unknown>);
  }
  writeFileAtomic(values.out, html);
  process.stderr.write(`nicsim: report: written to ${values.out}\n`);
  return 0;
}
