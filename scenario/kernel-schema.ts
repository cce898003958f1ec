/**
 * The schema of a kernel spec in a scenario (issue 14): a release, a stable point release, a
 * distro kernel name, or { base, with, without } for a patch under test. The schema checks the
 * shape only; scenario/check.ts resolves the spec against the registries and names the part
 * that does not resolve ($.machine.kernel.with[1]), so the two cannot disagree on what exists.
 */
import { Type } from '@sinclair/typebox';
import { MAX_KERNEL_CHANGES, MAX_KERNEL_SPEC_LENGTH } from './limits.ts';

const SpecText = Type.String({ minLength: 1, maxLength: MAX_KERNEL_SPEC_LENGTH });
const ChangeList = (description: string) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_KERNEL_SPEC_LENGTH }), { maxItems: MAX_KERNEL_CHANGES, uniqueItems: true, description }));

/** One kernel spec, as `nicsim kernel <spec>` reads it too. */
export const KernelSpecSchema = (options: { default?: string; description?: string } = {}) =>
  Type.Union(
    [
      Type.String({ ...SpecText, description: "A mainline release ('6.6'), a stable point release ('6.6.30'), a distro kernel ('ubuntu-jammy-azure-5.15') or one of the classes '5.11', '5.12', '5.15', '5.19', '6.6', '6.x'." }),
      Type.Object(
        {
          base: SpecText,
          with: ChangeList('Registered kernel changes (names or 12-character ids, see `nicsim kernel`) added to the base.'),
          without: ChangeList('Registered kernel changes removed from the base.'),
        },
        { additionalProperties: false, description: 'A base kernel with registered changes added or removed: a patch under test.' },
      ),
    ],
    options,
  );
