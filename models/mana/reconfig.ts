/**
 * Port-level operations: open (mana_open -> mana_alloc_queues), detach/attach, and the three
 * reconfigurations that re-create the RX queues under traffic: MTU change, ring size change,
 * XDP attach/detach. Each reconfiguration pre-allocates buffers for the new geometry first
 * (failure leaves everything as it was), detaches, and attaches with the new setting; a
 * failed attach restores the old setting and leaves the port down, as the driver does.
 *
 * The port is down between detach and attach for `downNs` of simulated time (the hardware
 * commands of mana_detach/mana_attach); frames arriving meanwhile are dropped ('port-down').
 * Simplified: TX queues, RSS/indirection tables and vport configuration are not modelled.
 */
import { violate } from '../../engine/violation.ts';
import { klog } from '../kernel/env.ts';
import { EINVAL, ENOMEM, EOPNOTSUPP } from '../kernel/errno.ts';
import { ETH_MIN_MTU, MAX_RX_BUFFERS_PER_QUEUE, MIN_RX_BUFFERS_PER_QUEUE, roundupPowOfTwo } from './constants.ts';
import { manaPreAllocRxbufs, manaPreDeallocRxbufs } from './pre-alloc.ts';
import { manaMaxMtu, manaRxBufCfg, manaXdpMtuMax } from './rxbuf-cfg.ts';
import { manaCreateRxq, manaDestroyRxq } from './rxq.ts';
import type { ManaPort, ManaRxq } from './port.ts';
import type { XdpProgram } from './xdp.ts';

/**
 * Reads apc->bpf_prog for `fn`. Mirrors mana_xdp_get(), mana_bpf.c: while the pointer still
 * holds a program a failed mana_xdp_set() returned to its caller (730ff06d without
 * 4c46beb807ef), every use is a use-after-free of the released bpf_prog, reported here.
 */
export function manaXdpGet(port: ManaPort, fn: string): XdpProgram | null {
  const prog = port.bpfProg;
  if (prog !== null && prog === port.releasedProg) {
    violate(port.env.sim, fn, 'xdp-prog-use-after-free', `apc->bpf_prog still points at XDP program ${prog.id}, released by the caller when mana_xdp_set() failed to pre-allocate (730ff06d without 4c46beb807ef)`);
  }
  return prog;
}

function retire(port: ManaPort, rxq: ManaRxq): void {
  const total = port.retiredStats;
  for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += rxq.stats[k];
  for (let i = 0; i < rxq.drops.length; i++) port.retiredDrops[i] += rxq.drops[i];
}

/** Mirrors mana_detach() -> mana_dealloc_queues() -> mana_destroy_vport(), mana_en.c (v6.18). */
export function manaDetach(port: ManaPort): void {
  port.portIsUp = false;
  for (let i = 0; i < port.rxqs.length; i++) {
    const rxq = port.rxqs[i];
    if (rxq === null) continue;
    manaDestroyRxq(port, rxq);
    retire(port, rxq);
    port.rxqs[i] = null;
  }
  port.counters.detaches++;
}

/**
 * Mirrors mana_attach() -> mana_alloc_queues() (ending in mana_chn_setxdp(apc, apc->bpf_prog)),
 * mana_en.c (v6.18). Returns 0 or -ENOMEM; on failure every queue created so far is destroyed.
 */
export function manaAttach(port: ManaPort): number {
  // mana_alloc_queues() ends in mana_chn_setxdp(apc, apc->bpf_prog): bpf_prog_add() on it.
  manaXdpGet(port, 'mana_chn_setxdp');
  const rxqs: (ManaRxq | null)[] = [];
  for (let i = 0; i < port.numQueues; i++) {
    const rxq = manaCreateRxq(port, i);
    if (rxq === null) {
      for (const r of rxqs) {
        manaDestroyRxq(port, r!);
        retire(port, r!);
      }
      port.rxqs = [];
      port.counters.attachFailures++;
      klog(port.env, 'mana_attach', `mana_attach failed: ${-ENOMEM}`);
      return -ENOMEM;
    }
    rxq.prog = port.bpfProg;
    rxqs.push(rxq);
  }
  port.rxqs = rxqs;
  port.portIsUp = true;
  port.counters.attaches++;
  const cfg = rxqs[0]!.cfg;
  port.cfgHistory.push({ timeNs: port.env.sim.nowNs, mtu: cfg.mtu, xdp: cfg.xdpAttached, fragCount: cfg.fragCount, allocSizeBytes: cfg.allocSizeBytes, headroomBytes: cfg.headroomBytes, order: cfg.pool.order, poolSize: cfg.pool.poolSize });
  return 0;
}

/** Mirrors mana_open(), mana_en.c (v6.18): queues filled from the pools (no pre-allocation). */
export function manaOpen(port: ManaPort): number {
  return manaAttach(port);
}

/** True when frames or skbs of the current queues are still in flight (CQEs pending, pages lent out). */
export function packetsInFlight(port: ManaPort): boolean {
  for (const rxq of port.rxqs) if (rxq !== null && rxq.cqPending > 0) return true;
  return port.skbs.liveCount > 0 || port.lentBuffers > 0;
}

/** A reconfiguration between its detach and its attach. */
export interface PendingReconfig {
  readonly op: 'mtu' | 'ring' | 'xdp';
  readonly oldMtu: number;
  readonly oldRxQueueSize: number;
  readonly oldProg: XdpProgram | null;
  readonly newValue: number;
  readonly newProg: XdpProgram | null;
}

/** Result of the first half of a reconfiguration: an error (nothing changed), done, or detached awaiting attach. */
export type ReconfigStart = { err: number } | { pending: PendingReconfig };

function preAlloc(port: ManaPort, mtu: number, rxQueueSize: number, xdp: boolean): boolean {
  manaXdpGet(port, 'mana_get_rxbuf_cfg');
  const cfg = manaRxBufCfg({ driver: port.driver, geometry: port.geometry, mtu, xdpAttached: xdp, rxQueueSize });
  port.env.cpu.currentCpu = port.napiCpus[0];
  port.pre = manaPreAllocRxbufs(port.pa, port.dev, port.fragCaches, cfg, port.numQueues, rxQueueSize);
  if (port.pre === null) {
    port.counters.preAllocFailures++;
    klog(port.env, 'mana_pre_alloc_rxbufs', `Failed to pre-allocate RX buffers for ${port.numQueues} queues`);
    return false;
  }
  return true;
}

function preDealloc(port: ManaPort): void {
  if (port.pre !== null) manaPreDeallocRxbufs(port.dev, port.pre);
  port.pre = null;
}

/**
 * ndev->max_mtu for the program now set, as the end of a successful mana_xdp_set() computes it
 * (clamped to the adapter from 6bd81a5b4e0d on).
 */
export function manaXdpMaxMtu(port: ManaPort, prog: XdpProgram | null): number {
  return manaMaxMtu(port.geometry, port.adapterMtuBytes, prog !== null, port.driver.xdpMaxMtuClamp);
}

/**
 * First half of mana_change_mtu(), mana_en.c (v6.18): validate (dev_validate_mtu() against the
 * stored ndev->max_mtu), pre-allocate, detach.
 */
export function manaChangeMtuStart(port: ManaPort, newMtu: number): ReconfigStart {
  if (!(newMtu >= ETH_MIN_MTU && newMtu <= port.maxMtu)) return { err: -EINVAL };
  port.counters.mtuChanges++;
  const pending: PendingReconfig = { op: 'mtu', oldMtu: port.mtu, oldRxQueueSize: port.rxQueueSize, oldProg: port.bpfProg, newValue: newMtu, newProg: port.bpfProg };
  if (!port.portIsUp) {
    port.mtu = newMtu;
    return { err: 0 };
  }
  if (!preAlloc(port, newMtu, port.rxQueueSize, port.bpfProg !== null)) return { err: -ENOMEM };
  manaDetach(port);
  return { pending };
}

/** First half of mana_set_ringparam(), mana_en.c (v6.12+): validate, round up, pre-allocate, detach. */
export function manaSetRingparamStart(port: ManaPort, rxPending: number): ReconfigStart {
  if (!(rxPending >= MIN_RX_BUFFERS_PER_QUEUE && rxPending <= MAX_RX_BUFFERS_PER_QUEUE)) return { err: -EINVAL };
  const newRx = roundupPowOfTwo(rxPending);
  port.counters.ringChanges++;
  const pending: PendingReconfig = { op: 'ring', oldMtu: port.mtu, oldRxQueueSize: port.rxQueueSize, oldProg: port.bpfProg, newValue: newRx, newProg: port.bpfProg };
  if (!port.portIsUp) {
    port.rxQueueSize = newRx;
    return { err: 0 };
  }
  if (!preAlloc(port, port.mtu, newRx, port.bpfProg !== null)) return { err: -ENOMEM };
  manaDetach(port);
  return { pending };
}

/**
 * First half of mana_xdp_set(), mana_bpf.c. With 730ff06d the queues are re-created so the
 * buffers switch between fragments and full pages: pre-allocate, detach (then attach). When
 * the pre-allocation fails, 730ff06d as merged (and its 5.15 backport) returns with
 * apc->bpf_prog still at the new program, which the caller then releases: a dangling pointer;
 * 4c46beb807ef restores the old program there. Before 730ff06d the program is only swapped on
 * the running queues. ndev->max_mtu follows the program only when the call succeeds.
 */
export function manaXdpSetStart(port: ManaPort, prog: XdpProgram | null): ReconfigStart {
  // old_prog = mana_xdp_get(apc), later bpf_prog_put(old_prog).
  const oldProg = manaXdpGet(port, 'mana_xdp_set');
  if (oldProg === null && prog === null) return { err: 0 };
  if (prog !== null && port.mtu > manaXdpMtuMax(port.geometry)) {
    klog(port.env, 'mana_xdp_set', `XDP: mtu:${port.mtu} too large, mtu_max:${manaXdpMtuMax(port.geometry)}`);
    return { err: -EOPNOTSUPP };
  }
  port.counters.xdpSets++;
  if (packetsInFlight(port)) port.counters.xdpSetWithPacketsInFlight++;
  port.bpfProg = prog;
  if (!port.portIsUp || !port.driver.rxFrags) {
    if (port.portIsUp) for (const rxq of port.rxqs) if (rxq !== null) rxq.prog = prog;
    port.maxMtu = manaXdpMaxMtu(port, prog);
    return { err: 0 };
  }
  if (!preAlloc(port, port.mtu, port.rxQueueSize, prog !== null)) {
    port.counters.xdpSetFailures++;
    if (port.driver.xdpRestoresProg) port.bpfProg = oldProg;
    else {
      port.counters.xdpDanglingProg++;
      port.releasedProg = prog;
      klog(port.env, 'mana_xdp_set', `XDP: Insufficient memory for tx/rx re-config: apc->bpf_prog left at program ${prog === null ? 'NULL' : prog.id}, which the caller releases`);
    }
    return { err: -ENOMEM };
  }
  manaDetach(port);
  return { pending: { op: 'xdp', oldMtu: port.mtu, oldRxQueueSize: port.rxQueueSize, oldProg, newValue: 0, newProg: prog } };
}

/** Second half of every reconfiguration: apply, attach, restore the old setting on failure, pre-dealloc. */
export function manaReconfigFinish(port: ManaPort, pending: PendingReconfig): number {
  if (pending.op === 'mtu') port.mtu = pending.newValue;
  if (pending.op === 'ring') port.rxQueueSize = pending.newValue;
  const err = manaAttach(port);
  if (err !== 0) {
    if (pending.op === 'mtu') port.mtu = pending.oldMtu;
    if (pending.op === 'ring') port.rxQueueSize = pending.oldRxQueueSize;
    if (pending.op === 'xdp') {
      port.bpfProg = pending.oldProg;
      port.counters.xdpSetFailures++;
    }
  } else if (pending.op === 'xdp') {
    port.maxMtu = manaXdpMaxMtu(port, pending.newProg);
  }
  preDealloc(port);
  return err;
}
