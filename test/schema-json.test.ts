import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../src/scenario/json-schema.js';
import { strategyCatalog } from '../src/strategy/index.js';

describe('scenarios/schema.json', () => {
  it('is generated from the scenario schema and the strategies (run `npx tsx scripts/gen-schema.ts` after changing either)', () => {
    const committed = JSON.parse(readFileSync(new URL('../scenarios/schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema(strategyCatalog))));
  });

  it('comes out the same every time', () => {
    expect(JSON.stringify(scenarioJsonSchema(strategyCatalog))).toBe(JSON.stringify(scenarioJsonSchema(strategyCatalog)));
  });
});
