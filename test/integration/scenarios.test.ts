/**
 * The scenario library: every scenarios/*.yaml validates, opens with a comment saying what it
 * teaches, and runs in virtual time (long ones shortened with the time scale) with its own gates
 * evaluated. None is skipped: a new file is picked up by the glob.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlan, evaluateGates, loadScenario, runScenario } from '../../src/index.js';
import { expectReconciled } from '../helpers/invariant.js';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
/** Traffic longer than this is scaled down to it: the test is about the library, not the full game day. */
const MAX_TRAFFIC_MS = 20_000;
/** Gates a scenario fails on purpose, because failing them is its lesson. */
const FAILS_BY_DESIGN: Record<string, string[]> = { 'retry-storm.yaml': ['retry_amplification < 2'] };
/** Scenarios on a real Redis: sim mode refuses them (exit 2) rather than running another store; test/integration/redis-scale-out.test.ts runs their shape live. */
const LIVE_ONLY = new Set(['redis-workers.yaml']);

describe('scenario library', () => {
  it('holds the scenarios the README lists', () => {
    for (const f of ['spike.yaml', 'sustained-overload.yaml', 'backend-outage.yaml', 'rate-limit.yaml', 'retry-storm.yaml', 'slow-drain.yaml'])
      expect(FILES).toContain(f);
  });

  it.each(FILES)('%s opens with a comment saying what it teaches', (file) => {
    const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
    const header = lines.slice(
      0,
      lines.findIndex((l) => !l.startsWith('#')),
    );
    const prose = header.filter((l) => !l.includes('yaml-language-server') && l.replace(/^#\s*/, '').length > 0);
    expect(prose.length, `${file} should open with comment lines explaining the scenario`).toBeGreaterThanOrEqual(2);
  });

  it.each(FILES)('%s validates and runs in sim with its gates evaluated', async (file) => {
    const full = loadScenario(join(DIR, file));
    const trafficMs = buildPlan(full.traffic, full.seed).trafficMs;
    const timeScale = trafficMs > MAX_TRAFFIC_MS ? MAX_TRAFFIC_MS / trafficMs : undefined;
    const s = loadScenario(join(DIR, file), { timeScale });
    expect(buildPlan(s.traffic, s.seed).trafficMs).toBeLessThanOrEqual(MAX_TRAFFIC_MS);
    expect(s.gates.length, `${file} should declare gates`).toBeGreaterThan(0);

    if (LIVE_ONLY.has(file)) {
      await expect(runScenario(s, { mode: 'sim' })).rejects.toThrow('use --mode live');
      return;
    }
    const r = await runScenario(s, { mode: 'sim' });
    expectReconciled(r);
    r.gates = evaluateGates(r, s.gates);
    expect(r.gates.map((g) => g.expr)).toEqual(s.gates.map((g) => g.trim()));
    for (const g of r.gates) {
      expect(g.value, `${file}: gate \`${g.expr}\` had no value`).not.toBeNull();
      const expected = !(FAILS_BY_DESIGN[file] ?? []).includes(g.expr);
      expect(g.pass, `${file}: gate \`${g.expr}\` measured ${g.value}`).toBe(expected);
    }
    expect(r.recovery).toBeDefined();
  });
});
