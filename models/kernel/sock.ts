/**
 * Socket write memory: sk_wmem_alloc (a refcount whose baseline 1 is the socket itself),
 * sk_sndbuf, the non-blocking sock_alloc_send_skb, skb_set_owner_w and sock_wfree.
 *
 * API:
 *   createSock(env, { sndbufBytes? }) -> Sock                   sndbuf defaults to 212992
 *   sockAllocSendSkb(sk, ctx, sizeBytes) -> Skb | -errno        Mirrors sock_alloc_send_skb(sk, size, noblock=1)
 *   skbSetOwnerW(skb, sk)                                       Mirrors skb_set_owner_w()
 *   sockWfree(skb)                                              Mirrors sock_wfree() (call it from a custom destructor)
 *   sockWmemAdd(sk, bytes)                                      Mirrors refcount_add(n, &sk->sk_wmem_alloc) (XSK zerocopy ts)
 *   sockWmemAllocGet(sk) -> bytes in use (sk_wmem_alloc - 1)
 *   sockClose(sk)                                               drops the baseline reference
 *   SK_WMEM_DEFAULT_BYTES
 *   SockWmem, sockWmemCharge(sk, bytes), sockSndbufHasRoom(sk)  the accounting alone, for any socket record
 *
 * The limit check is "usage < sndbuf" before allocating, so one allocation may overshoot it.
 * The accounting (SockWmem) is shared with the AF_XDP socket of models/xsk, whose skbs live in
 * the TX skb table rather than in Skb objects and whose costs go to its CPU batch: one rule for
 * sk_wmem_alloc, sk_sndbuf and the peak, whichever skb model is charged.
 * Simplified: no sk_err sources other than `sk.err`, no blocking (XSK always passes noblock),
 * no SOCK_USE_WRITE_QUEUE; sk_write_space is an optional hook `sk.writeSpace`.
 */
import { violate } from '../../engine/index.ts';
import { chargeHere, PHASE_SOCK } from './cpu.ts';
import type { KernelEnv } from './env.ts';
import { EAGAIN, ENOBUFS, EPIPE } from './errno.ts';
import { allocSkb, type Skb, type SkbContext } from './skb.ts';

/** sysctl_wmem_default = SK_WMEM_MAX = SKB_TRUESIZE(256) * 256 on 64-bit with 64-byte lines. */
export const SK_WMEM_DEFAULT_BYTES = 212992;

/** The write-memory fields of struct sock. */
export interface SockWmem {
  /** sk->sk_wmem_alloc: 1 + the truesize of every owned skb not yet freed. */
  wmemAlloc: number;
  /** sk->sk_sndbuf. */
  sndbufBytes: number;
  /** Highest sk_wmem_alloc_get() seen. */
  peakWmemBytes: number;
}

export interface Sock extends SockWmem {
  readonly env: KernelEnv;
  /** SOCK_NOSPACE: set when sock_alloc_send_skb found the socket full. */
  sockNoSpace: boolean;
  /** sk->sk_err as a positive errno, 0 if none (sock_error() returns and clears it). */
  err: number;
  sendShutdown: boolean;
  closed: boolean;
  /** __sk_free ran (closed and every owned skb freed). */
  freed: boolean;
  /** sock_alloc_send_skb results. */
  sendSkbAllocs: number;
  sendSkbEagain: number;
  sendSkbNobufs: number;
  /** sk->sk_write_space, called from sock_wfree. */
  writeSpace: ((sk: Sock) => void) | null;
}

export interface SockOptions {
  sndbufBytes?: number;
}

export function createSock(env: KernelEnv, options: SockOptions = {}): Sock {
  const sndbufBytes = options.sndbufBytes ?? SK_WMEM_DEFAULT_BYTES;
  if (!(Number.isSafeInteger(sndbufBytes) && sndbufBytes > 0)) throw new RangeError(`createSock: sndbufBytes must be a positive integer, found ${sndbufBytes}`);
  return {
    env,
    wmemAlloc: 1,
    sndbufBytes,
    peakWmemBytes: 0,
    sockNoSpace: false,
    err: 0,
    sendShutdown: false,
    closed: false,
    freed: false,
    sendSkbAllocs: 0,
    sendSkbEagain: 0,
    sendSkbNobufs: 0,
    writeSpace: null,
  };
}

/** Mirrors sk_wmem_alloc_get(), include/net/sock.h (v5.15, v6.x). */
export function sockWmemAllocGet(sk: SockWmem): number {
  return sk.wmemAlloc - 1;
}

/** The accounting of refcount_add(bytes, &sk->sk_wmem_alloc) with the peak, without its cost or checks. */
export function sockWmemCharge(sk: SockWmem, bytes: number): void {
  sk.wmemAlloc += bytes;
  if (sk.wmemAlloc - 1 > sk.peakWmemBytes) sk.peakWmemBytes = sk.wmemAlloc - 1;
}

/**
 * The admission test of sock_alloc_send_pskb(), net/core/sock.c (v5.15, v6.x):
 * sk_wmem_alloc_get(sk) < sk->sk_sndbuf, taken before the allocation (so one skb may overshoot).
 */
export function sockSndbufHasRoom(sk: SockWmem): boolean {
  return sk.wmemAlloc - 1 < sk.sndbufBytes;
}

/** Mirrors refcount_add(n, &sk->sk_wmem_alloc), include/linux/refcount.h (v5.15, v6.x). */
export function sockWmemAdd(sk: Sock, bytes: number): void {
  if (sk.freed || !(bytes >= 0)) violate(sk.env.sim, 'refcount_add', 'sk-wmem-valid', `add ${bytes} to sk_wmem_alloc of a ${sk.freed ? 'freed' : 'live'} socket`);
  sockWmemCharge(sk, bytes);
  chargeHere(sk.env.cpu, sk.env.cpu.costs.sockWmemNs, PHASE_SOCK);
}

/** Mirrors skb_set_owner_w(), net/core/sock.c (v5.15, v6.x): orphan, own, destructor sock_wfree, charge truesize. */
export function skbSetOwnerW(skb: Skb, sk: Sock): void {
  // skb_orphan(): the previous owner's destructor runs first.
  if (skb.destructor !== null) skb.destructor(skb);
  skb.sk = sk;
  skb.destructor = sockWfree;
  sockWmemAdd(sk, skb.truesize);
}

/** Mirrors sock_wfree(), net/core/sock.c (v5.15, v6.x): uncharge truesize, call sk_write_space, free a closed socket at 0. */
export function sockWfree(skb: Skb): void {
  const sk = skb.sk;
  if (sk === null) violate(skb.ctx.env.sim, 'sock_wfree', 'sk-owner', `sock_wfree on skb #${skb.id} that no socket owns`);
  sk.wmemAlloc -= skb.truesize;
  chargeHere(sk.env.cpu, sk.env.cpu.costs.sockWmemNs, PHASE_SOCK);
  if (sk.wmemAlloc < (sk.closed ? 0 : 1)) {
    violate(sk.env.sim, 'sock_wfree', 'sk-wmem-nonneg', `sk_wmem_alloc fell to ${sk.wmemAlloc} after uncharging skb #${skb.id} (truesize ${skb.truesize})`);
  }
  if (sk.writeSpace !== null && !sk.closed) sk.writeSpace(sk);
  if (sk.wmemAlloc === 0) sk.freed = true;
}

/** Mirrors sock_alloc_send_skb(sk, size, noblock = 1, &err) -> sock_alloc_send_pskb(), net/core/sock.c (v5.15, v6.x). */
export function sockAllocSendSkb(sk: Sock, ctx: SkbContext, sizeBytes: number): Skb | number {
  if (sk.err !== 0) {
    const err = sk.err;
    sk.err = 0;
    return -err;
  }
  if (sk.sendShutdown || sk.closed) return -EPIPE;
  if (!sockSndbufHasRoom(sk)) {
    sk.sockNoSpace = true;
    sk.sendSkbEagain++;
    return -EAGAIN;
  }
  const skb = allocSkb(ctx, sizeBytes);
  if (skb === null) {
    sk.sendSkbNobufs++;
    return -ENOBUFS;
  }
  skbSetOwnerW(skb, sk);
  sk.sendSkbAllocs++;
  return skb;
}

/** Drops the socket's own sk_wmem_alloc reference (sk_free); the socket is freed when no skb holds memory. */
export function sockClose(sk: Sock): void {
  if (sk.closed) violate(sk.env.sim, 'sk_free', 'sk-close-once', 'socket closed twice');
  sk.closed = true;
  sk.wmemAlloc -= 1;
  if (sk.wmemAlloc === 0) sk.freed = true;
}
