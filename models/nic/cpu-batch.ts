/**
 * Per-phase CPU time of the XSK transmit path, accumulated in fractional ns while one
 * `sendto` (or one NAPI poll) runs as a single event, then charged to the core in whole ns.
 *
 * Packets inside a batch get their own time: `batchNowNs(b)` is the batch start plus the
 * work done so far, so the device sees each packet when the CPU actually posted it.
 * Fractions are carried across batches (total charged = floor of the exact running sum), so
 * rounding never biases a long run.
 */
import { charge, cpuTrackName, phaseId, type CpuAccounting } from '../kernel/cpu.ts';

export const PH_USER = 0;
export const PH_SYSCALL = 1;
export const PH_SKB_ALLOC = 2;
export const PH_COPY = 3;
export const PH_FRAG = 4;
export const PH_DMA = 5;
export const PH_DRIVER = 6;
export const PH_COMPLETION = 7;
export const PH_REALLOC = 8;
export const TX_PHASE_NAMES = ['user', 'syscall', 'skb_alloc', 'copy', 'frag_setup', 'dma_map', 'driver', 'completion', 'realloc'] as const;

export interface CpuBatch {
  readonly acct: CpuAccounting;
  readonly cpu: number;
  /** Start of the running batch and work done in it so far (fractional ns). */
  startNs: number;
  elapsedNs: number;
  /** Exact per-phase totals over the run, and what has been charged in whole ns. */
  readonly exactNs: Float64Array;
  readonly chargedNs: Float64Array;
  readonly phaseIds: Int32Array;
  /** Observer track of the core ('cpu0' unless several simulated machines share a Simulator). */
  readonly track: string;
}

export function createCpuBatch(acct: CpuAccounting, cpu: number, prefix = 'xsk.tx', track = cpuTrackName(cpu)): CpuBatch {
  const ids = new Int32Array(TX_PHASE_NAMES.length);
  for (let i = 0; i < TX_PHASE_NAMES.length; i++) ids[i] = phaseId(acct, `${prefix}.${TX_PHASE_NAMES[i]}`);
  return {
    acct,
    cpu,
    startNs: 0,
    elapsedNs: 0,
    exactNs: new Float64Array(TX_PHASE_NAMES.length),
    chargedNs: new Float64Array(TX_PHASE_NAMES.length),
    phaseIds: ids,
    track,
  };
}

/** Opens a batch at `nowNs` (or when the core frees up, if later). */
export function batchBegin(b: CpuBatch, nowNs: number): void {
  const busy = b.acct.busyUntilNs[b.cpu];
  b.startNs = busy > nowNs ? busy : nowNs;
  b.elapsedNs = 0;
}

export function spend(b: CpuBatch, phase: number, ns: number): void {
  b.exactNs[phase] += ns;
  b.elapsedNs += ns;
}

/** Simulated time reached inside the batch (integer ns, for device timing). */
export function batchNowNs(b: CpuBatch): number {
  return b.startNs + Math.floor(b.elapsedNs);
}

/** Charges the batch's work to the core in whole ns; returns when the core is free again. */
export function batchEnd(b: CpuBatch): number {
  let end = b.acct.busyUntilNs[b.cpu];
  for (let p = 0; p < TX_PHASE_NAMES.length; p++) {
    const whole = Math.floor(b.exactNs[p]) - b.chargedNs[p];
    if (whole > 0) {
      end = charge(b.acct, b.cpu, whole, b.phaseIds[p]);
      b.chargedNs[p] += whole;
    }
  }
  b.elapsedNs = 0;
  return end;
}

/** Exact ns per phase name. */
export function batchPhaseTotals(b: CpuBatch): Record<string, number> {
  const out: Record<string, number> = {};
  for (let p = 0; p < TX_PHASE_NAMES.length; p++) out[TX_PHASE_NAMES[p]] = b.exactNs[p];
  return out;
}
