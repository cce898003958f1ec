/**
 * Why an RX frame did not reach the application, one counter per cause.
 */
export const DROP_CAUSES = [
  /** The device found no posted receive WQE (hc_rx_discards_no_wqe): NAPI fell behind. */
  'no-wqe',
  /** The port was detached (reconfiguration in progress or a failed attach). */
  'port-down',
  /** CQE_RX_TRUNCATED: the frame was larger than the posted buffer (after an MTU decrease). */
  'truncated',
  /** mana_refill_rx_oob() could not allocate the replacement: the packet is dropped, the old buffer stays. */
  'refill-fail',
  /** XDP_DROP (and XDP_ABORTED / unknown verdicts). */
  'xdp-drop',
  /** xdp_do_redirect() failed. */
  'xdp-redirect-fail',
  /** XDP_TX could not be queued (TX ring full): mana_xdp_tx frees the skb. */
  'xdp-tx-fail',
  /** napi_build_skb() returned NULL. */
  'skb-alloc',
  /** UDP: sk_rmem_alloc above sk_rcvbuf (UDP_MIB_RCVBUFERRORS). */
  'udp-rcvbuf',
  /** TCP: receive memory over sk_rcvbuf (prune/collapse not modelled). */
  'tcp-rcvbuf',
  /** TCP: segment after a hole (no out-of-order queue) or beyond the window. */
  'tcp-out-of-order',
] as const;
export type DropCause = (typeof DROP_CAUSES)[number];
export const DROP_NO_WQE = 0;
export const DROP_PORT_DOWN = 1;
export const DROP_TRUNCATED = 2;
export const DROP_REFILL_FAIL = 3;
export const DROP_XDP = 4;
export const DROP_XDP_REDIRECT_FAIL = 5;
export const DROP_XDP_TX_FAIL = 6;
export const DROP_SKB_ALLOC = 7;
export const DROP_UDP_RCVBUF = 8;
export const DROP_TCP_RCVBUF = 9;
export const DROP_TCP_OOO = 10;

export function dropsRecord(counts: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  DROP_CAUSES.forEach((name, i) => (out[name] = counts[i]));
  return out;
}
