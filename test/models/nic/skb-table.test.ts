import test from 'ava';
import { archProfile } from '../../../models/kernel/arch.ts';
import { kmallocSizeRoundup } from '../../../models/kernel/skb.ts';
import { skbHeadAllocBytes } from '../../../models/nic/skb-table.ts';

test('skb head sizes follow __alloc_skb: kmalloc buckets before v6.3, the 640-byte small-head cache after', (t) => {
  const a = archProfile('x86_64', 4096, '5.12');
  const b = archProfile('x86_64', 4096, '6.6');
  t.is(kmallocSizeRoundup(a, 448), 512);
  t.is(skbHeadAllocBytes(a, 64), 512);
  t.is(skbHeadAllocBytes(a, 64 + 1500), 2048);
  t.is(skbHeadAllocBytes(b, 64), 640);
  t.is(skbHeadAllocBytes(b, 128), 640);
});
