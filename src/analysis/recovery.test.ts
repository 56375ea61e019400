import { describe, expect, it } from 'vitest';
import { parseScenario } from '../index.js';
import { Answer, Ledger } from '../model/index.js';
import { disturbanceWindow, recoveryReport } from './recovery.js';

const scenario = (traffic: string, faults = '[]') =>
  parseScenario(`name: t\ntraffic:\n  phases:\n${traffic}\nservice: { strategy: reject-429 }\nfaults: ${faults}\n`, 't.yaml');

describe('disturbanceWindow', () => {
  it('is the span at peak rate for a spike (10 → 100 → ramp down)', () => {
    const s = scenario('    - { duration: 5s, rate: 10 }\n    - { duration: 10s, rate: 100 }\n    - { duration: 5s, rampTo: 0 }');
    expect(disturbanceWindow(s)).toEqual({ start_ms: 5000, end_ms: 15_000, cause: 'spike' });
  });

  it('is the fault windows under flat traffic (a crash lasts until its restart)', () => {
    const s = scenario(
      '    - { duration: 60s, rate: 10 }',
      '[{ at: 10s, kind: backend-outage, duration: 5s }, { at: 30s, kind: crash-service, restartAfter: 2s }]',
    );
    expect(disturbanceWindow(s)).toEqual({ start_ms: 10_000, end_ms: 32_000, cause: 'faults' });
  });

  it('joins a spike and faults, and falls back to the whole traffic window', () => {
    const both = scenario(
      '    - { duration: 5s, rate: 10 }\n    - { duration: 5s, rate: 50 }\n    - { duration: 10s, rate: 10 }',
      '[{ at: 12s, kind: backend-latency, duration: 3s, factor: 10 }]',
    );
    expect(disturbanceWindow(both)).toEqual({ start_ms: 5000, end_ms: 15_000, cause: 'spike+faults' });
    expect(disturbanceWindow(scenario('    - { duration: 30s, rate: 10 }'))).toEqual({ start_ms: 0, end_ms: 30_000, cause: 'traffic' });
  });
});

describe('recoveryReport', () => {
  /** 30 requests a second for 30 s; latency 100 ms, except those scheduled in [10 s, 20 s + slowUntil) take 2 s. */
  function ledgerWith(slowUntil: number): Ledger {
    const n = 900;
    const at = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 30) * 1000 + (i % 30) * 33);
    const ledger = new Ledger(n, new Uint8Array(n), at);
    for (let i = 0; i < n; i++) {
      const slow = at[i] >= 10_000 && at[i] < 20_000 + slowUntil;
      ledger.answer(i, Answer.accepted, at[i]);
      ledger.called(i, at[i] + (slow ? 1900 : 0));
      ledger.complete(i, at[i] + (slow ? 2000 : 100));
    }
    return ledger;
  }
  const s = scenario('    - { duration: 10s, rate: 30 }\n    - { duration: 10s, rate: 60 }\n    - { duration: 10s, rate: 30 }');
  const stats = { calls: 0, ok: 0, byStatus: { 200: 880, 429: 7, 529: 3 }, inputTokens: 0, outputTokens: 0 };

  it('measures drain from the end of the disturbance, and when latency came back to the baseline', () => {
    const r = recoveryReport(s, ledgerWith(3000), stats, 24_500);
    expect(r.window).toEqual({ start_ms: 10_000, end_ms: 20_000, cause: 'spike' });
    expect(r.drain_ms).toBe(4500);
    expect(r.baseline_p50_ms).toBe(100);
    expect(r.latency_recovered_ms).toBe(3000);
    expect(r.backend_429).toBe(7);
    expect(r.backend_529).toBe(3);
    expect(r.queue_wait_ms.max).toBeGreaterThanOrEqual(1900);
    expect(r.queue_wait_ms.count).toBe(900);
  });

  it('judges a second that holds more completions than a call takes as arguments', () => {
    // 200,000 requests scheduled in the one second after a 2 s spike: that second is a single sample.
    const n = 200_010;
    const at = Float64Array.from({ length: n }, (_, i) => (i < 10 ? i * 100 : 3000 + ((i - 10) % 1000) / 1000));
    const ledger = new Ledger(n, new Uint8Array(n), at);
    for (let i = 0; i < n; i++) {
      ledger.answer(i, Answer.accepted, at[i]);
      ledger.called(i, at[i]);
      ledger.complete(i, at[i] + 100);
    }
    const spike = scenario('    - { duration: 1s, rate: 10 }\n    - { duration: 2s, rate: 100000 }\n    - { duration: 1s, rate: 10 }');
    expect(recoveryReport(spike, ledger, stats, null).latency_recovered_ms).toBe(0);
  });

  it('says null when the queue never emptied or latency never came back', () => {
    const r = recoveryReport(s, ledgerWith(60_000), stats, null);
    expect(r.drain_ms).toBeNull();
    expect(r.latency_recovered_ms).toBeNull();
  });
});
