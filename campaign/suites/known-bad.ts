/**
 * The known-bad variants the campaign hunts (campaign/known-bad.ts), one per bug the kernel
 * really had. Each entry's property generates scenarios with the bug switched on.
 */
import type { KnownBadVariant } from '../known-bad.ts';

export const KNOWN_BAD: readonly KnownBadVariant[] = [];
