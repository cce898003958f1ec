import { WORKLOADS } from '../../scenario/workloads/index.ts';

/**
 * The expected line for each fixture in scenarios/bad (liveness-* load fine: they fail when
 * run). JSON syntax lines end in V8's own wording, which varies across Node versions.
 */
const kinds = WORKLOADS.map((w) => JSON.stringify(w.kind));
const expectedKind = kinds.length === 1 ? kinds[0] : `one of ${kinds.join(', ')}`;

export const BAD_FIXTURES: Record<string, (string | RegExp)[]> = {
  'unknown-field.json': ['scenarios/bad/unknown-field.json: $.bounds.horizonNs: unknown field, expected one of: simTimeNs, maxEvents, drainTimeNs, expect'],
  'wrong-type.json': ['scenarios/bad/wrong-type.json: $.bounds.simTimeNs: expected integer >= 1, found "10ms"'],
  'bad-enum.json': ['scenarios/bad/bad-enum.json: $.machine.arch: expected one of "x86_64", "arm64", found "riscv64"'],
  'missing-field.json': ['scenarios/bad/missing-field.json: $.workloads[0].serviceRateHz: missing required field, expected number > 0 and <= 1000000000000'],
  'syntax-error.json': [/^scenarios\/bad\/syntax-error\.json: line 5, column 3: invalid JSON: [^\n]+$/],
  'unknown-kind.json': [`scenarios/bad/unknown-kind.json: $.workloads[0].kind: expected ${expectedKind}, found "mm2"`],
};
