import test from 'ava';
import { KERNEL_CHANGES, type KernelChangeName } from '../../../models/kernel/features.ts';
import { DISTRO_KERNELS } from '../../../models/kernel/distro-kernels.ts';
import { has, KernelSpecError, resolveKernel, type KernelSpec } from '../../../models/kernel/kernel-spec.ts';
import { KERNEL_VERSIONS } from '../../../models/kernel/version.ts';

const why = (spec: KernelSpec, name: KernelChangeName): string => resolveKernel(spec).changes.find((c) => c.name === name)?.why ?? '';

test('row 1: 5.15.0 lacks xsk-cq-reserve-first, 5.15.51 and 5.15.60 carry it by the stable backport, 5.19 by mainline', (t) => {
  t.false(has(resolveKernel('5.15.0'), 'xsk-cq-reserve-first'));
  t.is(why('5.15.0', 'xsk-cq-reserve-first'), 'entered in 5.19');
  t.false(has(resolveKernel('5.15'), 'xsk-cq-reserve-first'));
  t.false(has(resolveKernel('5.15.50'), 'xsk-cq-reserve-first'));
  t.is(why('5.15.50', 'xsk-cq-reserve-first'), 'not in 5.15.y before 5.15.51');
  for (const spec of ['5.15.51', '5.15.60']) {
    t.true(has(resolveKernel(spec), 'xsk-cq-reserve-first'), spec);
    t.is(why(spec, 'xsk-cq-reserve-first'), 'stable 5.15.51', spec);
  }
  t.true(has(resolveKernel('5.19'), 'xsk-cq-reserve-first'));
  t.is(why('5.19', 'xsk-cq-reserve-first'), 'mainline 5.19');
});

test('row 3: 6.6.30 carries xsk-copy-mb-frag-truesize (6.6.19), 6.6.18 does not, 6.6 mainline does not', (t) => {
  t.true(has(resolveKernel('6.6.30'), 'xsk-copy-mb-frag-truesize'));
  t.is(why('6.6.30', 'xsk-copy-mb-frag-truesize'), 'stable 6.6.19');
  t.false(has(resolveKernel('6.6.18'), 'xsk-copy-mb-frag-truesize'));
  t.is(why('6.6.18', 'xsk-copy-mb-frag-truesize'), 'not in 6.6.y before 6.6.19');
  t.is(why('6.6', 'xsk-copy-mb-frag-truesize'), 'entered in 6.8');
});

test('a stable branch without a known backport: the change is assumed absent and the reason says so', (t) => {
  t.false(has(resolveKernel('5.15.60'), 'xsk-unaligned-validate-umem-end'));
  t.is(why('5.15.60', 'xsk-unaligned-validate-umem-end'), 'stable backport unknown: assumed absent (entered in 6.4)');
  t.true(has(resolveKernel('6.3.2'), 'xsk-unaligned-validate-umem-end'));
});

test("today's version classes resolve as mainline releases; '6.x' is 6.18 and says so", (t) => {
  for (const v of KERNEL_VERSIONS) t.notThrows(() => resolveKernel(v), v);
  const current = resolveKernel('6.x');
  t.is(current.mainline, '6.18');
  t.regex(current.note ?? '', /'6\.x'.*resolved as mainline 6\.18/);
  t.true(has(current, 'mana-rx-page-pool-frags'));
  t.is(resolveKernel('6.6').note, undefined);
});

test('with and without override the base, by name or by id', (t) => {
  const k = resolveKernel({ base: '6.6.30', with: ['xsk-cq-full-eagain'], without: ['2127c6043836'] });
  t.true(has(k, 'xsk-cq-full-eagain'));
  t.is(k.changes.find((c) => c.name === 'xsk-cq-full-eagain')?.why, 'with (explicit)');
  t.false(has(k, 'xsk-copy-mb-frag-truesize'));
  t.is(k.changes.find((c) => c.name === 'xsk-copy-mb-frag-truesize')?.why, 'without (explicit)');
  t.is(k.spec, '{"base":"6.6.30","with":["xsk-cq-full-eagain"],"without":["2127c6043836"]}');
  t.true(has(k, 'xsk-tx-multi-buffer'), 'the rest comes from the base');
});

test('the distro kernel carries its backports and says what it does not know', (t) => {
  const jammy = resolveKernel('ubuntu-jammy-azure-5.15');
  t.is(jammy.distro, 'ubuntu-jammy-azure-5.15');
  t.is(jammy.stable, 'unknown');
  t.true(has(jammy, 'mana-rx-page-pool-frags'));
  t.is(why('ubuntu-jammy-azure-5.15', 'mana-rx-page-pool-frags'), 'distro ubuntu-jammy-azure-5.15');
  t.true(has(jammy, 'page-pool-frag'));
  t.false(has(jammy, 'page-pool-alloc-api'), 'the seed open-codes page_pool_free_va()');
  // Row 1 of the kernel review: the jammy kernel follows 5.15.y past 5.15.51, so it reserves first.
  t.true(has(jammy, 'xsk-cq-reserve-first'));
  t.is(why('ubuntu-jammy-azure-5.15', 'xsk-cq-reserve-first'), 'stable 5.15.51 (distro ubuntu-jammy-azure-5.15 follows 5.15.y to at least 5.15.132)');
  // A backport that no source places on 5.15.y is assumed absent, and the reason says so.
  t.false(has(jammy, 'xsk-tx-multi-buffer'));
  t.regex(why('ubuntu-jammy-azure-5.15', 'xsk-tx-multi-buffer'), /^stable backport unknown: assumed absent .*point release is unknown beyond 5\.15\.132/);
  t.false(has(resolveKernel({ base: 'ubuntu-jammy-azure-5.15', without: ['xsk-cq-reserve-first'] }), 'xsk-cq-reserve-first'));
  for (const d of DISTRO_KERNELS) {
    t.true(d.sources.length > 0, d.name);
    for (const name of d.carries) t.true(has(resolveKernel(d.name), name), `${d.name} ${name}`);
  }
});

test('every registry entry is resolvable on and off: by its mainline release and by with/without', (t) => {
  for (const c of KERNEL_CHANGES) {
    // A spec names 5.10 or later: an older entry (xsk-tx-empty-descs-stat, 5.9) is checked on 5.10.
    const at = Number(c.mainline.split('.')[0]) * 100 + Number(c.mainline.split('.')[1]) < 510 ? '5.10' : c.mainline;
    t.true(has(resolveKernel(at), c.name), `${c.name} on at ${at}`);
    t.false(has(resolveKernel({ base: at, without: [c.name] }), c.name), `${c.name} off`);
    // xsk-tx-empty-descs-stat (5.9) is the one entry older than the oldest modelled release.
    if (c.mainline !== '5.9') t.false(has(resolveKernel('5.11'), c.name), `${c.name} off before it entered`);
    t.true(has(resolveKernel({ base: '5.11', with: [c.id] }), c.name), `${c.name} on by id`);
  }
});

test('bad specs are one clear line', (t) => {
  const expected = /^expected a mainline release like 6\.6, a stable release like 6\.6\.30, a distro kernel \(one of ubuntu-jammy-azure-5\.15\) or \{ base, with, without \}, found /;
  t.regex(t.throws(() => resolveKernel('4.19'), { instanceOf: KernelSpecError }).message, /^expected a kernel built on 5\.10 or later/);
  for (const bad of ['6.6.x', '5.20', '2.6', '06.6', '', 'jammy', 42, null, ['6.6']]) {
    const err = t.throws(() => resolveKernel(bad as KernelSpec), { instanceOf: KernelSpecError });
    t.regex(err.message, expected, String(bad));
    t.false(err.message.includes('\n'));
  }
  t.regex(t.throws(() => resolveKernel({ base: '6.6.x' })).message, /^base: expected a mainline release/);
  t.regex(t.throws(() => resolveKernel({ base: '6.6', extra: 1 } as KernelSpec)).message, /^extra: expected only the keys base, with and without/);
  t.regex(t.throws(() => resolveKernel({ base: '6.6', with: ['a6e944f25cdb'], without: ['xsk-cq-reserve-first'] })).message, /found 'xsk-cq-reserve-first' in both/);
});

test('an unknown change name in with/without names the known ones', (t) => {
  const err = t.throws(() => resolveKernel({ base: '6.6', without: ['xsk-cq-reserve-frist'] }), { instanceOf: RangeError });
  t.regex(err.message, /^without\[0\]: expected a registered kernel change name or 12-character id \(one of /);
  for (const c of KERNEL_CHANGES) t.true(err.message.includes(c.name), c.name);
  t.true(err.message.endsWith('found "xsk-cq-reserve-frist"'));
  t.false(err.message.includes('\n'));
});

test("the '5.12' class is 5.12 with the seed series; 5.12.y and 5.13 say what the kernel has", (t) => {
  const seed = ['netdev-tx-skb-no-linear', 'virtio-net-tx-skb-no-linear', 'xsk-generic-xmit-headroom', 'xsk-generic-zerocopy-build'] as const;
  const cls = resolveKernel('5.12');
  for (const name of seed) t.true(has(cls, name), name);
  t.regex(cls.note ?? '', /seed series/);
  t.false(has(cls, 'xsk-tx-batch-32'), 'TX_BATCH_SIZE stays 16, as in the seed');
  // The series entered mainline in 5.13 (the 5.13 networking pull): a real 5.12.y lacks it.
  for (const name of seed) {
    t.false(has(resolveKernel('5.12.5'), name), `5.12.5 ${name}`);
    t.false(has(resolveKernel('5.12.0'), name), `5.12.0 ${name}`);
    t.true(has(resolveKernel('5.13'), name), `5.13 ${name}`);
  }
  t.true(has(resolveKernel({ base: '5.12', without: ['xsk-generic-zerocopy-build'] }), 'xsk-generic-xmit-headroom'));
  t.false(has(resolveKernel({ base: '5.12', without: ['xsk-generic-zerocopy-build'] }), 'xsk-generic-zerocopy-build'));
});
