/** virtio_net as a registered driver (models/drivers/index.ts). */
import type { DriverModule } from '../driver.ts';
import { ethHeaderFrameBytes, noTxErrorCompletion, noTxErrorWork } from '../defaults.ts';
import { virtioNetProfile, type VirtioNetPriv } from './profile.ts';
import { virtnetStartXmit } from './xmit.ts';

export const VIRTIO_NET: DriverModule<VirtioNetPriv> = {
  name: 'virtio_net',
  summary: 'virtio-net guest driver (napi_tx): header pushed into headroom or sent as its own SG entry, skbs freed on the next xmit or by the delayed TX interrupt, no DMA API without VIRTIO_F_ACCESS_PLATFORM; the host backend is the device.',
  sources: ['drivers/net/virtio_net.c'],
  profile: virtioNetProfile,
  tuning: {
    virtioHdrBytes: { kind: 'integer', minimum: 10, maximum: 64, description: 'Header length: 10 legacy, 12 mergeable/v1, 20 hash report.' },
    virtioAnyHeaderSg: { kind: 'boolean', description: 'VIRTIO_F_ANY_LAYOUT / VERSION_1: the header may share an SG entry with data.' },
  },
  xmitCost: { key: 'virtioXmitNs', defaultNs: 150 },
  minCleanFrameBytes: ethHeaderFrameBytes,
  startXmit: virtnetStartXmit,
  txErrorCompletion: noTxErrorCompletion,
  txErrorWork: noTxErrorWork,
};
