/**
 * Checks that span fields or files, run after the schema passed: page size against the
 * architecture, cost overrides the kernel cost model accepts (each within the range of the
 * unit its name ends in), NIC names unique and referenced names existing, driver ring and
 * queue maxima, fault windows ordered, each workload module's own check, and last the
 * memory the models would take (MAX_MODEL_SLOTS). A problem two workloads both find (a NIC
 * they share) is listed once.
 */
import { resolveCostProfile } from '../models/kernel/cpu.ts';
import { KernelSpecError } from '../models/kernel/kernel-spec.ts';
import { CPU_MODELS, cpuModel } from '../models/kernel/cpu-models.ts';
import { kernelOf } from '../models/kernel/kernel-of.ts';
import type { Nic, ResolvedScenario } from './schema.ts';
import { formatBound, jsonPath, type ScenarioProblem } from './problems.ts';
import { workloadModule } from './workloads/index.ts';
import { COST_UNITS, DRIVER_MAX_RING_ENTRIES, MANA_MAX_QUEUES, MAX_MODEL_SLOTS } from './limits.ts';

export function semanticProblems(scenario: ResolvedScenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const { machine, topology, faults, workloads } = scenario;
  if (machine.arch === 'x86_64' && machine.pageSizeBytes !== 4096) {
    problems.push({ where: '$.machine.pageSizeBytes', message: `expected 4096 on x86_64 (16384 and 65536 need arm64), found ${machine.pageSizeBytes}` });
  }
  const kernel = kernelProblem(machine.kernel, '/machine/kernel');
  if (kernel !== null) return [kernel];
  if (machine.cpu !== undefined && cpuModel(machine.cpu).arch !== machine.arch) {
    const fits = CPU_MODELS.filter((m) => m.arch === machine.arch).map((m) => m.name).join(', ');
    problems.push({ where: '$.machine.cpu', message: `expected a ${machine.arch} CPU (one of ${fits}), found ${machine.cpu}, a ${cpuModel(machine.cpu).arch} CPU` });
  }
  const costs = costProblems(machine.costOverrides);
  problems.push(...costs);
  if (costs.length === 0) {
    try {
      resolveCostProfile(machine.costProfile, machine.costOverrides);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      problems.push({ where: '$.machine.costOverrides', message: error.message.replace(/^resolveCostProfile: /, '') });
    }
  }
  const nicNames = new Set<string>();
  topology.nics.forEach((nic, i) => {
    if (nicNames.has(nic.name)) problems.push({ where: `$.topology.nics[${i}].name`, message: `expected a unique NIC name, found a second "${nic.name}"` });
    nicNames.add(nic.name);
    problems.push(...driverLimitProblems(nic, i));
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
  if (problems.length === 0) {
    const slots = slotProblem(scenario);
    if (slots !== null) problems.push(slots);
  }
  return distinct(problems);
}

/**
 * Each cost within the range of the unit its name ends in (units come last in names:
 * COST_UNITS in scenario/limits.ts says why each range is what it is).
 */
function costProblems(overrides: Readonly<Record<string, number>>): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    const where = jsonPath(`/machine/costOverrides/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    const unit = COST_UNITS.find((u) => key.endsWith(u.suffix));
    if (unit === undefined) {
      problems.push({ where, message: `expected a cost name ending in its unit (${COST_UNITS.map((u) => u.suffix).join(', ')}), found "${key}"` });
    } else if (!(value >= unit.minimum && value <= unit.maximum)) {
      problems.push({ where, message: `expected ${unit.unit} from ${formatBound(unit.minimum)} to ${formatBound(unit.maximum)}, found ${value}` });
    }
  }
  return problems;
}

/** Ring sizes and queue counts above what the NIC's driver accepts (DRIVER_MAX_RING_ENTRIES, MANA_MAX_NUM_QUEUES). */
function driverLimitProblems(nic: Nic, i: number): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const max = DRIVER_MAX_RING_ENTRIES[nic.driver];
  if (max !== undefined) {
    for (const [field, source] of [['txRingEntries', max.txSource], ['rxQueueSizeEntries', max.rxSource]] as const) {
      const entries = nic[field];
      if (entries !== undefined && entries > max.entries) {
        problems.push({ where: `$.topology.nics[${i}].${field}`, message: `expected at most ${max.entries} for ${nic.driver} (${source}), found ${entries}` });
      }
    }
  }
  if (nic.driver === 'mana' && nic.queues !== undefined && nic.queues > MANA_MAX_QUEUES) {
    problems.push({ where: `$.topology.nics[${i}].queues`, message: `expected at most ${MANA_MAX_QUEUES} for mana (MANA_MAX_NUM_QUEUES), found ${nic.queues}` });
  }
  return problems;
}

/** The buffer slots all models would allocate, against MAX_MODEL_SLOTS, naming the largest workload. */
function slotProblem(scenario: ResolvedScenario): ScenarioProblem | null {
  let total = 0;
  let largest = 0;
  let largestIndex = 0;
  scenario.workloads.forEach((workload, i) => {
    const slots = workloadModule(workload.kind)?.modelSlots?.(workload, scenario) ?? 0;
    total += slots;
    if (slots > largest) {
      largest = slots;
      largestIndex = i;
    }
  });
  if (total <= MAX_MODEL_SLOTS) return null;
  const share = scenario.workloads.length > 1 ? ` over ${scenario.workloads.length} workloads (the largest, $.workloads[${largestIndex}], ${largest})` : '';
  return {
    where: '$.workloads',
    message: `expected models of at most ${MAX_MODEL_SLOTS} buffer slots (ring entries, UMEM frames and pages, RX buffers, socket queue places), found ${total}${share}`,
  };
}

function distinct(problems: ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.where}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A kernel spec that does not resolve, at the part that is wrong. Workload checks ask the kernel
 * what it carries, so a scenario whose kernel does not resolve is reported for that alone.
 */
export function kernelProblem(spec: ResolvedScenario['machine']['kernel'], pointer: string): ScenarioProblem | null {
  try {
    kernelOf(spec);
    return null;
  } catch (error) {
    if (!(error instanceof KernelSpecError)) throw error;
    return { where: jsonPath(pointer + error.pointer), message: error.detail };
  }
}
