import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { SCENARIO_SCHEMA_PATH, scenarioJsonSchemaText } from '../../scenario/json-schema.ts';
import { loadScenarioFile } from '../../scenario/load.ts';
import { ScenarioFileSchema } from '../../scenario/schema.ts';
import { WORKLOADS } from '../../scenario/workloads/index.ts';

test('the committed JSON Schema is what `npm run gen:schema` generates', (t) => {
  const committed = readFileSync(SCENARIO_SCHEMA_PATH, 'utf8');
  t.true(committed === scenarioJsonSchemaText(), `${SCENARIO_SCHEMA_PATH} is stale: run \`npm run gen:schema\` and commit it`);
});

test('every shipped scenario points at the schema and loads', (t) => {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.json'));
  t.true(files.includes('mm1.json'));
  for (const file of files) {
    const text = JSON.parse(readFileSync(`scenarios/${file}`, 'utf8')) as { $schema?: string };
    t.is(text.$schema, '../schema/scenario.schema.json', file);
    t.notThrows(() => loadScenarioFile(`scenarios/${file}`), file);
  }
});

test('the workload union has one member per registered kind, and every kind is a literal', (t) => {
  const kinds = WORKLOADS.map((w) => w.kind);
  t.is(new Set(kinds).size, kinds.length);
  for (const w of WORKLOADS) t.is(w.schema.properties.kind.const, w.kind);
  const workloads = ScenarioFileSchema.properties.workloads;
  const members = workloads.items.anyOf ?? [workloads.items];
  t.deepEqual(members.map((m: { properties: { kind: { const: string } } }) => m.properties.kind.const), kinds);
});

test('defaulted fields are optional in the file schema and required in neither place for optional knobs', (t) => {
  const bounds = ScenarioFileSchema.properties.bounds;
  t.deepEqual(bounds.required, ['simTimeNs']);
  t.deepEqual(ScenarioFileSchema.required, ['name', 'bounds', 'workloads']);
  t.is(bounds.additionalProperties, false);
});

test('every object in the scenario schema, workloads included, rejects unknown fields', (t) => {
  const open: string[] = [];
  const walk = (schema: Record<string, unknown>, path: string): void => {
    if (schema.type === 'object' && schema.properties !== undefined && schema.additionalProperties !== false) open.push(path);
    for (const [key, value] of Object.entries(schema)) {
      if (typeof value !== 'object' || value === null) continue;
      if (Array.isArray(value)) value.forEach((item, i) => typeof item === 'object' && item !== null && walk(item, `${path}.${key}[${i}]`));
      else walk(value as Record<string, unknown>, `${path}.${key}`);
    }
  };
  walk(JSON.parse(JSON.stringify(ScenarioFileSchema)), '$');
  t.deepEqual(open, []);
});
