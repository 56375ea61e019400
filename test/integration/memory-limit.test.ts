import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

const BURST = (n: number, strategy = 'reject-429') => `name: burst
traffic:
  phases: [{ burst: ${n} }]
  drain: 10m
service: { strategy: ${strategy}, capacity: 100, workers: 10 }
`;

describe('a plan too big for memory', () => {
  it('the largest burst the limits allow is refused up front: exit 2 naming traffic and the fix, nothing written', async () => {
    const out = join(tempDir(), 'never-written');
    const r = await cli('run', scenarioFile(BURST(5_000_000)), '--mode', 'sim', '--out', out, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /scenario\.yaml: traffic: this plan could hold about 5,000,000 arrivals at once \(5,000,000 in all, ~\d+(\.\d)? GB\), more than this process's memory/,
    );
    expect(r.stderr).toMatch(/split the burst, lower the rate or client\.timeout, or give node more heap/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a burst that fits runs', async () => {
    const r = await runScenario(parseScenario(BURST(2000), 'fits.yaml'), { mode: 'sim' });
    expect(r.totals.scheduled).toBe(2000);
    expect(r.totals.completed + r.totals.shed).toBe(2000);
  });
});

describe('an interrupt reaches a big simulation', () => {
  // Callers held for a slot (block), then a long steady phase: thousands of virtual instants a
  // wall second. An interrupt from a real-time timer must stop it, not wait for its end.
  it('a block burst and a long phase stop early when the signal aborts mid-run', { timeout: 600_000 }, async () => {
    const s = parseScenario(
      `name: interrupted
traffic:
  phases: [{ burst: 20000 }, { duration: 2h, rate: 50 }]
  drain: 1m
service: { strategy: block, capacity: 100, workers: 10 }
`,
      'interrupted.yaml',
    );
    const stop = new AbortController();
    const r = await runScenario(s, {
      mode: 'sim',
      signal: stop.signal,
      onEvent: (e) => {
        if (e.type === 'start') setTimeout(() => stop.abort({ signal: 'SIGINT' }), 200);
      },
    });
    expect(stop.signal.aborted).toBe(true);
    expect(r.generator.not_due).toBeGreaterThan(0);
    expect(r.totals.not_sent).toBe(r.generator.not_due);
    expect(r.lost_breakdown.not_sent).toBe(0);
  });
});
