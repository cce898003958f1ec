import test from 'ava';
import { descRulesFor, xpValidateDesc, type DescRules } from '../../../models/xsk/desc-validate.ts';
import { registerUmemOrThrow } from '../../../models/xsk/umem.ts';

const aligned = registerUmemOrThrow({ startAddr: 0, sizeBytes: 2048 * 8, chunkSizeBytes: 2048, headroomBytes: 0, unaligned: false }, 4096);
const unaligned = registerUmemOrThrow({ startAddr: 0, sizeBytes: 3000 * 8, chunkSizeBytes: 3000, headroomBytes: 0, unaligned: true }, 4096);
/** A page-aligned unaligned UMEM: 16 KiB of 4 KiB pages in 4096-byte chunks. */
const unalignedPages = registerUmemOrThrow({ startAddr: 0, sizeBytes: 4096 * 4, chunkSizeBytes: 4096, headroomBytes: 0, unaligned: true }, 4096);

/** One kernel per aligned rule, oldest first: 5.12 (mainline), 5.12.5 (straddle bug), 5.15, 6.6. */
const KERNELS = ['5.12', '5.12.5', '5.15', '6.6'] as const;
const RULES: DescRules[] = KERNELS.map((k) => descRulesFor(k));
const v = (r: DescRules, addr: number, len: number, options = 0, hi = 0, u = aligned) => xpValidateDesc(r, u, addr, hi, len, options);

test('each kernel gets the aligned rule of the newest registered validation change it carries', (t) => {
  t.deepEqual(RULES.map((r) => r.aligned), ['pre-5.12.5', 'straddle-bug', 'chunk-end', 'offset']);
  t.is(descRulesFor('5.11').aligned, 'pre-5.12.5');
  t.is(descRulesFor('5.13').aligned, 'straddle-bug', '5.13.0 carries ac31565c2193 but not its fix f654fae47e83');
  t.is(descRulesFor('5.13.2').aligned, 'chunk-end', 'f654fae47e83 reached 5.13.y in 5.13.2');
  t.is(descRulesFor('5.19').aligned, 'chunk-end');
  t.is(descRulesFor('5.15', true).aligned, 'straddle-bug', 'the known-bad switch forces it');
  t.is(descRulesFor({ base: '6.6', without: ['xsk-aligned-validate-offset'] }).aligned, 'chunk-end');
});

test('the len 0 and XDP_PKT_CONTD rules follow their own entries, not the 6.4 offset rule', (t) => {
  const k64 = descRulesFor('6.4');
  t.is(k64.aligned, 'offset');
  t.false(k64.zeroLenInvalid, 'len 0 becomes invalid with 07428da9e25a (6.6), not with the 6.4 simplification');
  t.false(k64.contdAllowed);
  t.true(v(k64, 4096, 0));
  t.false(v(k64, 0, 64, 1), 'XDP_PKT_CONTD is an unknown option bit before the 6.6 multi-buffer series');
  t.true(v(descRulesFor({ base: '6.6', without: ['xsk-tx-zero-len-desc-invalid'] }), 4096, 0), 'without 07428da9e25a len 0 passes on 6.6');
});

test('a full-chunk descriptor at the chunk start is rejected only by the pre-5.12.5 off-by-one', (t) => {
  t.deepEqual(RULES.map((r) => v(r, 2048, 2048)), [false, true, true, true]);
});

test('a descriptor straddling two chunks is accepted only by the 5.12.5 straddle bug', (t) => {
  t.deepEqual(RULES.map((r) => v(r, 2000, 100)), [false, true, false, false]);
  // Even past the end of the UMEM: the last chunk start is in range, the data is not.
  t.deepEqual(RULES.map((r) => v(r, 2048 * 7 + 100, 2048)), [false, true, false, false]);
});

test('zero-length descriptors are valid until v6.6', (t) => {
  t.deepEqual(RULES.map((r) => v(r, 4096, 0)), [true, true, true, false]);
});

test('addresses beyond the UMEM and option bits', (t) => {
  t.deepEqual(RULES.map((r) => v(r, 2048 * 8, 64)), [false, false, false, false]);
  t.deepEqual(RULES.map((r) => v(r, 0, 64, 1)), [false, false, false, true], 'XDP_PKT_CONTD allowed from v6.6');
  t.deepEqual(RULES.map((r) => v(r, 0, 64, 2)), [false, false, false, false]);
  t.false(v(RULES[2], 0, 64, 0, 1), 'an unaligned-style high offset is out of range in aligned mode');
});

test('unaligned mode: len bound by chunk size, base + offset in range', (t) => {
  const [k512, , k515, k66] = RULES;
  t.true(v(k512, 100, 3000, 0, 0, unaligned));
  t.false(v(k512, 100, 3001, 0, 0, unaligned));
  t.true(v(k515, 1000, 64, 0, 500, unaligned), 'base 1000 + offset 500');
  t.false(v(k515, 1000, 64, 0, 23000, unaligned));
  t.false(v(k66, 100, 0, 0, 0, unaligned));
});

test('row 7: the UMEM end in unaligned copy mode, by 2f99619820c2 (5.14, 5.13.2) and d769ccaf957f (6.4)', (t) => {
  // 23990 + 64 ends 54 bytes past the 24000-byte UMEM inside page 5 (bytes 20480..24575): no page crossing.
  const insidePage = (k: string) => v(descRulesFor(k), 23990, 64, 0, 0, unaligned);
  // 16384 - 100 + 200 crosses from page 3 into the page after the last one.
  const crossing = (k: string) => v(descRulesFor(k), 4096 * 4 - 100, 200, 0, 0, unalignedPages);
  t.deepEqual(['5.12', '5.13', '5.13.2', '5.15', '5.19', '6.3', '6.3.2', '6.4'].map((k) => descRulesFor(k).unalignedEnd), [
    'none', 'none', 'page-cross', 'page-cross', 'page-cross', 'page-cross', 'always', 'always',
  ]);
  t.deepEqual(['5.12', '5.13', '5.13.2', '5.15', '6.3', '6.4'].map(crossing), [true, true, false, false, false, false],
    'crossing the end of a page-aligned UMEM: accepted only without 2f99619820c2');
  t.deepEqual(['5.12', '5.15', '6.3', '6.3.2', '6.4', '6.6'].map(insidePage), [true, true, true, false, false, false],
    'an overrun that stays in the last (partial) page: rejected only with d769ccaf957f');
});
