/**
 * Runs a resolved scenario: build every workload's model on one Simulator, start them, run
 * the main phase to the scenario's bounds, then drain (sources and faults off) and check
 * that everything is back home. Output options (trace sink, observer, progress) never
 * change which events run, so the fingerprint is the same with or without them.
 *
 * Outcomes: 'ok'; 'violation' when a model or the engine raised a Violation (including a
 * leak found after the drain); 'liveness' when a bound was hit that the scenario did not
 * expect (the run had to go idle, or the event budget ran out before the horizon, or the
 * drain did not finish).
 */
import { Simulator, Violation, type Observer, type RecordedEvent, type RunOutcome, type TraceSink } from '../engine/index.ts';
import { ScenarioError } from './problems.ts';
import { checkExpectOutcome, judgeOutcome, type Expectation } from './expect-outcome.ts';
import type { AtFault, ResolvedScenario } from './schema.ts';
import type { MetricValue, RunnableModel, WorkloadModule } from './workload-module.ts';
import { WORKLOADS } from './workloads/index.ts';
import { scenarioKernels } from './kernels.ts';
import type { ResolvedKernel } from '../models/kernel/kernel-of.ts';

export type RunStatusName = 'ok' | 'violation' | 'liveness';

export interface RunOptions {
  /** Root seed; defaults to the scenario's. */
  seed?: number;
  checkEveryEvent?: boolean;
  trace?: TraceSink;
  observer?: Observer;
  /** Names the scenario in errors found while building (default: the scenario's name). */
  file?: string;
  /** The workload registry to build from (default: scenario/workloads/index.ts). */
  workloads?: readonly WorkloadModule[];
  /** Called between slices of the run; must not touch the simulation. */
  onProgress?: (progress: { simTimeNs: number; events: number }) => void;
}

export interface RunResult {
  scenario: string;
  seed: number;
  status: RunStatusName;
  /** How the main phase ended: 'time-limit' (horizon reached), 'idle', 'event-limit' or 'stopped'. */
  mainPhase: RunOutcome['status'];
  simTimeNs: number;
  events: number;
  wallMs: number;
  eventsPerSec: number;
  fingerprint: string;
  metrics: Record<string, MetricValue>;
  /** Per-workload report text, in workload order. */
  reports: string[];
  rngDraws: Record<string, number>;
  recentEvents: RecordedEvent[];
  violation?: ReturnType<Violation['toJSON']>;
  liveness?: string;
  /** Whether the scenario's declared expectOutcome was reproduced (absent when it declares none). */
  expectation?: Expectation;
  /** Every kernel the scenario ran, resolved: which registered changes were in and out, and why. */
  kernels: ResolvedKernel[];
  resolved: ResolvedScenario;
}

/** Events executed between progress callbacks. Slicing does not change the trajectory. */
const SLICE_EVENTS = 1 << 20;

interface Built {
  sim: Simulator;
  models: RunnableModel[];
  labels: string[];
}

/** Builds every workload's model without running anything (also used by `nicsim validate`). */
export function buildScenario(scenario: ResolvedScenario, options: RunOptions = {}): Built {
  const sim = new Simulator({ seed: options.seed ?? scenario.seed, checkEveryEvent: options.checkEveryEvent, recentCapacity: scenario.outputs.recentEvents });
  sim.trace = options.trace ?? null;
  sim.observer = options.observer ?? null;
  const file = options.file ?? scenario.name;
  const labels = workloadLabels(scenario);
  const models = scenario.workloads.map((workload, index) => {
    const module = (options.workloads ?? WORKLOADS).find((m) => m.kind === workload.kind);
    if (module === undefined) throw new ScenarioError(file, [{ where: `$.workloads[${index}].kind`, message: `no workload module for "${workload.kind}"` }]);
    try {
      return module.build({ sim, scenario, workload, index });
    } catch (error) {
      // Builders reject configurations the schema cannot express (RangeError): a scenario error.
      if (!(error instanceof RangeError)) throw error;
      throw new ScenarioError(file, [{ where: `$.workloads[${index}]`, message: error.message }]);
    }
  });
  checkOutputs(file, scenario, models, labels);
  checkExpectOutcome(file, scenario, () => selectMetrics(scenario, collectMetrics(models, labels)));
  scheduleActions(file, sim, scenario, models);
  return { sim, models, labels };
}

export function runScenario(scenario: ResolvedScenario, options: RunOptions = {}): RunResult {
  return completeSteps(runScenarioSteps(scenario, options));
}

/** Drives a run generator (runScenarioSteps, or one built on it) to its end without pausing. */
export function completeSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * The same run, as a generator that yields between slices of events, so a caller can give
 * the event loop a turn (signal handlers, progress) without changing which events run.
 */
export function* runScenarioSteps(scenario: ResolvedScenario, options: RunOptions = {}): Generator<void, RunResult, void> {
  const seed = options.seed ?? scenario.seed;
  const wallStart = process.hrtime.bigint();
  const { sim, models, labels } = buildScenario(scenario, { ...options, seed });
  const { bounds } = scenario;
  let mainPhase: RunOutcome['status'] = 'idle';
  let violation: Violation | undefined;
  let liveness: string | undefined;
  try {
    for (const model of models) model.start();
    const main = yield* runSliced(sim, bounds.simTimeNs, bounds.maxEvents, options.onProgress);
    mainPhase = main.status;
    liveness = mainPhaseLiveness(scenario, main, sim.pendingEvents);
    sim.checkInvariants();
    if (liveness === undefined) {
      for (const model of models) model.drain?.();
      const drain = yield* runSliced(sim, sim.nowNs + bounds.drainTimeNs, bounds.maxEvents, options.onProgress);
      if (drain.status === 'time-limit' || drain.status === 'event-limit') {
        liveness = `the drain did not reach quiescence: ${events(sim.pendingEvents)} still pending at t=${sim.nowNs}ns after ${events(sim.eventNumber)} (${drain.status === 'time-limit' ? `drainTimeNs ${bounds.drainTimeNs}` : `maxEvents ${bounds.maxEvents}`} reached)`;
      } else {
        sim.checkInvariants();
        models.forEach((model, i) => {
          const leak = model.checkQuiescent?.() ?? null;
          if (leak !== null) throw new Violation(sim, `${labels[i]}.checkQuiescent`, 'quiescent-after-drain', leak);
        });
      }
    }
  } catch (error) {
    if (!(error instanceof Violation)) throw error;
    violation = error;
  }
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  const status: RunStatusName = violation !== undefined ? 'violation' : liveness !== undefined ? 'liveness' : 'ok';
  const result: RunResult = {
    scenario: scenario.name,
    seed,
    status,
    mainPhase,
    simTimeNs: sim.nowNs,
    events: sim.eventNumber,
    wallMs,
    eventsPerSec: wallMs > 0 ? sim.eventNumber / (wallMs / 1000) : 0,
    fingerprint: sim.fingerprintHex(),
    metrics: afterViolation(violation, () => selectMetrics(scenario, collectMetrics(models, labels)), {}),
    reports: afterViolation(violation, () => models.map((m) => m.report?.() ?? '').filter((r) => r !== ''), []),
    rngDraws: sim.rng.drawsByStream(),
    recentEvents: sim.recentEvents(),
    kernels: scenarioKernels(scenario),
    resolved: scenario,
  };
  if (violation !== undefined) result.violation = violation.toJSON();
  if (liveness !== undefined) result.liveness = liveness;
  const expectation = judgeOutcome(scenario, result);
  if (expectation !== null) result.expectation = expectation;
  return result;
}

/**
 * After a violation a model's state may be inconsistent, so its metrics or report may throw;
 * the violation is what matters then, and must not be lost to a second error.
 */
function afterViolation<T>(violation: Violation | undefined, read: () => T, fallback: T): T {
  if (violation === undefined) return read();
  try {
    return read();
  } catch {
    return fallback;
  }
}

function* runSliced(sim: Simulator, untilNs: number, maxEvents: number, onProgress: RunOptions['onProgress']): Generator<void, RunOutcome, void> {
  for (;;) {
    const sliceEnd = Math.min(maxEvents, sim.eventNumber + SLICE_EVENTS);
    const outcome = sim.run({ untilNs, maxEvents: sliceEnd });
    if (outcome.status !== 'event-limit' || sliceEnd === maxEvents) return outcome;
    onProgress?.({ simTimeNs: sim.nowNs, events: sim.eventNumber });
    yield;
  }
}

function mainPhaseLiveness(scenario: ResolvedScenario, outcome: RunOutcome, pending: number): string | undefined {
  const { bounds } = scenario;
  if (outcome.status === 'event-limit') {
    const goal = bounds.expect === 'quiescence' ? 'quiescence' : `the horizon simTimeNs ${bounds.simTimeNs}`;
    return `maxEvents ${bounds.maxEvents} reached at t=${outcome.nowNs}ns before ${goal}, ${events(pending)} pending`;
  }
  if (outcome.status === 'time-limit' && bounds.expect === 'quiescence') {
    return `expected quiescence within simTimeNs ${bounds.simTimeNs}, but ${events(pending)} still pending after ${events(outcome.events)}`;
  }
  return undefined;
}

/** Labels prefix metric names: the kind when it is unique in the scenario, else kind#index. */
function workloadLabels(scenario: ResolvedScenario): string[] {
  const kinds = scenario.workloads.map((w) => w.kind);
  return kinds.map((kind, i) => (kinds.indexOf(kind) === kinds.lastIndexOf(kind) ? kind : `${kind}#${i}`));
}

function collectMetrics(models: RunnableModel[], labels: string[]): Record<string, MetricValue> {
  const out: Record<string, MetricValue> = {};
  models.forEach((model, i) => {
    for (const [key, value] of Object.entries(model.metrics())) out[`${labels[i]}.${key}`] = value;
  });
  return out;
}

function selectMetrics(scenario: ResolvedScenario, metrics: Record<string, MetricValue>): Record<string, MetricValue> {
  const wanted = scenario.outputs.metrics;
  if (wanted === undefined) return metrics;
  return Object.fromEntries(wanted.map((name) => [name, metrics[name]]));
}

/** Metric names in outputs.metrics must exist; models report their names before the run. */
function checkOutputs(file: string, scenario: ResolvedScenario, models: RunnableModel[], labels: string[]): void {
  const wanted = scenario.outputs.metrics;
  if (wanted === undefined) return;
  const known = Object.keys(collectMetrics(models, labels));
  const problems = wanted
    .map((name, i) => ({ name, i }))
    .filter(({ name }) => !known.includes(name))
    .map(({ name, i }) => ({ where: `$.outputs.metrics[${i}]`, message: `expected one of ${known.join(', ')}, found "${name}"` }));
  if (problems.length > 0) throw new ScenarioError(file, problems);
}

/** Schedules each `at` fault as an engine event handed to the models that perform its action. */
function scheduleActions(file: string, sim: Simulator, scenario: ResolvedScenario, models: RunnableModel[]): void {
  const unhonoured = scenario.faults
    .map((fault, index) => ({ fault, index }))
    .filter(({ fault }) => fault.kind !== 'at' && !models.some((m) => m.faultKinds?.includes(fault.kind as 'alloc-fail' | 'dma-map-fail')))
    .map(({ fault, index }) => ({ where: `$.faults[${index}].kind`, message: `no workload in this scenario injects "${fault.kind}" faults` }));
  if (unhonoured.length > 0) throw new ScenarioError(file, unhonoured);
  const atFaults: { fault: AtFault; index: number }[] = [];
  scenario.faults.forEach((fault, index) => {
    if (fault.kind === 'at') atFaults.push({ fault, index });
  });
  if (atFaults.length === 0) return;
  const problems = atFaults
    .filter(({ fault }) => !models.some((m) => m.actions?.includes(fault.action)))
    .map(({ fault, index }) => ({ where: `$.faults[${index}].action`, message: `no workload in this scenario performs "${fault.action}"` }));
  if (problems.length > 0) throw new ScenarioError(file, problems);
  const AT = sim.register('scenario.fault.at', (index) => {
    const fault = scenario.faults[index] as AtFault;
    for (const model of models) if (model.actions?.includes(fault.action)) model.onAction?.(fault);
  });
  for (const { fault, index } of atFaults) sim.scheduleAt(fault.timeNs, AT, index);
}

function events(n: number): string {
  return n === 1 ? '1 event' : `${n} events`;
}
