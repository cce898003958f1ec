/**
 * Every registered driver (models/drivers/index.ts) through the common TX properties, with
 * fast-check: an AF_XDP socket on one NIC TX queue (campaign/commands/xsk-socket.ts), random
 * command sequences (submit, sendto, time passing, reaping, link down and up) on registry
 * kernels, then a fault-free drain. After the drain:
 *   - every TX descriptor posted to the ring is completed exactly once, and every valid XSK
 *     descriptor comes back to the application exactly once (drainAndCheck, P3);
 *   - no skb head is reallocated where the declared headroom suffices: on kernels that reserve
 *     the device's needed_headroom (3914d88f7608), a driver whose skb_cow_head() asks no more
 *     than it declares, with SG, never reallocates (P2);
 *   - DMA maps are balanced: maps == unmaps and no skb holds a mapping where the driver uses the
 *     DMA API, none at all where it does not (P4);
 *   - no skb is left allocated (P5).
 * A new driver is in this test by its registry line. Bounded: fixed seed, 100 sequences per driver (about a second each).
 */
import test from 'ava';
import fc from 'fast-check';
import { buildXskSystem, drainAndCheck, xskCommands, xskCoverage, xskSystemConfigs } from '../../../campaign/commands/xsk-socket.ts';
import { DRIVER_NAMES } from '../../../models/drivers/index.ts';
import { has, kernelOf } from '../../../models/kernel/kernel-of.ts';

const RUNS_PER_DRIVER = 100;

for (const driver of DRIVER_NAMES) {
  test(`${driver}: TX descriptors completed once, no realloc where the declared headroom suffices, DMA balanced, no skb left`, (t) => {
    const seen = new Map<string, number>();
    let posted = 0;
    fc.assert(
      fc.property(xskSystemConfigs({ drivers: [driver] }), xskCommands(), (cfg, cmds) => {
        const s = buildXskSystem(cfg);
        fc.modelRun(() => ({ model: {}, real: s }), cmds);
        drainAndCheck(s);
        const q = s.q;
        const c = q.counters;
        const p = q.profile;
        if (q.postedCount !== q.reapedCount || c.posted !== c.completed) throw new Error(`${c.posted} descriptors posted, ${c.completed} completed`);
        if (q.freeSlots !== p.txRingEntries) throw new Error(`${p.txRingEntries - q.freeSlots} ring slots still held after the drain`);
        const honest = p.sg && p.cowHeadroomBytes <= p.neededHeadroomBytes;
        if (honest && has(kernelOf(cfg.kernel), 'xsk-generic-xmit-headroom') && c.headReallocs !== 0) {
          throw new Error(`${c.headReallocs} head reallocations with cow ${p.cowHeadroomBytes} <= declared ${p.neededHeadroomBytes}`);
        }
        if (c.dmaMaps !== c.dmaUnmaps) throw new Error(`${c.dmaMaps} DMA maps, ${c.dmaUnmaps} unmaps`);
        if (!p.usesDmaApi && c.dmaMaps !== 0) throw new Error(`${c.dmaMaps} DMA maps counted by a driver that bypasses the DMA API`);
        for (let id = 0; id < s.xs.skbs.capacity; id++) if (s.xs.skbs.dmaMaps[id] !== 0) throw new Error(`skb ${id} holds ${s.xs.skbs.dmaMaps[id]} mappings`);
        if (s.xs.skbs.live !== 0) throw new Error(`${s.xs.skbs.live} skbs left`);
        posted += c.posted;
        if (c.headReallocs > 0) seen.set('head-realloc', (seen.get('head-realloc') ?? 0) + 1);
        if (c.queueStops > 0) seen.set('queue-stopped', (seen.get('queue-stopped') ?? 0) + 1);
        for (const label of xskCoverage(s)) seen.set(label, (seen.get(label) ?? 0) + 1);
      }),
      { seed: 15, numRuns: RUNS_PER_DRIVER },
    );
    // Coverage: the driver transmitted, and its ring or the completion ring filled at least once.
    t.true(posted > 0, `${driver} posted nothing`);
    t.true((seen.get('queue-stopped') ?? 0) + (seen.get('cq-full') ?? 0) > 0, `${driver}: neither its TX queue stopped nor the completion ring filled (${[...seen.keys()].join(', ')})`);
    t.log(`${driver}: ${posted} descriptors; ${[...seen].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  });
}
