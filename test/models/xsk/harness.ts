/** A socket + NIC queue wired by hand, for unit tests of the transmit path (not a test file). */
import { Simulator } from '../../../engine/index.ts';
import { archProfile } from '../../../models/kernel/arch.ts';
import { createKernelEnv } from '../../../models/kernel/env.ts';
import type { KernelRef } from '../../../models/kernel/kernel-of.ts';
import { batchBegin, batchEnd, createCpuBatch } from '../../../models/nic/cpu-batch.ts';
import { netDevProfile, type NetDevOverrides, type NicKind } from '../../../models/nic/netdev.ts';
import { createSkbTable } from '../../../models/nic/skb-table.ts';
import { nicTxCosts } from '../../../models/nic/tx-costs.ts';
import { createTxQueue } from '../../../models/nic/tx-queue.ts';
import { xskGenericXmit } from '../../../models/xsk/generic-xmit.ts';
import { userProdReserve, userProdSubmit } from '../../../models/xsk/ring.ts';
import { registerUmemOrThrow } from '../../../models/xsk/umem.ts';
import { createXskSocket, type XskSocket, type XskSocketOptions } from '../../../models/xsk/xsk-socket.ts';

export interface HarnessOptions extends Partial<XskSocketOptions> {
  kernel: KernelRef;
  nic?: NicKind;
  nicOverrides?: NetDevOverrides;
  chunkSizeBytes?: number;
  unaligned?: boolean;
  umemBytes?: number;
}

export function harness(o: HarnessOptions): { sim: Simulator; xs: XskSocket } {
  const sim = new Simulator({ seed: 7 });
  const arch = archProfile('x86_64', 4096, o.kernel);
  const env = createKernelEnv({ sim, arch, cpus: 1, costProfile: 'default' });
  const chunk = o.chunkSizeBytes ?? 4096;
  const umem = registerUmemOrThrow({ startAddr: 0, sizeBytes: o.umemBytes ?? chunk * 64, chunkSizeBytes: chunk, headroomBytes: 0, unaligned: o.unaligned ?? false }, 4096);
  const profile = netDevProfile(o.nic ?? 'generic', o.kernel, { txRingEntries: 1024, completionDelayNs: 100, ...o.nicOverrides });
  const batch = createCpuBatch(env.cpu, 0);
  const q = createTxQueue(env, profile, nicTxCosts(env.cpu.costs, profile.kind, profile.usesDmaApi, false), createSkbTable(8), batch);
  const xs = createXskSocket(env, umem, q, { txEntries: o.txEntries ?? 64, cqEntries: o.cqEntries ?? 64, ...o });
  return { sim, xs };
}

/** User space posts descriptors (addr, len[, options]) to the TX ring. */
export function post(xs: XskSocket, descs: ReadonlyArray<readonly [number, number, number?]>): void {
  const idx = userProdReserve(xs.tx, descs.length);
  if (idx < 0) throw new Error('TX ring full');
  descs.forEach(([addr, len, options], i) => {
    const s = (idx + i) & xs.tx.mask;
    xs.tx.addrLo[s] = addr;
    xs.tx.addrHi[s] = 0;
    xs.tx.len[s] = len;
    xs.tx.options[s] = options ?? 0;
  });
  userProdSubmit(xs.env.sim, xs.tx, descs.length);
}

/** One sendto(): xsk_generic_xmit inside a CPU batch at the current time. */
export function sendto(xs: XskSocket): number {
  batchBegin(xs.batch, xs.env.sim.nowNs);
  const err = xskGenericXmit(xs);
  batchEnd(xs.batch);
  return err;
}

/** Posts n aligned single-chunk descriptors of len bytes starting at chunk `first`. */
export function postFrames(xs: XskSocket, n: number, len: number, first = 0): void {
  const c = xs.umem.chunkSizeBytes;
  post(xs, Array.from({ length: n }, (_, i) => [(first + i) * c, len] as const));
}
