import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { scenarioSchema } from '../src/scenario/schema.js';

describe('scenarios/schema.json', () => {
  it('is generated from the scenario schema (run `npx tsx scripts/gen-schema.ts` after changing it)', () => {
    const committed = JSON.parse(readFileSync(new URL('../scenarios/schema.json', import.meta.url), 'utf8'));
    const { title: _title, ...rest } = committed;
    expect(rest).toEqual(JSON.parse(JSON.stringify(z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }))));
  });
});
