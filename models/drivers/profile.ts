/**
 * How a driver builds its NetDevProfile: the shared defaults below, then the driver's own
 * values, then the scenario's overrides, written field by field in one order so that every
 * driver's profile has the same shape (the shared TX path reads them on every packet, and a
 * load site that sees one shape stays monomorphic however many drivers a run uses).
 */
import type { CompletionMode, NetDevFields, NetDevOverrides, NetDevProfile, NicKind } from '../nic/netdev.ts';

/** What a driver that says nothing declares: a NIC with SG, no headroom needs, a 256-entry ring. */
export const NETDEV_DEFAULTS: NetDevFields = {
  ifname: 'eth0',
  txSkbNoLinear: false,
  sg: true,
  neededHeadroomBytes: 0,
  neededTailroomBytes: 0,
  cowHeadroomBytes: 0,
  txRingEntries: 256,
  stopRoomSlots: 1,
  slotPerSg: false,
  completionMode: 'napi',
  completionDelayNs: 2000,
  napiBudget: 64,
  devicePacketNs: 50,
  deviceBytesPerNs: 32,
  lineRateMbps: 0,
  usesDmaApi: true,
};

function pick<T>(o: T | undefined, d: T | undefined, base: T): T {
  return o !== undefined ? o : d !== undefined ? d : base;
}

/** The profile of driver `kind`: override, else the driver's value, else NETDEV_DEFAULTS. */
export function buildNetDevProfile<Priv extends object>(kind: NicKind, d: Partial<NetDevFields>, o: NetDevOverrides, priv: Priv): NetDevProfile<Priv> {
  const b = NETDEV_DEFAULTS;
  return {
    kind,
    ifname: pick(o.ifname, d.ifname, b.ifname),
    txSkbNoLinear: pick(o.txSkbNoLinear, d.txSkbNoLinear, b.txSkbNoLinear),
    sg: pick(o.sg, d.sg, b.sg),
    neededHeadroomBytes: pick(o.neededHeadroomBytes, d.neededHeadroomBytes, b.neededHeadroomBytes),
    neededTailroomBytes: pick(o.neededTailroomBytes, d.neededTailroomBytes, b.neededTailroomBytes),
    cowHeadroomBytes: pick(o.cowHeadroomBytes, d.cowHeadroomBytes, b.cowHeadroomBytes),
    txRingEntries: pick(o.txRingEntries, d.txRingEntries, b.txRingEntries),
    stopRoomSlots: pick(o.stopRoomSlots, d.stopRoomSlots, b.stopRoomSlots),
    slotPerSg: pick(o.slotPerSg, d.slotPerSg, b.slotPerSg),
    completionMode: pick<CompletionMode>(o.completionMode, d.completionMode, b.completionMode),
    completionDelayNs: pick(o.completionDelayNs, d.completionDelayNs, b.completionDelayNs),
    napiBudget: pick(o.napiBudget, d.napiBudget, b.napiBudget),
    devicePacketNs: pick(o.devicePacketNs, d.devicePacketNs, b.devicePacketNs),
    deviceBytesPerNs: pick(o.deviceBytesPerNs, d.deviceBytesPerNs, b.deviceBytesPerNs),
    lineRateMbps: pick(o.lineRateMbps, d.lineRateMbps, b.lineRateMbps),
    usesDmaApi: pick(o.usesDmaApi, d.usesDmaApi, b.usesDmaApi),
    priv,
  };
}
