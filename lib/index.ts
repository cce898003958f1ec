/**
 * The nicsim package's library entry (`import { loadScenario, runScenario } from 'nicsim'`):
 * load a scenario file the way `nicsim run` does, run it, read the result. Everything here is
 * re-exported from scenario/ and engine/, so the library and the CLI cannot drift apart; the
 * CLI, campaigns and output writers are not part of the library's surface.
 */
export { loadScenarioFile as loadScenario, parseScenario, resolveScenario } from '../scenario/load.ts';
export { runScenario, type RunOptions, type RunResult, type RunStatusName } from '../scenario/run.ts';
export { ScenarioError, type ScenarioProblem } from '../scenario/problems.ts';
export type { ResolvedScenario, WorkloadSpec } from '../scenario/schema.ts';
export type { MetricValue } from '../scenario/workload-module.ts';
// The types RunOptions and RunResult name: an observer or trace sink passed in, recent events.
export type { FrameDirection, Observer, RecordedEvent, TraceSink } from '../engine/index.ts';
