/**
 * Random xdpsock configurations (kernel, NIC, frame size, ring sizes, sk_sndbuf, invalid
 * descriptors, slow completions) run, stop and drain, on kernels drawn from the registry
 * (campaign/generators/kernel.ts with the XSK entries, as the campaign properties draw them).
 * Without the build-before-reserve bug every run must end clean: each valid descriptor
 * completed once, reservations all produced or cancelled, UMEM pages at their pin, socket
 * memory at 1, DMA maps balanced. On a kernel that builds before it reserves (9c8f21e6f885
 * without a6e944f25cdb) the only failure allowed is the cq-submit-unreserved violation.
 */
import test from 'ava';
import fc from 'fast-check';
import { Violation } from '../../../engine/index.ts';
import { XSK_KERNEL_DRAW } from '../../../campaign/commands/xsk-socket.ts';
import { kernelSpecs } from '../../../campaign/generators/kernel.ts';
import { has, kernelOf, kernelText, type KernelRef } from '../../../models/kernel/kernel-of.ts';
import { runXdpsockPoint } from '../../../models/xsk/run-point.ts';
import { xdpsockFinalReap, xdpsockQuiescenceProblems } from '../../../models/xsk/xdpsock.ts';
import { buildsBeforeCqReserve } from '../../../models/xsk/xsk-socket.ts';

const config = fc.record({
  kernel: kernelSpecs(XSK_KERNEL_DRAW) as fc.Arbitrary<KernelRef>,
  nic: fc.constantFrom('virtio_net', 'mlx5', 'mana', 'generic'),
  packetSizeBytes: fc.integer({ min: 14, max: 4096 }),
  cqLog2: fc.integer({ min: 3, max: 11 }),
  txLog2: fc.integer({ min: 6, max: 11 }),
  batchSize: fc.constantFrom(16, 64),
  sndbufBytes: fc.integer({ min: 1, max: 300_000 }),
  invalidEvery: fc.constantFrom(0, 7, 50),
  txRingEntries: fc.integer({ min: 24, max: 512 }),
  completionDelayNs: fc.integer({ min: 0, max: 50_000 }),
  unaligned: fc.boolean(),
  descsPerPacket: fc.constantFrom(1, 1, 2, 3),
});

test('random transmit runs drain clean; the only failure is the build-before-reserve CQ bug', (t) => {
  const seen = { clean: 0, cqBug: 0, busy: 0, sndbuf: 0, cqFull: 0, multiBuffer: 0 };
  const details = fc.check(
    fc.property(config, (c) => {
      const cfg = {
        kernel: c.kernel,
        nic: c.nic,
        packetSizeBytes: c.packetSizeBytes,
        cqEntries: 2 ** c.cqLog2,
        txEntries: 2 ** c.txLog2,
        batchSize: Math.min(c.batchSize, 2 ** c.txLog2),
        sndbufBytes: c.sndbufBytes,
        // Multi-buffer packets need cf24f5a5feea and are not mixed with invalid descriptors.
        descsPerPacket: has(kernelOf(c.kernel), 'xsk-tx-multi-buffer') && c.invalidEvery === 0 ? c.descsPerPacket : 1,
        invalidEvery: c.invalidEvery,
        unaligned: c.unaligned,
        stopAtNs: 50_000,
        nicOverrides: { txRingEntries: c.txRingEntries, stopRoomSlots: 20, completionDelayNs: c.completionDelayNs },
      };
      try {
        // Sending stops at 50 us; the run then goes idle once everything is back (bounded by 1 s).
        const { model, metrics } = runXdpsockPoint(cfg, 1_000_000_000);
        xdpsockFinalReap(model);
        const problems = xdpsockQuiescenceProblems(model);
        if (problems.length > 0) throw new Error(`kernel ${kernelText(c.kernel)}: not quiescent after the drain: ${problems.join('; ')}`);
        seen.clean++;
        if (metrics.errors.eagainTxBusy > 0) seen.busy++;
        if (metrics.errors.eagainSndbuf > 0) seen.sndbuf++;
        if (metrics.errors.cqFull > 0) seen.cqFull++;
        if (cfg.descsPerPacket > 1) seen.multiBuffer++;
        return true;
      } catch (e) {
        if (e instanceof Violation && e.invariant === 'cq-submit-unreserved' && buildsBeforeCqReserve(c.kernel)) {
          seen.cqBug++;
          return true;
        }
        if (e instanceof Error && !e.message.startsWith('kernel ')) e.message = `kernel ${kernelText(c.kernel)}: ${e.message}`;
        throw e;
      }
    }),
    { numRuns: 80, seed: 4242 },
  );
  t.false(details.failed, details.failed ? `${(details.errorInstance as Error).message}\ncounterexample: ${fc.stringify(details.counterexample)}` : '');
  t.log(seen);
  t.true(seen.clean > 20 && seen.cqBug > 0 && seen.busy > 0 && seen.sndbuf > 0 && seen.cqFull > 0 && seen.multiBuffer > 0, JSON.stringify(seen));
});
