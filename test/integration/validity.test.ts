import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

/** Holds this thread for `ms`: the generator's event loop is this test's (the CLI runs in-process). */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: nothing else on this thread runs, the generator included
  }
}

const steady = scenarioFile(
  [
    'name: steady',
    'seed: 1',
    'traffic: { phases: [{ duration: 2s, rate: 50 }], drain: 5s }',
    'service: { strategy: reject-429, capacity: 50, workers: 4 }',
    'backend: { latency: { p50: 5ms, p99: 20ms } }',
    'gates: [lost == 0]',
  ].join('\n'),
);

describe('a generator that falls behind makes the run invalid (exit 4), never a loss of the strategy', () => {
  it('a blocked event loop mid-traffic: exit 4, validity false, a reason naming the lateness and the lag', async () => {
    const out = join(tempDir(), 'run');
    // The service is another process and the mock another thread: only the generator stalls.
    // Every half second, so the stalls fall in the traffic whatever start-up takes.
    const stall = setInterval(() => blockEventLoop(200), 500);
    const r = await cli('run', steady, '--out', out, '--quiet').finally(() => clearInterval(stall));
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(r.code).toBe(4);
    expect(result.validity.valid).toBe(false);
    expect(result.validity.reasons.join('\n')).toMatch(/sent more than 50 ms late \(max lag \d/);
    expect(result.generator.late_sends).toBeGreaterThan(0);
    expect(result.generator.max_lag_ms).toBeGreaterThan(50);
    expect(result.validity.reasons.join('\n')).toMatch(/send lag p99 [\d.]+ ms is over the 10 ms tolerance/);
    // Arrivals due during the stall went out late, not never: nothing is charged to the strategy.
    expect(result.generator.sent).toBe(result.totals.scheduled);
    expect(result.verdict?.status).toBe('invalid');
    // Every output says so, in the same words.
    const meaning = 'the testbench could not produce the load it promised; nothing is concluded about the strategy';
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary.split('\n')[0]).toMatch(/^# ⚠️ INVALID — /);
    // Its gate is neither ticked nor crossed: an invalid run concludes nothing.
    expect(summary).toMatch(/^- `lost == 0` — measured 0 · .* · _not concluded: the run is invalid_$/m);
    expect(summary).not.toMatch(/- \[x\]/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(new RegExp(`class="verdict-banner invalid"[^>]*><b>INVALID</b> — ${meaning}; `));
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<failure message="INVALID — the testbench could not produce/);
  });
});
