/**
 * The workload registry. Adding a kind is one import and one entry in WORKLOADS; the
 * scenario schema's workload union, the generated JSON Schema and `runScenario` all read
 * this list.
 */
import type { WorkloadModule } from '../workload-module.ts';
import { mm1kWorkload } from './mm1k.ts';
import { manaRxWorkload } from './mana-rx.ts';
import { xdpsockWorkload } from './xdpsock.ts';

export const WORKLOADS: readonly WorkloadModule[] = [mm1kWorkload, manaRxWorkload, xdpsockWorkload];

export function workloadModule(kind: string): WorkloadModule | undefined {
  return WORKLOADS.find((w) => w.kind === kind);
}
