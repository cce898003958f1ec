/**
 * Random xdpsock configurations (kernel, NIC, frame size, ring sizes, sk_sndbuf, invalid
 * descriptors, slow completions) run, stop and drain. Without the 5.12 build-before-reserve
 * bug every run must end clean: each valid descriptor completed once, reservations all
 * produced or cancelled, UMEM pages at their pin, socket memory at 1, DMA maps balanced.
 * With it (5.12, 5.15) the only failure allowed is the cq-submit-unreserved violation.
 */
import test from 'ava';
import fc from 'fast-check';
import { Violation } from '../../../engine/index.ts';
import { runXdpsockPoint } from '../../../models/xsk/run-point.ts';
import { xdpsockFinalReap, xdpsockQuiescenceProblems } from '../../../models/xsk/xdpsock.ts';

const config = fc.record({
  kernel: fc.constantFrom('5.11', '5.12', '5.15', '5.19', '6.6', '6.x'),
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

test('random transmit runs drain clean; the only failure is the 5.12/5.15 CQ bug', (t) => {
  const seen = { clean: 0, cqBug: 0, busy: 0, sndbuf: 0, cqFull: 0, multiBuffer: 0 };
  fc.assert(
    fc.property(config, (c) => {
      const cfg = {
        kernel: c.kernel,
        nic: c.nic,
        packetSizeBytes: c.packetSizeBytes,
        cqEntries: 2 ** c.cqLog2,
        txEntries: 2 ** c.txLog2,
        batchSize: Math.min(c.batchSize, 2 ** c.txLog2),
        sndbufBytes: c.sndbufBytes,
        // Multi-buffer packets exist from 6.6 and are not mixed with invalid descriptors.
        descsPerPacket: (c.kernel === '6.6' || c.kernel === '6.x') && c.invalidEvery === 0 ? c.descsPerPacket : 1,
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
        if (problems.length > 0) return false;
        seen.clean++;
        if (metrics.errors.eagainTxBusy > 0) seen.busy++;
        if (metrics.errors.eagainSndbuf > 0) seen.sndbuf++;
        if (metrics.errors.cqFull > 0) seen.cqFull++;
        if (cfg.descsPerPacket > 1) seen.multiBuffer++;
        return true;
      } catch (e) {
        if (e instanceof Violation && e.invariant === 'cq-submit-unreserved' && (c.kernel === '5.12' || c.kernel === '5.15')) {
          seen.cqBug++;
          return true;
        }
        throw e;
      }
    }),
    { numRuns: 80, seed: 4242 },
  );
  t.log(seen);
  t.true(seen.clean > 20 && seen.cqBug > 0 && seen.busy > 0 && seen.sndbuf > 0 && seen.cqFull > 0 && seen.multiBuffer > 0, JSON.stringify(seen));
});
