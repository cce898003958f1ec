/**
 * virtio_net's profile: IFF_TX_SKB_NO_LINEAR from v5.12 (the seed's 3rd patch); no
 * needed_headroom; NETIF_F_SG with VIRTIO_NET_F_CSUM; queue stopped when fewer than
 * 2 + MAX_SKB_FRAGS slots remain; skbs freed by free_old_xmit_skbs() on the next xmit; no DMA
 * API without VIRTIO_F_ACCESS_PLATFORM. The host backend copies each frame out of guest
 * memory (devicePacketNs, deviceBytesPerNs).
 */
import { has, kernelOf, type KernelRef } from '../../kernel/kernel-of.ts';
import type { NetDevOverrides, NetDevProfile } from '../../nic/netdev.ts';
import { buildNetDevProfile } from '../profile.ts';

export interface VirtioNetPriv {
  /** Header length: 10 legacy, 12 mergeable/v1, 20 hash report. */
  readonly virtioHdrBytes: number;
  /** VIRTIO_F_ANY_LAYOUT / VERSION_1: the header may share an SG entry with data. */
  readonly virtioAnyHeaderSg: boolean;
}

/** MAX_SKB_FRAGS (17 with 4K pages): start_xmit stops the queue below 2 + this many free slots. */
const MAX_SKB_FRAGS = 17;

// Mirrors virtnet_probe() flag and feature setup, drivers/net/virtio_net.c (v5.12).
export function virtioNetProfile(kernel: KernelRef, o: NetDevOverrides = {}): NetDevProfile<VirtioNetPriv> {
  const priv: VirtioNetPriv = {
    virtioHdrBytes: o.virtioHdrBytes ?? 12,
    virtioAnyHeaderSg: o.virtioAnyHeaderSg ?? true,
  };
  return buildNetDevProfile('virtio_net', {
    txSkbNoLinear: has(kernelOf(kernel), 'virtio-net-tx-skb-no-linear'),
    txRingEntries: 256,
    stopRoomSlots: 2 + MAX_SKB_FRAGS,
    slotPerSg: false,
    completionMode: 'free-on-next-xmit',
    completionDelayNs: 5000,
    devicePacketNs: 200,
    deviceBytesPerNs: 10,
    usesDmaApi: false,
  }, o, priv);
}
