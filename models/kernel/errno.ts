/**
 * Linux errno values the kernel models return as negative numbers (as the kernel does),
 * never as exceptions: `-EAGAIN` from sock_alloc_send_skb, `-EINVAL` from page_pool_create.
 */
export const E2BIG = 7;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EINVAL = 22;
export const EPIPE = 32;
export const EOVERFLOW = 75;
export const ENOBUFS = 105;

const NAMES: Record<number, string> = {
  [E2BIG]: 'E2BIG',
  [EAGAIN]: 'EAGAIN',
  [ENOMEM]: 'ENOMEM',
  [EBUSY]: 'EBUSY',
  [EINVAL]: 'EINVAL',
  [EPIPE]: 'EPIPE',
  [EOVERFLOW]: 'EOVERFLOW',
  [ENOBUFS]: 'ENOBUFS',
};

/** '-EINVAL' for -22; the number itself for unknown values. */
export function errnoName(err: number): string {
  const name = NAMES[-err];
  return name === undefined ? String(err) : `-${name}`;
}
