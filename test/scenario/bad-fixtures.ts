import { WORKLOADS } from '../../scenario/workloads/index.ts';

/**
 * The expected line for each fixture in scenarios/bad (liveness-* load fine: they fail when
 * run). JSON syntax lines are nicsim's own words (io/json-scan.ts), not V8's, so they
 * are the same on every Node version.
 */
const kinds = WORKLOADS.map((w) => JSON.stringify(w.kind));
const expectedKind = kinds.length === 1 ? kinds[0] : `one of ${kinds.join(', ')}`;

export const BAD_FIXTURES: Record<string, (string | RegExp)[]> = {
  'unknown-field.json': ['scenarios/bad/unknown-field.json: $.bounds.horizonNs: unknown field, expected one of: simTimeNs, maxEvents, drainTimeNs, expect'],
  'wrong-type.json': ['scenarios/bad/wrong-type.json: $.bounds.simTimeNs: expected integer >= 1, found "10ms"'],
  'bad-enum.json': ['scenarios/bad/bad-enum.json: $.machine.arch: expected one of "x86_64", "arm64", found "riscv64"'],
  'missing-field.json': ['scenarios/bad/missing-field.json: $.workloads[0].serviceRateHz: missing required field, expected number >= 0.001 and <= 1e9'],
  'syntax-error.json': [`scenarios/bad/syntax-error.json: line 5, column 3: invalid JSON: expected ',' or '}' after property value, found '"'`],
  // V8's message for this one has no position: before the scanner it was reported at the end of the file (line 7).
  'syntax-error-line-2.json': ["scenarios/bad/syntax-error-line-2.json: line 2, column 11: invalid JSON: expected a value after ':', found 'x'"],
  // JSON.parse makes 1e400 Infinity, which the schema then reported as "found null".
  'huge-number.json': ['scenarios/bad/huge-number.json: line 4, column 28: expected a finite number, found 1e400'],
  'deep-nesting.json': ['scenarios/bad/deep-nesting.json: line 4, column 81: expected at most 64 levels of nested arrays and objects, found more'],
  'too-many-nics.json': ['scenarios/bad/too-many-nics.json: $.topology.nics: expected at most 64 items, found 65'],
  'tiny-rate.json': ['scenarios/bad/tiny-rate.json: $.workloads[0].arrivalRateHz: expected number >= 0.001 and <= 1e9, found 1e-300'],
  'huge-cost.json': ['scenarios/bad/huge-cost.json: $.machine.costOverrides.pageAllocNs: expected number >= 0 and <= 1e9, found 1e+308'],
  'duplicate-kernels.json': ['scenarios/bad/duplicate-kernels.json: $.workloads[0].kernels: expected distinct items, found "5.15" twice, at [0] and [2]'],
  'missing-flow.json': [
    'scenarios/bad/missing-flow.json: $.workloads[0].flow: missing required field, expected a flow object with "kind": "tcp" (optional fields rcvbufBytes, rttNs, linkGbps, rtoNs) or "kind": "udp" (fields arrivals, rateGbps; optional rcvbufBytes, linkGbps, burstFrames, frameBytes, frameSizes)',
  ],
  'tx-ring-too-small.json': [
    'scenarios/bad/tx-ring-too-small.json: $.topology.nics[0].txRingEntries: expected at least 17 entries for xdpsock (mlx5 stops its TX queue when fewer than 16 slots are free), found 8',
  ],
  'unknown-kind.json': [`scenarios/bad/unknown-kind.json: $.workloads[0].kind: expected ${expectedKind}, found "mm2"`],
};
