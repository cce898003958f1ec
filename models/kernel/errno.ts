/**
 * Linux errno values, defined once for every model (include/uapi/asm-generic/errno-base.h,
 * errno.h). The constants are positive as in the kernel headers; a model returns an error
 * negated, as the kernel does, never as an exception: `return -EAGAIN` from
 * sock_alloc_send_skb, `-EINVAL` from page_pool_create, `-EOPNOTSUPP` from mana_xdp_set.
 */
export const ENXIO = 6;
export const E2BIG = 7;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EINVAL = 22;
export const ENOSPC = 28;
export const EPIPE = 32;
export const EOVERFLOW = 75;
export const EOPNOTSUPP = 95;
export const ENOBUFS = 105;

const NAMES: Record<number, string> = {
  [ENXIO]: 'ENXIO',
  [E2BIG]: 'E2BIG',
  [EAGAIN]: 'EAGAIN',
  [ENOMEM]: 'ENOMEM',
  [EBUSY]: 'EBUSY',
  [EINVAL]: 'EINVAL',
  [ENOSPC]: 'ENOSPC',
  [EPIPE]: 'EPIPE',
  [EOVERFLOW]: 'EOVERFLOW',
  [EOPNOTSUPP]: 'EOPNOTSUPP',
  [ENOBUFS]: 'ENOBUFS',
};

/** '-EINVAL' for -22; the number itself for unknown values. */
export function errnoName(err: number): string {
  const name = NAMES[-err];
  return name === undefined ? String(err) : `-${name}`;
}
