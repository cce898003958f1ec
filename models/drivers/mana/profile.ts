/**
 * mana TX: needed_headroom = MANA_HEADROOM, skb_cow_head on every skb, 256 send buffers,
 * 100 Gbit/s. The mana driver appeared in v5.13; on '5.11' and '5.12' the profile is the
 * hypothetical "that driver on that XSK core" the seed's headroom patch argues about
 * (216-byte MANA_HEADROOM).
 */
import { has, kernelOf, type KernelRef } from '../../kernel/kernel-of.ts';
import type { NetDevOverrides, NetDevProfile } from '../../nic/netdev.ts';
import { buildNetDevProfile } from '../profile.ts';

/** mana TX has no private fields yet (its RX is models/mana/). */
export type ManaPriv = Record<never, never>;

/**
 * MANA_HEADROOM: sizeof(struct mana_skb_head), 216 B before and 232 B from a43e8e9ffa0d (v6.6; the
 * model used to say v6.1, and no version class lies between the two).
 */
export function manaHeadroomBytes(kernel: KernelRef): number {
  return has(kernelOf(kernel), 'mana-gso-sge0-headroom') ? 232 : 216;
}

// Mirrors mana_probe_port() / mana_start_xmit() setup, drivers/net/ethernet/microsoft/mana/mana_en.c (v6.x).
export function manaTxProfile(kernel: KernelRef, o: NetDevOverrides = {}): NetDevProfile<ManaPriv> {
  const hr = manaHeadroomBytes(kernel);
  return buildNetDevProfile('mana', {
    txSkbNoLinear: false,
    neededHeadroomBytes: hr,
    cowHeadroomBytes: hr,
    txRingEntries: 256,
    stopRoomSlots: 1,
    completionMode: 'napi',
    completionDelayNs: 4000,
    devicePacketNs: 40,
    deviceBytesPerNs: 32,
    lineRateMbps: 100_000,
  }, o, {});
}
