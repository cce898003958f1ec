import test from 'ava';
import { resolveScenario } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/problems.ts';
import { runScenario } from '../../scenario/run.ts';

const base = {
  name: 'xsk-with-faults',
  bounds: { simTimeNs: 1_000_000 },
  topology: { nics: [{ name: 'eth0', driver: 'virtio_net' }] },
  workloads: [{ kind: 'xdpsock', packetSizesBytes: [64] }],
};

test('a fault kind that no workload in the scenario injects is a scenario error, not a silent no-op', (t) => {
  const scenario = resolveScenario({ ...base, faults: [{ kind: 'alloc-fail', probability: 0.01 }, { kind: 'dma-map-fail', probability: 0.01 }] }, 'inline.json');
  const error = t.throws(() => runScenario(scenario, { file: 'inline.json' }), { instanceOf: ScenarioError }) as ScenarioError;
  t.deepEqual(error.lines(), [
    'inline.json: $.faults[0].kind: no workload in this scenario injects "alloc-fail" faults',
    'inline.json: $.faults[1].kind: no workload in this scenario injects "dma-map-fail" faults',
  ]);
});

test('the same scenario without those faults runs', (t) => {
  t.is(runScenario(resolveScenario(base, 'inline.json')).status, 'ok');
});
