/** The benchmark sections `npm run bench` runs, in order. Adding one is an import and an entry. */
import { holdSection } from './hold.ts';
import { mm1Section } from './mm1.ts';
import { ns3Section } from './ns3.ts';
import { startupSection } from './startup.ts';
import { xdpsockSection } from './xdpsock.ts';
import { manaSection } from './mana.ts';
import type { BenchSection } from './section.ts';

export const SECTIONS: readonly BenchSection[] = [holdSection, mm1Section, ns3Section, xdpsockSection, manaSection, startupSection];
