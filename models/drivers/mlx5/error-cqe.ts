/**
 * mlx5's TX error path: a WQE the device rejects completes with an error CQE, which is logged
 * (the CQE and a WQE dump), puts the SQ in error (every later WQE completes as a flush) and
 * queues the recovery work; the work reports to devlink health and, unless the grace period
 * since the last recovery has not passed, flushes the SQ and reopens it.
 */
import { klog } from '../../kernel/env.ts';
import { batchBegin, batchEnd } from '../../nic/cpu-batch.ts';
import type { TxQueue } from '../../nic/tx-queue.ts';
import { txObserveBatchSpan, txReap } from '../../nic/tx-ring.ts';
import type { Mlx5Priv } from './profile.ts';

/** Error CQE fields: opcode MLX5_CQE_REQ_ERR, syndrome LOCAL_LENGTH_ERR, the seed's vendor syndrome. */
export const MLX5_CQE_REQ_ERR = 0xd;
export const MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR = 0x1;
export const MLX5_VENDOR_SYNDROME_SEED = 0x68;

function hex(v: number): string {
  return `0x${v.toString(16)}`;
}

// Mirrors the error-CQE branch of mlx5e_poll_tx_cq(): mlx5e_dump_error_cqe() (en/txrx.h) and mlx5_wq_cyc_wqe_dump() (wq.c), drivers/net/ethernet/mellanox/mlx5/core (v5.12).
export function mlx5eErrCqe(q: TxQueue<Mlx5Priv>, _id: number): void {
  const p = q.profile;
  q.sqError = true;
  q.counters.errorCqes++;
  if (q.recovering) return;
  q.recovering = true;
  klog(q.env, 'mlx5e_dump_error_cqe',
    `mlx5_core ${p.priv.pciName} ${p.ifname}: Error cqe on cqn ${hex(p.priv.cqn)}, ci ${hex(q.cqConsumerIndex % p.txRingEntries)}, qn ${hex(p.priv.sqn)}, opcode ${hex(MLX5_CQE_REQ_ERR)}, syndrome ${hex(MLX5_CQE_SYNDROME_LOCAL_LENGTH_ERR)}, vendor syndrome ${hex(MLX5_VENDOR_SYNDROME_SEED)}`);
  klog(q.env, 'mlx5_wq_cyc_wqe_dump',
    `WQE DUMP: WQ size ${p.txRingEntries} WQ cur size ${q.postedCount - q.reapedCount - 1}, WQE index ${hex(q.reapedCount % p.txRingEntries)}, len: 64`);
  q.sim.schedule(p.priv.recoveryDelayNs, q.recoverKind, 0, 0);
}

/**
 * The recovery work: reports "ERR CQE on SQ" and, unless the devlink health grace period since
 * the last recovery has not passed, flushes the SQ and reopens it. Otherwise the SQ stays in
 * error and every WQE posted to it completes as a flush error (nothing is sent).
 */
// Mirrors mlx5e_tx_err_cqe_work() -> mlx5e_reporter_tx_err_cqe() -> mlx5e_tx_reporter_err_cqe_recover(), reporter_tx.c (v5.12).
export function mlx5eTxErrCqeWork(q: TxQueue<Mlx5Priv>): void {
  const p = q.profile;
  klog(q.env, 'mlx5e_health_report', `mlx5_core ${p.priv.pciName} ${p.ifname}: ERR CQE on SQ: ${hex(p.priv.sqn)}`);
  if (q.sim.nowNs - q.lastRecoveryNs < p.priv.recoveryGraceNs) return;
  q.lastRecoveryNs = q.sim.nowNs;
  q.counters.recoveries++;
  // mlx5e_free_txqsq_descs(): everything still posted is flushed and freed, then the SQ is reset.
  const b = q.batch;
  batchBegin(b, q.sim.nowNs);
  txReap(q, Infinity, Infinity);
  const endNs = batchEnd(b);
  if (q.sim.observer !== null) txObserveBatchSpan(q, 'mlx5e_tx_err_cqe_work', endNs);
  q.sqError = false;
  q.recovering = false;
  q.deviceBusyUntilNs = q.sim.nowNs;
  if (q.stopped) {
    q.stopped = false;
    q.counters.queueWakes++;
  }
}
