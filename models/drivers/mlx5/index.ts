/** mlx5 (ConnectX-4 Lx) as a registered driver (models/drivers/index.ts). */
import type { NetDevProfile } from '../../nic/netdev.ts';
import { ethHeaderFrameBytes } from '../defaults.ts';
import type { DriverModule } from '../driver.ts';
import { mlx5eErrCqe, mlx5eTxErrCqeWork } from './error-cqe.ts';
import { mlx5Profile, type Mlx5Priv } from './profile.ts';
import { mlx5eXmit } from './xmit.ts';

/** Frames shorter than the minimum inline draw error CQEs; ETH_HLEN is the floor either way. */
function mlx5MinCleanFrameBytes(p: NetDevProfile<Mlx5Priv>): number {
  return Math.max(ethHeaderFrameBytes(), p.priv.minInlineBytes);
}

export const MLX5: DriverModule<Mlx5Priv> = {
  name: 'mlx5',
  summary: 'mlx5e on a ConnectX-4 Lx (25 Gbit/s): no IFF_TX_SKB_NO_LINEAR, L2 minimum inline of 18 bytes, a WQE without it completes with an error CQE and the SQ goes to error until the recovery work (devlink health grace period) reopens it.',
  sources: ['drivers/net/ethernet/mellanox/mlx5/core/en_tx.c', 'drivers/net/ethernet/mellanox/mlx5/core/en_main.c', 'drivers/net/ethernet/mellanox/mlx5/core/en/reporter_tx.c'],
  profile: mlx5Profile,
  tuning: {
    minInlineBytes: { kind: 'integer', minimum: 0, maximum: 256, description: 'Minimum inline header bytes the device requires (ConnectX-4 Lx: 18; 0 = none).' },
    recoveryGraceNs: { kind: 'span-ns', description: 'devlink health TX reporter grace period (default 500 ms).' },
    recoveryDelayNs: { kind: 'delay-ns', description: 'Time the error-CQE recovery work takes to reset the SQ.' },
  },
  // MLX5E_PARAMS_MAXIMUM_LOG_SQ_SIZE and _LOG_RQ_SIZE are 13, drivers/net/ethernet/mellanox/mlx5/core/en.h.
  limits: { ringEntries: { max: 8192, txSource: 'MLX5E_PARAMS_MAXIMUM_LOG_SQ_SIZE 13', rxSource: 'MLX5E_PARAMS_MAXIMUM_LOG_RQ_SIZE 13' } },
  xmitCost: { key: 'mlx5XmitNs', defaultNs: 120 },
  minCleanFrameBytes: mlx5MinCleanFrameBytes,
  startXmit: mlx5eXmit,
  txErrorCompletion: mlx5eErrCqe,
  txErrorWork: mlx5eTxErrCqeWork,
};
