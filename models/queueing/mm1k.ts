/**
 * An M/M/1/K packet queue, the engine's first model: a Poisson packet source, a FIFO of at
 * most K packets (the one in service included) and one server with exponential service
 * times. An arrival that finds K packets in the system is dropped, like a full NIC ring.
 *
 * Modelled: every arrival and every departure is an engine event, drawn from two named
 * streams ('<name>.arrivals', '<name>.service'); time-integrated queue length and busy time.
 * Simplified: no packet sizes, no service preemption, times rounded to integer ns.
 */
import { violate, type Simulator } from '../../engine/index.ts';

export interface Mm1kConfig {
  /** Prefix of event kinds and random streams, unique per simulator (e.g. 'queueing.mm1k.w0'). */
  name: string;
  arrivalRateHz: number;
  serviceRateHz: number;
  /** K: packets the system holds, the one in service included. */
  capacity: number;
}

export interface Mm1kStats {
  arrivals: number;
  served: number;
  dropped: number;
  inSystem: number;
  meanSojournNs: number;
  meanQueueLength: number;
  utilization: number;
}

export interface Mm1kModel {
  readonly config: Mm1kConfig;
  /** Schedules the first arrival. */
  start(): void;
  /** Stops the source; packets already admitted are still served. */
  stopArrivals(): void;
  stats(): Mm1kStats;
  /** Null when nothing is queued, nothing is scheduled and every arrival is accounted for. */
  checkDrained(): string | null;
}

export function createMm1k(sim: Simulator, config: Mm1kConfig): Mm1kModel {
  const { name, capacity } = config;
  if (!(config.arrivalRateHz > 0 && config.serviceRateHz > 0 && Number.isSafeInteger(capacity) && capacity >= 1)) {
    throw new RangeError(`createMm1k(${name}): expected positive rates and an integer capacity >= 1`);
  }
  const meanInterarrivalNs = 1e9 / config.arrivalRateHz;
  const meanServiceNs = 1e9 / config.serviceRateHz;
  const arrivalStream = sim.rng.stream(`${name}.arrivals`);
  const serviceStream = sim.rng.stream(`${name}.service`);

  // Admission times of the packets in the system, a ring indexed by served + i.
  const admittedAtNs = new Float64Array(capacity);
  let inSystem = 0;
  let arrivals = 0;
  let served = 0;
  let dropped = 0;
  let departurePending = false;
  let sourceOn = false;
  // Time sums and the next arrival's handle are doubles written on every event; kept in a
  // typed array because a double in a closure variable is re-boxed on every write.
  const acc = new Float64Array(6);
  const SOJOURN_SUM = 0;
  const AREA = 1;
  const BUSY = 2;
  const LAST_CHANGE = 3;
  const STARTED_AT = 4;
  const NEXT_ARRIVAL = 5;
  acc[NEXT_ARRIVAL] = -1;

  const accumulate = (): void => {
    const dt = sim.nowNs - acc[LAST_CHANGE];
    acc[AREA] += inSystem * dt;
    if (inSystem > 0) acc[BUSY] += dt;
    acc[LAST_CHANGE] = sim.nowNs;
  };

  const onArrival = (id: number): void => {
    acc[NEXT_ARRIVAL] = -1;
    accumulate();
    arrivals++;
    if (inSystem === capacity) {
      dropped++;
    } else {
      admittedAtNs[(served + inSystem) % capacity] = sim.nowNs;
      inSystem++;
      if (inSystem === 1) {
        departurePending = true;
        sim.schedule(serviceStream.exponentialNs(meanServiceNs), DEPARTURE, served);
      }
    }
    if (sourceOn) {
      sim.schedule(arrivalStream.exponentialNs(meanInterarrivalNs), ARRIVAL, id + 1);
      acc[NEXT_ARRIVAL] = sim.lastHandle;
    }
  };

  const onDeparture = (id: number): void => {
    if (inSystem <= 0 || id !== served) {
      violate(sim, `${name}.departure`, 'mm1k-departure-of-queued-packet', `departure of packet ${id} with ${inSystem} in system and ${served} served`);
    }
    accumulate();
    acc[SOJOURN_SUM] += sim.nowNs - admittedAtNs[served % capacity];
    served++;
    inSystem--;
    departurePending = inSystem > 0;
    if (departurePending) sim.schedule(serviceStream.exponentialNs(meanServiceNs), DEPARTURE, served);
  };

  const ARRIVAL = sim.register(`${name}.arrival`, onArrival);
  const DEPARTURE = sim.register(`${name}.departure`, onDeparture);

  sim.addInvariant('mm1k-conservation', `${name}`, () =>
    arrivals === served + dropped + inSystem && inSystem >= 0 && inSystem <= capacity
      ? null
      : `arrivals ${arrivals} != served ${served} + dropped ${dropped} + in system ${inSystem} (capacity ${capacity})`,
  );

  return {
    config,
    start(): void {
      acc[STARTED_AT] = sim.nowNs;
      acc[LAST_CHANGE] = sim.nowNs;
      sourceOn = true;
      sim.schedule(arrivalStream.exponentialNs(meanInterarrivalNs), ARRIVAL, 0);
      acc[NEXT_ARRIVAL] = sim.lastHandle;
    },
    stopArrivals(): void {
      sourceOn = false;
      if (acc[NEXT_ARRIVAL] >= 0) sim.cancel(acc[NEXT_ARRIVAL]);
      acc[NEXT_ARRIVAL] = -1;
    },
    stats(): Mm1kStats {
      const elapsedNs = sim.nowNs - acc[STARTED_AT];
      const openNs = sim.nowNs - acc[LAST_CHANGE];
      const area = acc[AREA] + inSystem * openNs;
      const busy = acc[BUSY] + (inSystem > 0 ? openNs : 0);
      return {
        arrivals,
        served,
        dropped,
        inSystem,
        meanSojournNs: served > 0 ? acc[SOJOURN_SUM] / served : 0,
        meanQueueLength: elapsedNs > 0 ? area / elapsedNs : 0,
        utilization: elapsedNs > 0 ? busy / elapsedNs : 0,
      };
    },
    checkDrained(): string | null {
      if (inSystem !== 0 || departurePending) return `${inSystem} packets still in the system after drain`;
      if (acc[NEXT_ARRIVAL] >= 0) return 'an arrival is still scheduled after drain';
      if (arrivals !== served + dropped) return `arrivals ${arrivals} != served ${served} + dropped ${dropped} after drain`;
      return null;
    },
  };
}
