/**
 * Checks that span fields or files, run after the schema passed: page size against the
 * architecture, cost overrides the kernel cost model accepts, NIC names unique and referenced
 * names existing, fault windows ordered, and each workload module's own check.
 */
import { resolveCostProfile } from '../models/kernel/cpu.ts';
import type { ResolvedScenario } from './schema.ts';
import type { ScenarioProblem } from './problems.ts';
import { workloadModule } from './workloads/index.ts';

export function semanticProblems(scenario: ResolvedScenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const { machine, topology, faults, workloads } = scenario;
  if (machine.arch === 'x86_64' && machine.pageSizeBytes !== 4096) {
    problems.push({ where: '$.machine.pageSizeBytes', message: `expected 4096 on x86_64 (16384 and 65536 need arm64), found ${machine.pageSizeBytes}` });
  }
  try {
    resolveCostProfile(machine.costProfile, machine.costOverrides);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    problems.push({ where: '$.machine.costOverrides', message: error.message.replace(/^resolveCostProfile: /, '') });
  }
  const nicNames = new Set<string>();
  topology.nics.forEach((nic, i) => {
    if (nicNames.has(nic.name)) problems.push({ where: `$.topology.nics[${i}].name`, message: `expected a unique NIC name, found a second "${nic.name}"` });
    nicNames.add(nic.name);
  });
  faults.forEach((fault, i) => {
    if ('nic' in fault && fault.nic !== undefined && !nicNames.has(fault.nic)) {
      const known = nicNames.size > 0 ? `one of ${[...nicNames].map((n) => JSON.stringify(n)).join(', ')}` : 'a NIC of $.topology.nics (there are none)';
      problems.push({ where: `$.faults[${i}].nic`, message: `expected ${known}, found "${fault.nic}"` });
    }
    if ('endNs' in fault && fault.endNs !== undefined && fault.endNs <= fault.startNs) {
      problems.push({ where: `$.faults[${i}].endNs`, message: `expected an integer > startNs (${fault.startNs}), found ${fault.endNs}` });
    }
    if (fault.kind === 'at' && fault.timeNs > scenario.bounds.simTimeNs) {
      problems.push({ where: `$.faults[${i}].timeNs`, message: `expected at most bounds.simTimeNs (${scenario.bounds.simTimeNs}), found ${fault.timeNs}` });
    }
  });
  workloads.forEach((workload, i) => {
    const module = workloadModule(workload.kind);
    if (module?.check !== undefined) problems.push(...module.check(workload, scenario, i));
  });
  return problems;
}
