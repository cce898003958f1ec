/** `npm run gen:schema`: writes schema/scenario.schema.json from scenario/schema.ts. */
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIO_SCHEMA_PATH, scenarioJsonSchemaText } from './json-schema.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(root, SCENARIO_SCHEMA_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(`${target}.tmp`, scenarioJsonSchemaText());
renameSync(`${target}.tmp`, target);
process.stderr.write(`wrote ${SCENARIO_SCHEMA_PATH}\n`);
