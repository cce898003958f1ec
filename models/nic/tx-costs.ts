/**
 * CPU costs of the NIC transmit paths, read from the machine's cost profile (models/kernel/cpu)
 * with the defaults below for keys the profile does not carry. Every value is a physical
 * quantity: ns per operation or bytes per ns.
 */
import { DRIVERS } from '../drivers/index.ts';
import type { CostProfile } from '../kernel/cpu.ts';
import type { NicKind } from './netdev.ts';

export interface NicTxCosts {
  /** ndo_start_xmit body per packet, by driver (its DriverModule's xmitCost): descriptor build, ring bookkeeping. */
  xmitNs: number;
  /** Doorbell: virtqueue_kick_prepare + notify of a polling backend, or an MMIO doorbell write. */
  doorbellNs: number;
  /** dma_map_single / skb_frag_dma_map per mapping and the matching unmap; for a driver that
   *  bypasses the DMA API (virtio without ACCESS_PLATFORM) the per-SG-entry sg_phys + vring
   *  descriptor write (`virtioSgNs`) and no unmap. */
  dmaMapNs: number;
  dmaUnmapNs: number;
  /** Driver work per completed skb (detach buffer, stats) before the skb is freed. */
  txCompletionNs: number;
  /** Fixed cost of one NAPI poll / TX interrupt. */
  napiPollNs: number;
  /** sk_buff free (kmem_cache_free + head kfree). */
  skbFreeNs: number;
  /** put_page on a frag page. */
  pageRefNs: number;
  /** pskb_expand_head: kmalloc + kfree of the head; plus the copy below. */
  reallocNs: number;
  memcpyFixedNs: number;
  memcpyBytesPerNs: number;
  /** Guest CPU time lost per byte the device side reads from guest memory (virtio host copy). */
  hostCopyStallNsPerByte: number;
}

/**
 * Defaults for keys a profile may lack (estimates; the calibration fits the virtio ones). Each
 * driver's start_xmit key and default are its DriverModule's `xmitCost`.
 */
const DEFAULTS: Record<string, number> = {
  doorbellNs: 20,
  txCompletionNs: 20,
  napiPollNs: 300,
  hostCopyStallNsPerByte: 0,
  virtioSgNs: 5,
};

function key(c: CostProfile, name: string): number {
  const v = c[name];
  return v === undefined ? DEFAULTS[name] : v;
}

export function nicTxCosts(c: CostProfile, kind: NicKind, usesDmaApi: boolean, iommu: boolean): NicTxCosts {
  const xmit = c[DRIVERS[kind].xmitCost.key];
  return {
    xmitNs: xmit === undefined ? DRIVERS[kind].xmitCost.defaultNs : xmit,
    doorbellNs: key(c, 'doorbellNs'),
    dmaMapNs: !usesDmaApi ? key(c, 'virtioSgNs') : iommu ? c.dmaMapIommuNs : c.dmaMapNs,
    dmaUnmapNs: !usesDmaApi ? 0 : iommu ? c.dmaUnmapIommuNs : c.dmaUnmapNs,
    txCompletionNs: key(c, 'txCompletionNs'),
    napiPollNs: key(c, 'napiPollNs'),
    skbFreeNs: c.skbFreeNs,
    pageRefNs: c.pageRefNs,
    reallocNs: c.kmallocNs + c.kfreeNs,
    memcpyFixedNs: c.memcpyFixedNs,
    memcpyBytesPerNs: c.memcpyBytesPerNs,
    hostCopyStallNsPerByte: key(c, 'hostCopyStallNsPerByte'),
  };
}
