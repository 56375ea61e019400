/**
 * Writes scenarios/schema.json (JSON Schema of a scenario file, as written: durations as
 * strings) for editors that validate YAML as you type. Run: npx tsx scripts/gen-schema.ts
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { scenarioSchema } from '../src/scenario/schema.js';

const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
writeFileSync(new URL('../scenarios/schema.json', import.meta.url), `${JSON.stringify({ title: 'gameday scenario', ...schema }, null, 2)}\n`);
console.log('wrote scenarios/schema.json');
