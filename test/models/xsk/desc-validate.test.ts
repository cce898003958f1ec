import test from 'ava';
import { xpValidateDesc, validationRuleFor, type ValidationRule } from '../../../models/xsk/desc-validate.ts';
import { registerUmemOrThrow } from '../../../models/xsk/umem.ts';

const aligned = registerUmemOrThrow({ startAddr: 0, sizeBytes: 2048 * 8, chunkSizeBytes: 2048, headroomBytes: 0, unaligned: false }, 4096);
const unaligned = registerUmemOrThrow({ startAddr: 0, sizeBytes: 3000 * 8, chunkSizeBytes: 3000, headroomBytes: 0, unaligned: true }, 4096);
const RULES: ValidationRule[] = ['pre-5.12.5', 'straddle-bug', 'chunk-end', 'offset'];
const v = (rule: ValidationRule, addr: number, len: number, options = 0, hi = 0, u = aligned) => xpValidateDesc(rule, u, addr, hi, len, options);

test('kernel versions select the validation rule of their era', (t) => {
  t.is(validationRuleFor('5.11'), 'pre-5.12.5');
  t.is(validationRuleFor('5.12'), 'pre-5.12.5');
  t.is(validationRuleFor('5.15'), 'chunk-end');
  t.is(validationRuleFor('5.19'), 'chunk-end');
  t.is(validationRuleFor('6.6'), 'offset');
  t.is(validationRuleFor('5.15', true), 'straddle-bug');
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
  t.false(v('chunk-end', 0, 64, 0, 1), 'an unaligned-style high offset is out of range in aligned mode');
});

test('unaligned mode: len bound by chunk size, base + offset in range, v6.6 also checks the end', (t) => {
  t.true(v('pre-5.12.5', 100, 3000, 0, 0, unaligned));
  t.false(v('pre-5.12.5', 100, 3001, 0, 0, unaligned));
  t.true(v('chunk-end', 1000, 64, 0, 500, unaligned), 'base 1000 + offset 500');
  t.false(v('chunk-end', 1000, 64, 0, 23000, unaligned));
  t.true(v('chunk-end', 23990, 64, 0, 0, unaligned), 'end past the UMEM is not checked before v6.6');
  t.false(v('offset', 23990, 64, 0, 0, unaligned));
  t.false(v('offset', 100, 0, 0, 0, unaligned));
});
