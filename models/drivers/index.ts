/**
 * DRIVERS: the one list of NIC drivers. The scenario schema's `topology.nics[].driver` enum
 * and the xdpsock tuning knobs, the shared TX queue's dispatch (createTxQueue looks a queue's
 * driver up here once), the cost keys, the property generators and the docs table all derive
 * from it; `test/models/drivers/registry.test.ts` checks that no other file names a driver.
 *
 * Adding a TX driver is one folder `models/drivers/<name>/` exporting a DriverModule
 * (models/drivers/driver.ts explains each member) and one line here.
 */
import type { DriverModule } from './driver.ts';
import { GENERIC } from './generic/index.ts';
import { MANA } from './mana/index.ts';
import { MLX5 } from './mlx5/index.ts';
import { VIRTIO_NET } from './virtio_net/index.ts';

export const DRIVERS = {
  virtio_net: VIRTIO_NET,
  mlx5: MLX5,
  mana: MANA,
  generic: GENERIC,
} satisfies Record<string, DriverModule>;

/** A registered driver's name, as a scenario writes it. */
export type DriverName = keyof typeof DRIVERS;

/** Each driver's private profile fields (profile.priv), by name. */
export type DriverPriv = { [K in DriverName]: (typeof DRIVERS)[K] extends DriverModule<infer P> ? P : never };

/** The registered names, in registry order (the schema enum and the generators use this order). */
export const DRIVER_NAMES = Object.keys(DRIVERS) as DriverName[];

/** The registry entry of `name`, or undefined for a name that is not registered. */
export function driverOf(name: string): DriverModule | undefined {
  return Object.hasOwn(DRIVERS, name) ? (DRIVERS[name as DriverName] as DriverModule) : undefined;
}
