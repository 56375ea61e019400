import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReplay, RunResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

/** Holds this thread for `ms`: the generator's event loop is this test's (the CLI runs in-process). */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin: nothing else on this thread runs, the generator included
  }
}

// On time, two workers and one slot keep up with an arrival every 50 ms; arrivals bunched by a
// stall are shed. The stalls' effect is what makes the run invalid, not the lag itself: the
// replay of its real send times sheds what the on-time replay does not, more than 1% of
// scheduled. (No gate: how many the live service sheds on a busy machine is not the point here.)
const steady = scenarioFile(
  [
    'name: steady',
    'seed: 1',
    'traffic: { phases: [{ duration: 3s, rate: 20 }], drain: 5s }',
    'service: { strategy: reject-429, capacity: 1, workers: 2 }',
    'backend: { latency: { p50: 80ms, p99: 90ms } }',
  ].join('\n'),
);

describe('a generator that falls behind makes the run invalid (exit 4), never a loss of the strategy', () => {
  it('a blocked event loop mid-traffic: exit 4, validity false, a reason naming how far behind and what it could do to the counts', async () => {
    const out = join(tempDir(), 'run');
    // The service is another process and the mock another thread: only the generator stalls.
    // Every half second, so the stalls fall in the traffic whatever start-up takes.
    const stall = setInterval(() => blockEventLoop(300), 600);
    const r = await cli('run', steady, '--out', out, '--quiet').finally(() => clearInterval(stall));
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(r.code).toBe(4);
    expect(result.validity.valid).toBe(false);
    expect(result.generator.late_sends).toBeGreaterThan(0);
    expect(result.generator.max_lag_ms).toBeGreaterThan(50);
    expect(result.validity.reasons.join('\n')).toMatch(
      /^the generator fell up to [\d.]+ m?s \(\d+ arrivals?\) behind at [\d.]+–[\d.]+ s, while the machine's load average was [\d.]+ at the start and [\d.]+ at the end \(\d+ CPUs\); the counts could be off by up to \d+ request\(s\)/,
    );
    const replay = result.validity.replay as RunReplay;
    expect(replay.as_sent.totals.shed).toBeGreaterThan(replay.on_time.totals.shed);
    // Arrivals due during the stall went out late, not never: nothing is charged to the strategy.
    expect(result.generator.sent).toBe(result.totals.scheduled);
    expect(result.verdict?.status).toBe('invalid');
    // Every output says so, in the same words.
    const meaning = 'the load generator fell far enough behind to change what this run concludes; nothing is concluded about the strategy';
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary.split('\n')[0]).toMatch(/^# ⚠️ INVALID — /);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(new RegExp(`class="verdict-banner invalid"[^>]*><b>INVALID</b> — ${meaning}; `));
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<failure message="INVALID — the load generator fell far enough behind/);
  });
});
