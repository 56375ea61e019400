import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, withTables } from '../scripts/readme-tables.js';

// The README's tables of strategies, faults and metrics are made from the registries: a module
// added without its row, or a row left for a module removed, fails here.
describe("the README's registry tables", () => {
  it('are what the registries hold now (rewrite them with `npx tsx scripts/readme-tables.ts`)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(withTables(readme));
  });
});
