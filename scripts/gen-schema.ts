/**
 * Writes scenarios/schema.json (JSON Schema of a scenario file, as written: durations as
 * strings) for editors that validate YAML as you type, from the scenario's schema and every
 * registered strategy's options. Run: npx tsx scripts/gen-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from '../src/scenario/json-schema.js';
import { strategyCatalog } from '../src/strategy/index.js';

const schema = scenarioJsonSchema(strategyCatalog);
writeFileSync(new URL('../scenarios/schema.json', import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
console.log('wrote scenarios/schema.json');
