/**
 * The campaign property registry: every property fuzz campaigns run, by stable name.
 * Adding a property is one import and one entry here; `nicsim fuzz --property NAME` and
 * `nicsim replay` find it by that name.
 */
import type { CampaignProperty } from '../property.ts';
import { mm1kConservation } from './mm1k.ts';

export const PROPERTIES: readonly CampaignProperty[] = [mm1kConservation];

export function findProperty(name: string): CampaignProperty | undefined {
  return PROPERTIES.find((p) => p.name === name);
}
