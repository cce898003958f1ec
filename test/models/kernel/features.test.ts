import test from 'ava';
import { KERNEL_CHANGES, kernelChange } from '../../../models/kernel/features.ts';
import type { KernelChangeName } from '../../../models/kernel/features.ts';

const RELEASE = /^(\d+)\.(\d+)$/;

test('ids are 12 lower-case hex characters and unique', (t) => {
  const ids = KERNEL_CHANGES.map((c) => c.id);
  for (const id of ids) t.regex(id, /^[0-9a-f]{12}$/, `id ${id}`);
  t.is(new Set(ids).size, ids.length);
});

test('names are unique kebab-case keys and kernelChange() finds each one', (t) => {
  const names = KERNEL_CHANGES.map((c) => c.name);
  t.is(new Set(names).size, names.length);
  for (const c of KERNEL_CHANGES) {
    t.regex(c.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `name ${c.name}`);
    t.is(kernelChange(c.name).id, c.id);
  }
});

test('kernelChange() rejects an unregistered name with one clear line', (t) => {
  const err = t.throws(() => kernelChange('no-such-change' as KernelChangeName));
  t.regex(err.message, /kernelChange: expected a registered kernel change name, found 'no-such-change'/);
});

test('every entry has a title, a mainline release, a one-line switches text and a source', (t) => {
  for (const c of KERNEL_CHANGES) {
    t.true(c.title.length > 0, `${c.name} title`);
    t.regex(c.mainline, RELEASE, `${c.name} mainline`);
    t.true(c.switches.length > 0 && !c.switches.includes('\n'), `${c.name} switches`);
    t.true(c.sources.length >= 1, `${c.name} sources`);
    for (const s of c.sources) t.true(s.length > 0, `${c.name} source`);
  }
});

test("stable is 'unknown' or maps each branch to a later point release of that branch", (t) => {
  for (const c of KERNEL_CHANGES) {
    if (c.stable === 'unknown') continue;
    const branches = Object.entries(c.stable);
    t.true(branches.length > 0, `${c.name}: an empty map would claim no backports; say 'unknown' instead`);
    for (const [branch, point] of branches) {
      t.regex(branch, RELEASE, `${c.name} branch ${branch}`);
      const m = new RegExp(`^${branch.replace('.', '\\.')}\\.(\\d+)$`).exec(point);
      t.not(m, null, `${c.name}: ${branch} -> ${point} is not a point release of ${branch}`);
      if (m !== null) t.true(Number(m[1]) >= 1, `${c.name}: ${point} is a .0 release`);
      // A stable branch only receives a commit after the commit entered mainline.
      const [bMaj, bMin] = branch.split('.').map(Number);
      const [mMaj, mMin] = c.mainline.split('.').map(Number);
      t.true(bMaj * 100 + bMin < mMaj * 100 + mMin, `${c.name}: branch ${branch} is not older than mainline ${c.mainline}`);
    }
  }
});

test("the seeds' commits are registered", (t) => {
  const ids = new Set<string>(KERNEL_CHANGES.map((c) => c.id));
  for (const id of ['3914d88f7608', '9c8f21e6f885', '730ff06d3f5c']) t.true(ids.has(id), id);
  t.is(kernelChange('xsk-generic-xmit-headroom').id, '3914d88f7608');
  t.is(kernelChange('xsk-generic-zerocopy-build').id, '9c8f21e6f885');
  t.is(kernelChange('mana-rx-page-pool-frags').id, '730ff06d3f5c');
});

test('row 1 of the kernel review: the CQ-reserve-first fix is in 5.15.51 and 5.18.8', (t) => {
  const c = kernelChange('xsk-cq-reserve-first');
  t.is(c.id, 'a6e944f25cdb');
  t.is(c.mainline, '5.19');
  t.deepEqual(c.stable, { '5.15': '5.15.51', '5.18': '5.18.8' });
});
