/** `nicsim kernel <spec> [--json]` (issue 14 item 3), in-process (test/cli/in-process.ts). */
import test from 'ava';
import { KERNEL_CHANGES } from '../../models/kernel/features.ts';
import { nicsimInProcess as cli } from './in-process.ts';

test.serial('text: a header, then one line per modelled change with in/out, id, name and why', async (t) => {
  const run = await cli('kernel', '5.15.60');
  t.deepEqual([run.code, run.stderr], [0, '']);
  const lines = run.stdout.trimEnd().split('\n');
  t.regex(lines[0], /^kernel 5\.15\.60: mainline 5\.15, stable 5\.15\.60; \d+ of \d+ modelled changes in$/);
  t.is(lines.length, 1 + KERNEL_CHANGES.length);
  t.regex(run.stdout, /^in {3}a6e944f25cdb {2}xsk-cq-reserve-first +stable 5\.15\.51$/m);
  t.regex(run.stdout, /^out {2}2127c6043836 {2}xsk-copy-mb-frag-truesize +stable backport unknown: assumed absent \(entered in 6\.8\)$/m);
});

test.serial('--json: the resolved kernel as one document; a JSON object spec', async (t) => {
  const ok = await cli('kernel', '{"base":"6.6.30","without":["xsk-copy-mb-frag-truesize"]}', '--json');
  t.deepEqual([ok.code, ok.stderr], [0, '']);
  const doc = JSON.parse(ok.stdout) as { mainline: string; stable: string; changes: { name: string; id: string; in: boolean; why: string }[] };
  t.is(doc.mainline, '6.6');
  t.is(doc.stable, '6.6.30');
  t.is(doc.changes.length, KERNEL_CHANGES.length);
  t.deepEqual(doc.changes.find((c) => c.name === 'xsk-copy-mb-frag-truesize'), { name: 'xsk-copy-mb-frag-truesize', id: '2127c6043836', in: false, why: 'without (explicit)' });
});

test.serial('a bad spec is one line on stderr and exit 2', async (t) => {
  const cases: [string, RegExp][] = [
    ['6.6.x', /^nicsim: kernel: expected a mainline release like 6\.6, a stable release like 6\.6\.30, a distro kernel \(one of ubuntu-jammy-azure-5\.15\) or \{ base, with, without \}, found '6\.6\.x'\n$/],
    ['{"base":"6.6","with":["nope"]}', /^nicsim: kernel: with\[0\]: expected a registered kernel change name or 12-character id \(one of netdev-tx-skb-no-linear, .*\), found "nope"\n$/],
    ['{"base":', /^nicsim: kernel: expected JSON object text \{ "base", "with", "without" \}, found .*\n$/],
  ];
  for (const [spec, line] of cases) {
    const run = await cli('kernel', spec);
    t.deepEqual([run.code, run.stdout], [2, ''], spec);
    t.regex(run.stderr, line, spec);
  }
});
