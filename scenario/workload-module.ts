/**
 * The contract between scenario files and models. A workload module
 * (scenario/workloads/<kind>.ts) exports its TypeBox schema, whose `kind` is a Literal, and a
 * builder that turns one resolved workload into a RunnableModel on a given Simulator.
 * `scenario/run.ts` drives the models: start, run to the bound, drain, check.
 */
import type { TObject, Static } from '@sinclair/typebox';
import type { Simulator } from '../engine/index.ts';
import type { AtAction, AtFault, ResolvedScenario } from './schema.ts';
import type { ScenarioProblem } from './problems.ts';

export type MetricValue = number | string | boolean | Record<string, number>;

export interface RunnableModel {
  /** Schedules the model's first events. Called once, after every workload is built. */
  start(): void;
  /** Counters and derived figures; called after the run (and once before it, to learn the names). */
  metrics(): Record<string, MetricValue>;
  /** Human-readable lines for the text report. */
  report?(): string;
  /** Stops sources and fault injection so that in-flight work can finish (the drain phase). */
  drain?(): void;
  /** After the drain: null if everything is back home (pages, DMA maps, rings), else what leaked. */
  checkQuiescent?(): string | null;
  /** `at` fault actions this model performs; a scenario using an action nobody handles is an error. */
  actions?: readonly AtAction[];
  /** Injected-failure fault kinds this model honours; a fault no model honours is an error, not a no-op. */
  faultKinds?: readonly ('alloc-fail' | 'dma-map-fail')[];
  onAction?(fault: AtFault): void;
}

export interface WorkloadContext<W> {
  sim: Simulator;
  scenario: ResolvedScenario;
  workload: W;
  /** Position in scenario.workloads; makes event-kind and stream names unique. */
  index: number;
}

export interface WorkloadModule<S extends TObject = TObject> {
  kind: string;
  schema: S;
  build(ctx: WorkloadContext<Static<S>>): RunnableModel;
  /** Checks across fields or against the rest of the scenario, after the schema passed. */
  check?(workload: Static<S>, scenario: ResolvedScenario, index: number): ScenarioProblem[];
  /**
   * The buffer slots the model allocates when built (ring entries, UMEM frames and pages, RX
   * buffers, socket queue places), for the scenario-wide MAX_MODEL_SLOTS bound; called after
   * `check` found nothing.
   */
  modelSlots?(workload: Static<S>, scenario: ResolvedScenario): number;
}

/** Identity function that lets TypeScript type `build` and `check` from the schema. */
export function defineWorkload<S extends TObject>(module: WorkloadModule<S>): WorkloadModule<S> {
  return module;
}
