import test from 'ava';
import { applyPoint, expandGrid, GridError, parseSetOption, splitValues, sweepSeeds } from '../../output/sweep-grid.ts';
import { getPath, PathError, setPath } from '../../output/json-path.ts';

const BASE = { machine: { pageSizeBytes: 4096, kernel: '5.15', iommu: false }, workloads: [{ frameSizeBytes: 64, kind: 'xdpsock' }] };

test('json-path: get and set through objects and array indices without touching the base', (t) => {
  t.is(getPath(BASE, 'workloads.0.frameSizeBytes'), 64);
  t.is(getPath(BASE, 'workloads.3.frameSizeBytes'), undefined);
  const changed = setPath(BASE, 'workloads.0.frameSizeBytes', 1500);
  t.is(changed.workloads[0].frameSizeBytes, 1500);
  t.is(BASE.workloads[0].frameSizeBytes, 64);
  t.throws(() => setPath(BASE, 'workloads.1.frameSizeBytes', 1), { instanceOf: PathError, message: /index '1' is outside the array of 1/ });
  t.throws(() => setPath(BASE, 'machin.pageSizeBytes', 1), { instanceOf: PathError, message: /no field 'machin'/ });
  t.throws(() => setPath(BASE, 'machine..x', 1), { instanceOf: PathError });
});

test('sweep-grid: values take the type of the field they replace', (t) => {
  t.deepEqual(parseSetOption('machine.kernel=5.15,6.6', BASE), { path: 'machine.kernel', values: ['5.15', '6.6'] });
  t.deepEqual(parseSetOption('machine.pageSizeBytes=4096,65536', BASE).values, [4096, 65536]);
  t.deepEqual(parseSetOption('machine.iommu=true,false', BASE).values, [true, false]);
  t.deepEqual(splitValues('[1,2],{"a":1,"b":2},"x,y"'), ['[1,2]', '{"a":1,"b":2}', '"x,y"']);
  t.throws(() => parseSetOption('machine.pageSizeBytes=4k', BASE), { instanceOf: GridError, message: /'4k' is not a number/ });
  t.throws(() => parseSetOption('machine.iommu=yes', BASE), { instanceOf: GridError });
  t.throws(() => parseSetOption('machine.pageSizeBytes', BASE), { instanceOf: GridError, message: /path=value1/ });
  t.throws(() => parseSetOption('nope.x=1', BASE), { instanceOf: GridError, message: /no field 'nope'/ });
});

test('sweep-grid: the grid is the cartesian product, last axis fastest', (t) => {
  const axes = [parseSetOption('machine.pageSizeBytes=4096,65536', BASE), parseSetOption('workloads.0.frameSizeBytes=64,512,1500', BASE)];
  const points = expandGrid(axes);
  t.is(points.length, 6);
  t.deepEqual(points.map((p) => [p.params['machine.pageSizeBytes'], p.params['workloads.0.frameSizeBytes']]), [
    [4096, 64], [4096, 512], [4096, 1500], [65536, 64], [65536, 512], [65536, 1500],
  ]);
  t.deepEqual(points.map((p) => p.gridIndex), [0, 1, 2, 3, 4, 5]);
  const scenario = applyPoint(BASE, points[5]);
  t.is(scenario.machine.pageSizeBytes, 65536);
  t.is(scenario.workloads[0].frameSizeBytes, 1500);
  t.deepEqual(expandGrid([]), [{ gridIndex: 0, params: {} }]);
  t.throws(() => expandGrid([axes[0], axes[0]]), { message: /given twice/ });
});

test('sweep-grid: seeds are base .. base+N-1', (t) => {
  t.deepEqual(sweepSeeds(42, 3), [42, 43, 44]);
  t.throws(() => sweepSeeds(1, 0), { instanceOf: GridError });
});

test('sweep-grid: values that are not finite, or nest deeper than a scenario may, are refused with one line', (t) => {
  t.throws(() => parseSetOption('machine.pageSizeBytes=1e400', BASE), { instanceOf: GridError, message: "--set machine.pageSizeBytes: '1e400' is not a finite number (the scenario has 4096)" });
  const withList = { ...BASE, topology: { nics: [] as unknown[] } };
  t.throws(() => parseSetOption('topology.nics=[1e400]', withList), { instanceOf: GridError, message: "--set topology.nics: '[1e400]' holds a number too large to be finite" });
  const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  t.throws(() => parseSetOption(`topology.nics=${deep}`, withList), { instanceOf: GridError, message: /^--set topology\.nics: '\[{37}\.\.\.' nests arrays and objects deeper than 64 levels$/ });
  // Brackets inside strings do not count, and 64 levels are still fine.
  t.deepEqual(parseSetOption(`topology.nics=["[[[[[[[[",${'['.repeat(63)}${']'.repeat(63)}]`, withList).values[0], ['[[[[[[[[', JSON.parse(`${'['.repeat(63)}${']'.repeat(63)}`)]);
});
