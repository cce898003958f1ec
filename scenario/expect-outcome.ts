/**
 * A scenario's declared outcome (`expectOutcome`): what a scenario that demonstrates a known
 * bug or a failure mode is expected to end with, so that a violation, or a clean run with zero
 * frames on the wire, reads as "reproduced" instead of as a surprise. `checkExpectOutcome`
 * holds the declaration to the models once they are built (metric names exist, as for
 * outputs.metrics); `judgeOutcome` compares a finished run with it. Neither touches the
 * simulation, so a declaration never changes which events run or the fingerprint.
 */
import { ScenarioError, jsonPath, shown, type ScenarioProblem } from './problems.ts';
import type { ExpectOutcome, MetricBound, ResolvedScenario } from './schema.ts';
import type { RunResult, RunStatusName } from './run.ts';
import type { MetricValue } from './workload-module.ts';

export interface Expectation {
  reproduced: boolean;
  /** The declaration in words: `ok with xdpsock.eth1.5.12.64.wirePackets = 0`. */
  expected: string;
  /** What the run gave for the same fields, in the same words. */
  found: string;
  why: string;
}

// The schema spells the statuses out for the JSON Schema; this fails to compile if they drift from the run's.
const SAME_STATUSES: [ExpectOutcome['status']] extends [RunStatusName] ? ([RunStatusName] extends [ExpectOutcome['status']] ? true : never) : never = true;
void SAME_STATUSES;

/**
 * Throws a ScenarioError for a declaration the run could never reproduce: an invariant or
 * kernel function with a status other than violation, a metric the run does not report, a
 * bound of the wrong type, min above max. `reported` gives the metrics the run will report (by
 * name, with their values before the run, whose types are those after it); it is called only
 * when metrics are declared, so a scenario without them builds exactly as before.
 */
export function checkExpectOutcome(file: string, scenario: ResolvedScenario, reported: () => Record<string, MetricValue>): void {
  const expect = scenario.expectOutcome;
  if (expect === undefined) return;
  const problems: ScenarioProblem[] = [];
  for (const field of ['invariant', 'kernelFn'] as const) {
    if (expect[field] !== undefined && expect.status !== 'violation') {
      problems.push({ where: `$.expectOutcome.${field}`, message: `expected only with "status": "violation", found it with "status": ${JSON.stringify(expect.status)}` });
    }
  }
  if (expect.metrics !== undefined) {
    const metrics = reported();
    for (const [name, bound] of Object.entries(expect.metrics)) problems.push(...boundProblems(metrics, name, bound));
  }
  if (problems.length > 0) throw new ScenarioError(file, problems);
}

function boundProblems(metrics: Record<string, MetricValue>, name: string, bound: MetricBound): ScenarioProblem[] {
  const where = metricPath(name);
  const value = metricValue(metrics, name);
  if (value === undefined) return [{ where, message: `expected one of ${metricNames(metrics).join(', ')}, found "${name}"` }];
  if (typeof value === 'object') {
    return [{ where, message: `expected a metric with one value, found an object metric: name one of its entries, one of ${Object.keys(value).map((k) => `${name}.${k}`).join(', ')}` }];
  }
  const problems: ScenarioProblem[] = [];
  for (const side of ['min', 'max'] as const) {
    if (bound[side] !== undefined && typeof value !== 'number') problems.push({ where: `${where}.${side}`, message: `expected ${side} only on a numeric metric, found "${name}" is a ${typeof value}` });
  }
  if (bound.min !== undefined && bound.max !== undefined && bound.min > bound.max) problems.push({ where: `${where}.max`, message: `expected a number >= min (${bound.min}), found ${bound.max}` });
  if (bound.equals !== undefined && typeof bound.equals !== typeof value) problems.push({ where: `${where}.equals`, message: `expected a ${typeof value} (the type of "${name}"), found ${shown(bound.equals)}` });
  return problems;
}

/** Compares a finished run with the scenario's declaration; null when the scenario declares none. */
export function judgeOutcome(scenario: ResolvedScenario, result: RunResult): Expectation | null {
  const expect = scenario.expectOutcome;
  if (expect === undefined) return null;
  const violation = result.violation;
  const statusHolds =
    result.status === expect.status &&
    (expect.invariant === undefined || violation?.invariant === expect.invariant) &&
    (expect.kernelFn === undefined || violation?.kernelFn === expect.kernelFn);
  const metrics = Object.entries(expect.metrics ?? {}).map(([name, bound]) => {
    const value = metricValue(result.metrics, name);
    return { expected: boundText(name, bound), found: value === undefined ? `${name} not reported` : `${name} = ${valueText(value)}`, holds: boundHolds(value, bound) };
  });
  const expectedStatus = [expect.status, expect.invariant, expect.kernelFn === undefined ? undefined : `in ${expect.kernelFn}`].filter((s) => s !== undefined).join(' ');
  const foundStatus = violation === undefined ? result.status : `${result.status} ${violation.invariant} in ${violation.kernelFn}`;
  return {
    reproduced: statusHolds && metrics.every((m) => m.holds),
    expected: withMetrics(expectedStatus, metrics.map((m) => m.expected)),
    found: withMetrics(foundStatus, metrics.map((m) => m.found)),
    why: expect.why,
  };
}

/** A metric's value by name: the metric itself, or `name.key` for one entry of an object metric. */
export function metricValue(metrics: Record<string, MetricValue>, name: string): MetricValue | undefined {
  if (Object.hasOwn(metrics, name)) return metrics[name];
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const whole = Object.hasOwn(metrics, name.slice(0, dot)) ? metrics[name.slice(0, dot)] : undefined;
  const key = name.slice(dot + 1);
  return typeof whole === 'object' && Object.hasOwn(whole, key) ? whole[key] : undefined;
}

function boundHolds(value: MetricValue | undefined, bound: MetricBound): boolean {
  if (value === undefined || typeof value === 'object') return false;
  if (bound.equals !== undefined && value !== bound.equals) return false;
  if (bound.min !== undefined && !(typeof value === 'number' && value >= bound.min)) return false;
  if (bound.max !== undefined && !(typeof value === 'number' && value <= bound.max)) return false;
  return true;
}

function boundText(name: string, bound: MetricBound): string {
  const parts: string[] = [];
  if (bound.equals !== undefined) parts.push(`${name} = ${valueText(bound.equals)}`);
  if (bound.min !== undefined && bound.max !== undefined) parts.push(`${bound.min} <= ${name} <= ${bound.max}`);
  else if (bound.min !== undefined) parts.push(`${name} >= ${bound.min}`);
  else if (bound.max !== undefined) parts.push(`${name} <= ${bound.max}`);
  return parts.join(', ');
}

function valueText(value: MetricValue): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? shown(value) : String(value);
}

function withMetrics(status: string, metrics: string[]): string {
  return metrics.length === 0 ? status : `${status} with ${metrics.join(', ')}`;
}

/** Every name a bound can use: each single-valued metric, and `name.key` for each entry of an object metric. */
function metricNames(metrics: Record<string, MetricValue>): string[] {
  return Object.entries(metrics).flatMap(([name, value]) => (typeof value === 'object' ? Object.keys(value).map((k) => `${name}.${k}`) : [name]));
}

function metricPath(name: string): string {
  return jsonPath(`/expectOutcome/metrics/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}
