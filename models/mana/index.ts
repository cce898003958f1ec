/**
 * MANA RX with page_pool fragments (730ff06d): the public surface for workloads, properties
 * and benches.
 *
 * - Driver: manaDriverOf(kernel, variant?) turns the kernel's registered MANA changes (730ff06d,
 *   fa37a8849634, 4c46beb807ef, 6bd81a5b4e0d) into the switches the paths read; the variant
 *   strings (pre-730ff06d, upstream-6x, ubuntu-5.15, ubuntu-5.15-no-page-frag) are aliases.
 * - Geometry: manaRxBufCfg() for a driver, with the page_pool params, what page_pool really
 *   carves, and the page_frag buffers of kernels before the jumbo page_pool switch.
 * - Simulation: createManaRxSim() builds the port, its RX queues and one TCP-like or UDP-like
 *   flow per queue on a Simulator; xdpSet / setMtu / setRingEntries / close / open reconfigure
 *   it under traffic.
 * - Observation: manaRxMetrics / manaRxReport, queueMemory(rxq), ringFootprint(port, rxq)
 *   (live vs formula, equal at all times; also a registered invariant), manaRxLeaks().
 * - Counters for coverage: rxq.stats (refillFailures, fragPagesShared, xdpSaveOverwrites,
 *   redirectNonPoolPages, preAllocUsed, ...), port.counters (xdpSetWithPacketsInFlight,
 *   destroyWithPagesHeld, attachFailures, xdpDanglingProg, ...), drops by cause.
 */
export { manaDriverOf, MANA_RX_VARIANTS, type ManaDriver, type ManaRxVariant } from './driver.ts';
export { manaRxBufCfg, rxGeometryOf, manaRxbufPad, manaXdpMtuMax, manaMaxMtu, ringPagesFormula, ringFootprintFormulaBytes, type ManaRxBufCfg, type RxGeometry } from './rxbuf-cfg.ts';
export { createManaRxSim, type ManaRxSim, type ManaRxSimConfig, type TcpFlowConfig, type UdpFlowConfig } from './rx-sim.ts';
export { manaRxMetrics, manaRxReport, manaRxLeaks, queueMemory, ringFootprint, type QueueMemory, type RingFootprint } from './report.ts';
export { manaDeviceReceive, manaProcessRxCqe, manaFreeRxSkb, manaSettleCpu } from './rx-path.ts';
export { manaOpen, manaAttach, manaDetach, packetsInFlight } from './reconfig.ts';
export { DROP_CAUSES, type DropCause } from './drops.ts';
export { createXdpProgram, XDP_ACTION_NAMES, type XdpActionName, type XdpProgram } from './xdp.ts';
export type { ManaPort, ManaRxq, ManaRxqStats, ManaPortCounters } from './port.ts';
