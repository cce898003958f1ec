/**
 * The JSON Schema text of scenario files, as committed in schema/scenario.schema.json (for
 * editors: completion and inline errors). Generated from ScenarioFileSchema; a test checks
 * the committed file is up to date.
 */
import { ScenarioFileSchema } from './schema.ts';

export const SCENARIO_SCHEMA_PATH = 'schema/scenario.schema.json';

export function scenarioJsonSchemaText(): string {
  const document = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: 'Generated from scenario/schema.ts by `npm run gen:schema`; do not edit.',
    ...JSON.parse(JSON.stringify(ScenarioFileSchema)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
