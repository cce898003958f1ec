import test from 'ava';
import { Violation } from '../../../engine/index.ts';
import { EAGAIN, ENOBUFS, EPIPE } from '../../../models/kernel/errno.ts';
import { consumeSkb, createSkbContext, failNextSkbAllocs, kfreeSkb, skbPut, skbReserve, type Skb } from '../../../models/kernel/skb.ts';
import {
  createSock, sockAllocSendSkb, sockClose, sockSndbufHasRoom, sockWfree, sockWmemAdd, sockWmemAllocGet, sockWmemCharge, SK_WMEM_DEFAULT_BYTES, skbSetOwnerW,
  type SockWmem,
} from '../../../models/kernel/sock.ts';
import { makeEnv } from './helpers.ts';

test('copy-mode frame: sock_alloc_send_skb(1578) charges truesize 2304 to sk_wmem_alloc; sock_wfree gives it back', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const sk = createSock(env);
  t.is(sk.sndbufBytes, 212992);
  t.is(sk.wmemAlloc, 1);
  const skb = sockAllocSendSkb(sk, ctx, 64 + 1514) as Skb;
  skbReserve(skb, 64);
  skbPut(skb, 1514);
  t.is(sockWmemAllocGet(sk), 2304);
  t.is(skb.destructor, sockWfree);
  consumeSkb(skb);
  t.is(sk.wmemAlloc, 1);
  t.is(sk.peakWmemBytes, 2304);
});

test('the limit is checked before allocating: 93 full-size skbs fit under the default sndbuf, the 94th gets -EAGAIN', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const sk = createSock(env);
  const held: Skb[] = [];
  for (;;) {
    const r = sockAllocSendSkb(sk, ctx, 1578);
    if (typeof r === 'number') {
      t.is(r, -EAGAIN);
      break;
    }
    held.push(r);
  }
  t.is(held.length, 93);
  t.true(sk.sockNoSpace);
  t.is(sk.sendSkbEagain, 1);
  t.is(sockWmemAllocGet(sk), 93 * 2304);
  t.true(sockWmemAllocGet(sk) > SK_WMEM_DEFAULT_BYTES, 'one allocation may overshoot sk_sndbuf');
  for (const s of held) kfreeSkb(s);
  t.is(sk.wmemAlloc, 1);
  t.is(sk.peakWmemBytes, 93 * 2304);
});

test('zerocopy ts charge: refcount_add adds to wmem and an enlarged truesize is uncharged in full', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const sk = createSock(env);
  const skb = sockAllocSendSkb(sk, ctx, 64) as Skb;
  const head = skb.truesize;
  skb.truesize += 2048;
  sockWmemAdd(sk, 2048);
  t.is(sockWmemAllocGet(sk), head + 2048);
  let wakeups = 0;
  sk.writeSpace = () => wakeups++;
  consumeSkb(skb);
  t.is(sk.wmemAlloc, 1);
  t.is(wakeups, 1);
});

test('errors: sk_err is returned once, shutdown gives -EPIPE, allocation failure -ENOBUFS', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const sk = createSock(env);
  sk.err = 105;
  t.is(sockAllocSendSkb(sk, ctx, 64), -105);
  failNextSkbAllocs(ctx);
  t.is(sockAllocSendSkb(sk, ctx, 64), -ENOBUFS);
  sk.sendShutdown = true;
  t.is(sockAllocSendSkb(sk, ctx, 64), -EPIPE);
});

test('uncharging more than was charged is a violation; a closed socket is freed when its last skb goes', (t) => {
  const env = makeEnv();
  const ctx = createSkbContext(env);
  const sk = createSock(env);
  const skb = sockAllocSendSkb(sk, ctx, 64) as Skb;
  skb.truesize += 100; // grown without a matching refcount_add
  t.throws(() => consumeSkb(skb), { instanceOf: Violation, message: /sk-wmem-nonneg/ });
  const sk2 = createSock(env);
  const s2 = createSkbContext(env);
  const a = sockAllocSendSkb(sk2, s2, 64) as Skb;
  sockClose(sk2);
  t.false(sk2.freed);
  kfreeSkb(a);
  t.true(sk2.freed);
  const b = createSkbContext(env);
  const orphan = sockAllocSendSkb(createSock(env), b, 64) as Skb;
  const other = createSock(env);
  skbSetOwnerW(orphan, other);
  t.is(sockWmemAllocGet(other), orphan.truesize);
});

test('the accounting alone (SockWmem, as the XSK socket uses it): charge and peak, room while usage < sndbuf', (t) => {
  const sk: SockWmem = { wmemAlloc: 1, sndbufBytes: 768, peakWmemBytes: 0 };
  t.true(sockSndbufHasRoom(sk));
  sockWmemCharge(sk, 767);
  t.true(sockSndbufHasRoom(sk), '767 bytes in use of 768: one more skb may go, whatever its size');
  sockWmemCharge(sk, 1);
  t.false(sockSndbufHasRoom(sk));
  t.is(sockWmemAllocGet(sk), 768);
  sk.wmemAlloc -= 768;
  t.is(sk.peakWmemBytes, 768, 'the peak stays');
});
