/** mana TX as a registered driver (models/drivers/index.ts); MANA RX is models/mana/. */
import type { DriverModule } from '../driver.ts';
import { ethHeaderFrameBytes, noTxErrorCompletion, noTxErrorWork } from '../defaults.ts';
import { manaTxProfile, type ManaPriv } from './profile.ts';
import { manaStartXmit } from './xmit.ts';

export const MANA: DriverModule<ManaPriv> = {
  name: 'mana',
  summary: 'Microsoft Azure Network Adapter TX: needed_headroom = MANA_HEADROOM (216 bytes, 232 from v6.6) and skb_cow_head() to it on every skb, 256 send buffers, 100 Gbit/s.',
  sources: ['drivers/net/ethernet/microsoft/mana/mana_en.c'],
  profile: manaTxProfile,
  tuning: {},
  // MAX_TX_BUFFERS_PER_QUEUE, MAX_RX_BUFFERS_PER_QUEUE and MANA_MAX_NUM_QUEUES, include/net/mana/mana.h.
  limits: {
    ringEntries: { max: 8192, txSource: 'MAX_TX_BUFFERS_PER_QUEUE', rxSource: 'MAX_RX_BUFFERS_PER_QUEUE' },
    queues: { max: 64, source: 'MANA_MAX_NUM_QUEUES' },
  },
  xmitCost: { key: 'manaXmitNs', defaultNs: 140 },
  minCleanFrameBytes: ethHeaderFrameBytes,
  startXmit: manaStartXmit,
  txErrorCompletion: noTxErrorCompletion,
  txErrorWork: noTxErrorWork,
};
