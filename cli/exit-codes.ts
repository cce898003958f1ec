/** Process exit codes of `nicsim`, the contract scripts and CI rely on. */
export const EXIT = {
  ok: 0,
  violation: 1,
  usage: 2,
  nondeterminism: 3,
  liveness: 4,
  /** A bug in nicsim itself (an exception that is neither a Violation nor a scenario error). */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
