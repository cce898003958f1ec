/**
 * Members of DriverModule for a driver that has nothing of its own there: no error
 * completions (it never posts a bad descriptor), no recovery work, no frame-size rule beyond
 * an Ethernet header.
 */
import type { TxQueue } from '../nic/tx-queue.ts';

/** ETH_HLEN: the shortest frame an XSK descriptor can carry that a NIC sends as it is. */
const ETH_HLEN_BYTES = 14;

export function noTxErrorCompletion(_q: TxQueue, _id: number): void {}

export function noTxErrorWork(_q: TxQueue): void {}

export function ethHeaderFrameBytes(): number {
  return ETH_HLEN_BYTES;
}
