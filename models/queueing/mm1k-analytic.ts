/**
 * Closed-form steady state of the M/M/1/K queue: Poisson arrivals at rate lambda, one
 * exponential server at rate mu, room for K packets in the system (the one in service
 * included). An arrival that finds K packets is dropped (blocked).
 *
 * With rho = lambda / mu, the number in system n has p_n = p_0 * rho^n for n = 0..K. Little's
 * law applies to the packets that get in, so the mean sojourn time is
 * W = L / (lambda * (1 - p_K)).
 */

export interface Mm1kSteadyState {
  rho: number;
  /** Probability that the system is empty. */
  emptyProbability: number;
  /** p_K: the fraction of arrivals that are dropped. */
  blockingProbability: number;
  /** L: time-average number of packets in the system. */
  meanInSystem: number;
  /** Rate of packets admitted (and, in steady state, served), per second. */
  throughputHz: number;
  /** W: mean time from admission to departure, in ns. */
  meanSojournNs: number;
  /** Fraction of time the server is busy: 1 - p_0. */
  utilization: number;
}

export function mm1kSteadyState(arrivalRateHz: number, serviceRateHz: number, capacity: number): Mm1kSteadyState {
  if (!(arrivalRateHz > 0 && serviceRateHz > 0 && Number.isSafeInteger(capacity) && capacity >= 1)) {
    throw new RangeError(`mm1kSteadyState(${arrivalRateHz}, ${serviceRateHz}, ${capacity}): expected positive rates and an integer capacity >= 1`);
  }
  const rho = arrivalRateHz / serviceRateHz;
  const k = capacity;
  let emptyProbability: number;
  let blockingProbability: number;
  let meanInSystem: number;
  if (Math.abs(rho - 1) < 1e-12) {
    emptyProbability = 1 / (k + 1);
    blockingProbability = 1 / (k + 1);
    meanInSystem = k / 2;
  } else {
    const rhoK1 = Math.pow(rho, k + 1);
    emptyProbability = (1 - rho) / (1 - rhoK1);
    blockingProbability = (emptyProbability * rhoK1) / rho;
    meanInSystem = rho / (1 - rho) - ((k + 1) * rhoK1) / (1 - rhoK1);
  }
  const throughputHz = arrivalRateHz * (1 - blockingProbability);
  return {
    rho,
    emptyProbability,
    blockingProbability,
    meanInSystem,
    throughputHz,
    meanSojournNs: (meanInSystem / throughputHz) * 1e9,
    utilization: 1 - emptyProbability,
  };
}
