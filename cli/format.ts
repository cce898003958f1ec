/** The text report of a run, as printed by `nicsim run` and written to report.txt. */
import type { RunResult } from '../scenario/run.ts';
import type { ResolvedKernel } from '../models/kernel/kernel-of.ts';
import type { MetricValue } from '../scenario/workload-module.ts';

/** One line per kernel: its spec, its base and how many registered changes it carries. */
function kernelSummary(kernel: ResolvedKernel): string {
  const base = [`mainline ${kernel.mainline}`, kernel.stable === undefined ? '' : `stable ${kernel.stable}`, kernel.distro === undefined ? '' : `distro ${kernel.distro}`].filter((s) => s !== '').join(', ');
  const explicit = kernel.changes.filter((c) => c.why.endsWith('(explicit)')).map((c) => `${c.in ? '+' : '-'}${c.name}`);
  const carried = kernel.changes.filter((c) => c.in).length;
  return `${kernel.spec}: ${base}${explicit.length > 0 ? ` ${explicit.join(' ')}` : ''}; ${carried} of ${kernel.changes.length} modelled changes in`;
}

export function formatReport(result: RunResult, file: string): string {
  const lines = [
    `scenario     ${result.scenario} (${file})`,
    `seed         ${result.seed}`,
    ...result.kernels.map((k) => `kernel       ${kernelSummary(k)}`),
    `status       ${result.status}${result.status === 'ok' ? '' : ` (reproduce: nicsim run ${file} --seed ${result.seed})`}`,
    ...expectationLine(result),
    `sim time     ${result.simTimeNs} ns (${(result.simTimeNs / 1e9).toFixed(6)} s; main phase ended: ${result.mainPhase})`,
    `events       ${result.events}`,
    `wall time    ${result.wallMs.toFixed(0)} ms`,
    `events/s     ${result.eventsPerSec >= 1e6 ? `${(result.eventsPerSec / 1e6).toFixed(2)} M` : result.eventsPerSec.toFixed(0)}`,
    `fingerprint  ${result.fingerprint}`,
  ];
  if (result.violation !== undefined) {
    const v = result.violation;
    lines.push(`violation    ${v.invariant} in ${v.kernelFn} at t=${v.simTimeNs}ns, event #${v.eventNumber}`, `             ${v.message}`);
  }
  if (result.liveness !== undefined) lines.push(`liveness     ${result.liveness}`);
  const names = Object.keys(result.metrics);
  if (names.length > 0) {
    lines.push('metrics');
    const width = Math.max(...names.map((n) => n.length));
    for (const name of names) lines.push(`  ${name.padEnd(width)}  ${formatMetric(result.metrics[name])}`);
  }
  for (const report of result.reports) lines.push(report);
  if (result.status !== 'ok' && result.recentEvents.length > 0) {
    lines.push(`recent events (last ${result.recentEvents.length})`);
    for (const e of result.recentEvents) lines.push(`  #${e.eventNumber} t=${e.timeNs} seq=${e.seq} ${e.kind}(${e.a}, ${e.b})`);
  }
  return `${lines.join('\n')}\n`;
}

/** The scenario's declared outcome, reproduced or not; nothing when it declares none. */
function expectationLine(result: RunResult): string[] {
  const e = result.expectation;
  if (e === undefined) return [];
  return [e.reproduced ? `expected     reproduced: ${e.expected} (${e.why})` : `expected     NOT reproduced: expected ${e.expected}, found ${e.found} (${e.why})`];
}

function formatMetric(value: MetricValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${v}`).join(' ');
  return String(value);
}
