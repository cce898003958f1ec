import test from 'ava';
import { Simulator } from '../../../engine/index.ts';
import { archProfile } from '../../../models/kernel/arch.ts';
import { createKernelEnv } from '../../../models/kernel/env.ts';
import { allocPages, createPageAllocator } from '../../../models/kernel/page.ts';
import { createSkbContext, napiBuildSkb } from '../../../models/kernel/skb.ts';
import { failNext } from '../../../models/kernel/fault.ts';
import { createRxSkbTable, rxSkbBuild, rxSkbRelease } from '../../../models/mana/skb-table.ts';

test('the RX skb table gives the same truesize as the kernel skb model for napi_build_skb', (t) => {
  for (const [arch, page, sizes] of [['x86_64', 4096, [1856, 4096]], ['arm64', 65536, [1856, 9344, 65536]]] as const) {
    const sim = new Simulator({ seed: 1 });
    const env = createKernelEnv({ sim, arch: archProfile(arch, page, '6.x') });
    const pa = createPageAllocator(env);
    const ctx = createSkbContext(env);
    const table = createRxSkbTable(sim, 4);
    for (const frag of sizes) {
      const p = allocPages(pa, 0)!;
      const theirs = napiBuildSkb(ctx, p, 0, frag)!;
      const row = rxSkbBuild(table, p, 0, 1514, frag, env.arch.skbStructAlignedBytes);
      t.is(table.truesizes[row], theirs.truesize, `${arch} frag ${frag}`);
    }
  }
});

test('the skb table reuses rows, grows when full and refuses a double free', (t) => {
  const sim = new Simulator({ seed: 1 });
  const env = createKernelEnv({ sim, arch: archProfile('x86_64', 4096, '6.x') });
  const pa = createPageAllocator(env);
  const table = createRxSkbTable(sim, 2);
  const p = allocPages(pa, 0)!;
  const rows = [0, 1, 2, 3, 4].map(() => rxSkbBuild(table, p, 0, 100, 1856, 256));
  t.deepEqual(rows, [0, 1, 2, 3, 4]);
  t.is(table.capacity, 8);
  t.is(rxSkbRelease(table, 2, 'test'), p);
  t.is(rxSkbBuild(table, p, 0, 100, 1856, 256), 2, 'the freed row is reused first');
  rxSkbRelease(table, 4, 'test');
  t.throws(() => rxSkbRelease(table, 4, 'test'), { message: /skb-live/ });
  failNext(table, 1);
  t.is(rxSkbBuild(table, p, 0, 100, 1856, 256), -1);
  t.is(table.allocFailures, 1);
});
