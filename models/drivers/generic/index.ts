/**
 * The generic NIC as a registered driver (models/drivers/index.ts): not a kernel driver but
 * the common TX shape (models/nic/cow-map-post.ts) with every knob from the scenario, for
 * asking what a declared or under-declared headroom, SG or IFF_TX_SKB_NO_LINEAR does.
 */
import { txCowMapPost } from '../../nic/cow-map-post.ts';
import type { DriverModule } from '../driver.ts';
import { ethHeaderFrameBytes, noTxErrorCompletion, noTxErrorWork } from '../defaults.ts';
import { genericProfile, type GenericPriv } from './profile.ts';

export const GENERIC: DriverModule<GenericPriv> = {
  name: 'generic',
  summary: 'Not a kernel driver: the common cow-map-post TX shape with every flag, headroom, ring and rate from the scenario.',
  sources: [],
  profile: genericProfile,
  tuning: {},
  flagsFromScenario: true,
  xmitCost: { key: 'genericXmitNs', defaultNs: 120 },
  minCleanFrameBytes: ethHeaderFrameBytes,
  startXmit: txCowMapPost,
  txErrorCompletion: noTxErrorCompletion,
  txErrorWork: noTxErrorWork,
};
