/**
 * The MANA port (`struct mana_port_context`) and its RX queues (`struct mana_rxq`): the state
 * the RX path, the reconfiguration paths and the reports share.
 *
 * An RX queue's ring is a set of typed arrays indexed by slot: the buffer (head page, offset
 * of the buffer in it, the SGE's DMA address, from_pool) and what the device wrote into it
 * (packet length, the TCP sequence number of the simulated flow). The device completes
 * slots in order starting at `bufIndex`, exactly as the driver walks `rxq->buf_index`.
 */
import type { RandomStream } from '../../engine/rng.ts';
import type { KernelEnv } from '../kernel/env.ts';
import type { Page, PageAllocator } from '../kernel/page.ts';
import type { DmaDevice } from '../kernel/dma.ts';
import type { RxPool } from './pool-ops.ts';
import type { PreAllocBufs } from './pre-alloc.ts';
import type { ManaRxBufCfg, RxGeometry } from './rxbuf-cfg.ts';
import type { ManaDriver } from './driver.ts';
import type { PageFragCaches } from './page-frag.ts';
import type { RxSkbTable } from './skb-table.ts';
import type { XdpProgram } from './xdp.ts';
import { DROP_CAUSES } from './drops.ts';
import type { ManaCosts } from './costs.ts';

/** What the port hands to the layers above and beside it; set once when the model is built. */
export interface ManaHooks {
  /** napi_gro_receive(): the skb (a row of the skb table) goes up the stack. */
  deliver(queue: number, skbRow: number, seq: number): void;
  /** mana_xdp_tx(): the skb is queued for transmission; false when the TX ring is full. */
  xdpTx(queue: number, skbRow: number): boolean;
  /** A successful xdp_do_redirect(): the buffer now belongs to the redirect target. */
  redirect(queue: number, page: Page, fromPool: boolean): void;
}

export interface ManaRxqStats {
  packets: number;
  bytes: number;
  xdpDrop: number;
  xdpTx: number;
  xdpRedirect: number;
  refillFailures: number;
  /** Buffers taken from page_pool by the refill path (pages for full-page mode, fragments otherwise). */
  poolAllocs: number;
  /** Fragment allocations that started a new pool page. */
  fragPagesStarted: number;
  /** Buffers taken from the page_frag cache (napi_alloc_frag), before fa37a8849634. */
  pageFragAllocs: number;
  preAllocUsed: number;
  driverDmaMaps: number;
  driverDmaUnmaps: number;
  xdpSaveReuses: number;
  /** WARN_ON_ONCE(rxq->xdp_save_va) fired: a saved non-pool page was overwritten and leaks. */
  xdpSaveOverwrites: number;
  /** A pre-allocated (non page_pool) page was redirected and returned as MEM_TYPE_PAGE_POOL. */
  redirectNonPoolPages: number;
  /** Fragment pages on which two skbs were alive at once (counted once per page). */
  fragPagesShared: number;
}

export interface ManaRxq {
  readonly idx: number;
  readonly cpu: number;
  readonly cfg: ManaRxBufCfg;
  readonly numRxBuf: number;
  readonly pool: RxPool;
  readonly slotPage: (Page | null)[];
  readonly slotOffset: Int32Array;
  readonly slotDma: Float64Array;
  readonly slotFromPool: Uint8Array;
  readonly slotPktLen: Int32Array;
  readonly slotSeq: Float64Array;
  /** rxq->buf_index: the next slot to complete. */
  bufIndex: number;
  /** CQEs the device produced that NAPI has not processed yet. */
  cqPending: number;
  /** Ring slots holding a page_pool buffer / a buffer from outside the pool. */
  ringPoolBuffers: number;
  ringNonPoolBuffers: number;
  xdpSavePage: Page | null;
  /** Offset of the saved buffer in xdpSavePage (a page_frag fragment is not at 0). */
  xdpSaveOffsetBytes: number;
  /** The last skb built and its page, to notice two live skbs on one fragment page. */
  lastSkbPage: Page | null;
  lastSkbRow: number;
  lastSharedPageId: number;
  /** rxq->bpf_prog, set by mana_chn_setxdp(). */
  prog: XdpProgram | null;
  readonly xdpRng: RandomStream;
  alive: boolean;
  readonly stats: ManaRxqStats;
  /** Drops by cause, indexed like DROP_CAUSES. */
  readonly drops: Float64Array;
}

export interface ManaPortCounters {
  attaches: number;
  detaches: number;
  attachFailures: number;
  preAllocFailures: number;
  mtuChanges: number;
  ringChanges: number;
  xdpSets: number;
  xdpSetFailures: number;
  /** XDP attached or detached while frames were pending in a CQ or skbs of the old queues were alive. */
  xdpSetWithPacketsInFlight: number;
  /** Queues destroyed while sockets (or XDP/TX) still held some of their pool's pages. */
  destroyWithPagesHeld: number;
  /** mana_xdp_set() before 4c46beb807ef: a pre-alloc failure leaves apc->bpf_prog at the rejected program. */
  xdpDanglingProg: number;
}

export interface ManaPort {
  readonly env: KernelEnv;
  readonly pa: PageAllocator;
  readonly dev: DmaDevice;
  readonly skbs: RxSkbTable;
  /** The driver the kernel carries (driver.ts): which commits the paths below follow. */
  readonly driver: ManaDriver;
  readonly geometry: RxGeometry;
  readonly adapterMtuBytes: number;
  /** ndev->max_mtu: set at probe and at the end of every successful mana_xdp_set(). */
  maxMtu: number;
  /** The per-CPU page_frag caches (napi_alloc_frag / netdev_alloc_frag). */
  readonly fragCaches: PageFragCaches;
  readonly hooks: ManaHooks;
  /** The RX path's own CPU costs (costs.ts), resolved once. */
  readonly costs: ManaCosts;
  /** CPU time the RX path and the stack owe the NAPI core; charged once per poll (manaSettleCpu). */
  owedManaNs: number;
  owedStackNs: number;
  readonly napiCpus: readonly number[];
  mtu: number;
  rxQueueSize: number;
  numQueues: number;
  /** apc->bpf_prog. */
  bpfProg: XdpProgram | null;
  /**
   * The program a failed mana_xdp_set() left in apc->bpf_prog although its caller released it
   * (730ff06d without 4c46beb807ef); null while apc->bpf_prog is valid. See manaXdpGet().
   */
  releasedProg: XdpProgram | null;
  portIsUp: boolean;
  rxqs: (ManaRxq | null)[];
  pre: PreAllocBufs | null;
  /** Pools of destroyed queues still waiting for pages (page_pool deferred destroy). */
  readonly zombiePools: RxPool[];
  readonly counters: ManaPortCounters;
  /** Sum of the stats of every destroyed queue, for totals across reconfigurations. */
  readonly retiredStats: ManaRxqStats;
  readonly retiredDrops: Float64Array;
  /** The buffer configuration of every successful attach, in time order. */
  readonly cfgHistory: { timeNs: number; mtu: number; xdp: boolean; fragCount: number; allocSizeBytes: number; headroomBytes: number; order: number; poolSize: number }[];
  /** Buffers lent to XDP_REDIRECT targets, not yet returned. */
  lentBuffers: number;
  /** Drops counted while no queue existed (port down). */
  readonly portDrops: Float64Array;
}

export function emptyRxqStats(): ManaRxqStats {
  return {
    packets: 0,
    bytes: 0,
    xdpDrop: 0,
    xdpTx: 0,
    xdpRedirect: 0,
    refillFailures: 0,
    poolAllocs: 0,
    fragPagesStarted: 0,
    pageFragAllocs: 0,
    preAllocUsed: 0,
    driverDmaMaps: 0,
    driverDmaUnmaps: 0,
    xdpSaveReuses: 0,
    xdpSaveOverwrites: 0,
    redirectNonPoolPages: 0,
    fragPagesShared: 0,
  };
}

export function newDropCounts(): Float64Array {
  return new Float64Array(DROP_CAUSES.length);
}

export function emptyPortCounters(): ManaPortCounters {
  return {
    attaches: 0,
    detaches: 0,
    attachFailures: 0,
    preAllocFailures: 0,
    mtuChanges: 0,
    ringChanges: 0,
    xdpSets: 0,
    xdpSetFailures: 0,
    xdpSetWithPacketsInFlight: 0,
    destroyWithPagesHeld: 0,
    xdpDanglingProg: 0,
  };
}
