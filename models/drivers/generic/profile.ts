/** A NIC whose every knob comes from the scenario: the shared defaults, nothing of its own. */
import type { KernelRef } from '../../kernel/kernel-of.ts';
import type { NetDevOverrides, NetDevProfile } from '../../nic/netdev.ts';
import { buildNetDevProfile } from '../profile.ts';

export type GenericPriv = Record<never, never>;

export function genericProfile(_kernel: KernelRef, o: NetDevOverrides = {}): NetDevProfile<GenericPriv> {
  return buildNetDevProfile('generic', {}, o, {});
}
