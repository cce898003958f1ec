/**
 * The campaign property registry: every property fuzz campaigns run, by stable name, and the
 * known-bad variants' properties (found by name for replay, run only when asked for).
 * Adding a property is one import and one entry here; `nicsim fuzz --property NAME` and
 * `nicsim replay` find it by that name.
 */
import { xskSocketCommands } from '../commands/xsk-socket.ts';
import type { CampaignProperty } from '../property.ts';
import { KNOWN_BAD } from './known-bad.ts';
import { manaComesUp, manaDeterminism, manaFootprint, manaLeaks } from './mana.ts';
import { mm1kConservation } from './mm1k.ts';
import { xskDeterminism, xskLeaksAndCompletions, xskNoUnwantedRealloc, xskSndbufBounded } from './xsk.ts';

export const PROPERTIES: readonly CampaignProperty[] = [mm1kConservation, xskLeaksAndCompletions, xskNoUnwantedRealloc, xskSndbufBounded, xskDeterminism, xskSocketCommands, manaLeaks, manaFootprint, manaComesUp, manaDeterminism];

export const KNOWN_BAD_PROPERTIES: readonly CampaignProperty[] = KNOWN_BAD.map((v) => v.property);

export function findProperty(name: string): CampaignProperty | undefined {
  return PROPERTIES.find((p) => p.name === name) ?? KNOWN_BAD_PROPERTIES.find((p) => p.name === name);
}
