/**
 * The calibration of scenarios/xsk-seed-table.json, recomputed: the four fitted cost values
 * come back from the seed's numbers at the two fit sizes (64 and 1500 bytes), and the shipped
 * scenario reproduces the whole table within the tolerances (pps ±5 %, gain ±3 points).
 */
import test from 'ava';
import { loadScenarioFile } from '../../../scenario/load.ts';
import { runScenario } from '../../../scenario/run.ts';
import { fitVirtioCosts, type FitParams } from '../../../models/xsk/calibrate.ts';
import { SEED_COPY_PPS, SEED_SIZES_BYTES, SEED_ZEROCOPY_PPS } from '../../../models/xsk/seed-table.ts';

const FILE = 'scenarios/xsk-seed-table.json';
const FITTED: (keyof FitParams)[] = ['virtioXmitNs', 'memcpyFixedNs', 'memcpyBytesPerNs', 'hostCopyStallNsPerByte'];

test('the fitted cost values are recomputed from the seed at the two fit sizes only', (t) => {
  const scenario = loadScenarioFile(FILE);
  const overrides = scenario.machine.costOverrides as Record<string, number>;
  const workload = scenario.workloads[0] as unknown as { reference: { fitSizesBytes: number[] } };
  const fitSizes = workload.reference.fitSizesBytes;
  t.deepEqual(fitSizes, [64, 1500]);
  const fixed = Object.fromEntries(Object.entries(overrides).filter(([k]) => !FITTED.includes(k as keyof FitParams)));
  const at = (size: number) => {
    const i = SEED_SIZES_BYTES.indexOf(size as 64);
    return { sizeBytes: size, copyPps: SEED_COPY_PPS[i], zerocopyPps: SEED_ZEROCOPY_PPS[i] };
  };
  const fit = fitVirtioCosts([at(fitSizes[0]), at(fitSizes[1])], {
    kernel: '5.12',
    costProfile: scenario.machine.costProfile,
    fixedOverrides: fixed,
    simTimeNs: 4_000_000,
  });
  for (const r of fit.residualNs) t.true(Math.abs(r) < 2, `residual ${r} ns/packet at a fit point`);
  for (const k of FITTED) {
    const rel = Math.abs(fit.params[k] / overrides[k] - 1);
    t.true(rel < 0.02, `${k}: refit ${fit.params[k]} vs scenario ${overrides[k]}`);
  }
  // The values are physical: a guest memcpy of a few GB/s, a sub-microsecond driver path.
  t.true(fit.params.memcpyBytesPerNs > 2 && fit.params.memcpyBytesPerNs < 30);
  t.true(fit.params.virtioXmitNs > 50 && fit.params.virtioXmitNs < 500);
  t.true(fit.params.hostCopyStallNsPerByte > 0 && fit.params.hostCopyStallNsPerByte < 0.1);
});

test('the shipped scenario reproduces the seed table: pps within 5 %, gain within 3 points', (t) => {
  const result = runScenario(loadScenarioFile(FILE), { file: FILE });
  t.is(result.status, 'ok', String(result.violation?.message ?? result.liveness));
  SEED_SIZES_BYTES.forEach((size, i) => {
    const copy = result.metrics[`xdpsock.copy.5.12.${size}.pps`] as number;
    const zc = result.metrics[`xdpsock.zerocopy.5.12.${size}.pps`] as number;
    t.true(Math.abs(copy / SEED_COPY_PPS[i] - 1) <= 0.05, `copy ${size}: ${copy} vs ${SEED_COPY_PPS[i]}`);
    t.true(Math.abs(zc / SEED_ZEROCOPY_PPS[i] - 1) <= 0.05, `zerocopy ${size}: ${zc} vs ${SEED_ZEROCOPY_PPS[i]}`);
    const gain = (zc / copy - 1) * 100;
    const seedGain = (SEED_ZEROCOPY_PPS[i] / SEED_COPY_PPS[i] - 1) * 100;
    t.true(Math.abs(gain - seedGain) <= 3, `gain ${size}: ${gain.toFixed(2)} vs ${seedGain.toFixed(2)}`);
    t.is(result.metrics[`xdpsock.zerocopy.5.12.${size}.zerocopySkbs`], result.metrics[`xdpsock.zerocopy.5.12.${size}.completionsRead`]);
  });
  t.regex(result.reports.join('\n'), /beside the seed's xdpsock table/);
});
