/**
 * The XDP program a scenario attaches to MANA, as the verdicts it returns: a fixed action or
 * a weighted mix of PASS / DROP / TX / REDIRECT / ABORTED, plus the chance that
 * xdp_do_redirect() fails. Verdicts are drawn from a named random stream per queue.
 */
import { EmpiricalDistribution, type RandomStream } from '../../engine/rng.ts';

export const XDP_ABORTED = 0;
export const XDP_DROP = 1;
export const XDP_PASS = 2;
export const XDP_TX = 3;
export const XDP_REDIRECT = 4;
export const XDP_ACTION_NAMES = ['aborted', 'drop', 'pass', 'tx', 'redirect'] as const;
export type XdpActionName = (typeof XDP_ACTION_NAMES)[number];

export interface XdpProgram {
  /** Program identity (a new attach is a new program). */
  readonly id: number;
  readonly weights: Readonly<Partial<Record<XdpActionName, number>>>;
  readonly redirectFailProbability: number;
  /** Set when a single action has all the weight: no random draw per packet. */
  readonly fixedAction: number;
  readonly distribution: EmpiricalDistribution | null;
}

/** A program from its verdict weights; throws RangeError for an empty or negative mix. */
export function createXdpProgram(id: number, weights: Partial<Record<XdpActionName, number>>, redirectFailProbability = 0): XdpProgram {
  const values: number[] = [];
  const w: number[] = [];
  XDP_ACTION_NAMES.forEach((name, code) => {
    const x = weights[name] ?? 0;
    if (!(x >= 0)) throw new RangeError(`createXdpProgram: weight of '${name}' must be >= 0, found ${x}`);
    if (x > 0) {
      values.push(code);
      w.push(x);
    }
  });
  if (values.length === 0) throw new RangeError('createXdpProgram: at least one verdict needs a positive weight');
  if (!(redirectFailProbability >= 0 && redirectFailProbability <= 1)) throw new RangeError(`createXdpProgram: redirectFailProbability ${redirectFailProbability} outside [0, 1]`);
  return {
    id,
    weights: { ...weights },
    redirectFailProbability,
    fixedAction: values.length === 1 ? values[0] : -1,
    distribution: values.length === 1 ? null : new EmpiricalDistribution(values, w),
  };
}

/** The program's verdict for one packet. Mirrors bpf_prog_run_xdp() as seen by mana_run_xdp(). */
export function xdpVerdict(prog: XdpProgram, rng: RandomStream): number {
  return prog.fixedAction >= 0 ? prog.fixedAction : rng.pick(prog.distribution!);
}
