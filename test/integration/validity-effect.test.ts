import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildPlan,
  decideValidity,
  evaluateGates,
  loadScenario,
  OUTCOMES,
  runScenario,
  type RunReplay,
  type RunResult,
  type Scenario,
} from '../../src/index.js';
import { scenario } from '../helpers/scenario.js';

/**
 * A late generator in virtual time: the run is made with each arrival leaving when a lateness
 * pattern says (RunOptions.sendTimes) while its plan keeps the intended times, exactly as a live
 * run whose generator fell behind. Everything here is exact and repeatable.
 */
type Lateness = (t: number, k: number) => number;

const uniform =
  (ms: number): Lateness =>
  (t) =>
    t + ms;
/** Nothing leaves during a stall of `ms` every `every` ms; what was due leaves when it ends. */
const stalled =
  (ms: number, every: number): Lateness =>
  (t) => {
    const into = t % every;
    return into < ms ? t - into + ms : t;
  };
/** Every arrival late by a random 0–`ms` (seeded), as a busy machine's jitter. */
const jitter = (ms: number): Lateness => {
  let x = 12345;
  return (t) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return t + (x / 2 ** 31) * ms;
  };
};
/** Arrivals due at one instant written one after another, `perWriteMs` each (a burst's write time). */
const writeTime = (perWriteMs: number): Lateness => {
  let last = -Infinity;
  return (t) => (last = Math.max(t, last) + perWriteMs);
};

async function lateRun(s: Scenario, lateness: Lateness): Promise<RunResult> {
  const plan = buildPlan(s.traffic, s.seed);
  const sendTimes = Float64Array.from(plan.at, (t, k) => lateness(t, k));
  return runScenario(s, { mode: 'sim', sendTimes });
}

/** What the CLI does once a run ends: evaluate the gates, and decide validity by them. */
function judged(r: RunResult, s: Scenario): RunResult {
  r.gates = evaluateGates(r, s.gates);
  r.validity = decideValidity(r, s.traffic.tolerance, (figures) => evaluateGates(figures, s.gates));
  return r;
}

const replayOf = (r: RunResult) => r.validity.replay as RunReplay;

describe('validity by effect, in virtual time', () => {
  it('a 30 ms uniform lag on a large queue is valid: D is counted, the replay finds no effect', async () => {
    const s = scenario({
      name: 'large-queue',
      seed: 3,
      traffic: { phases: [{ duration: '10s', rate: 40 }], drain: '20s' },
      service: { strategy: 'reject-429', capacity: 500, workers: 4 },
      backend: { latency: { p50: '100ms', p99: '200ms' } },
      gates: ['lost == 0', 'shed == 0'],
    });
    const r = judged(await lateRun(s, uniform(30)), s);
    expect(r.generator.late_sends).toBe(r.totals.scheduled);
    expect(r.validity.displacement?.arrivals).toBe(2);
    expect(r.validity.count_uncertainty).toBe(4);
    expect(replayOf(r).max_difference).toBe(0);
    expect(r.validity).toMatchObject({ valid: true, reasons: [], could_flip: [] });
  });

  /** A queue of one slot that keeps up on time and sheds when the arrivals come bunched. */
  const smallQueue = (gates: string[]) =>
    scenario({
      name: 'small-queue',
      seed: 5,
      traffic: { phases: [{ duration: '10s', rate: 20 }], drain: '10s' },
      service: { strategy: 'reject-429', capacity: 1, workers: 2 },
      backend: { latency: { p50: '80ms', p99: '90ms' } },
      gates,
    });

  it('a generator stalled 200 ms every 500 ms against a small queue is invalid, naming the gate that could flip', async () => {
    const s = smallQueue(['shed == 0', 'lost == 0']);
    const r = judged(await lateRun(s, stalled(200, 500)), s);
    const replay = replayOf(r);
    // On time the queue keeps up; bunched by the stalls it sheds.
    expect(replay.on_time.totals.shed).toBe(0);
    expect(replay.as_sent.totals.shed).toBeGreaterThan(0);
    // The run itself is the as-sent replay, exactly: the replay re-runs what happened.
    expect(r.totals).toEqual(replay.as_sent.totals);
    expect(r.validity.valid).toBe(false);
    expect(r.validity.could_flip).toEqual([expect.stringMatching(/^`shed == 0` could pass \(shed = 0, expected == 0\)$/)]);
    expect(r.validity.reasons[0]).toMatch(
      /^the generator fell up to 200 ms \(\d+ arrivals\) behind at [\d.]+–[\d.]+ s; within its effect `shed == 0` could pass/,
    );
  });

  it('the same stalls with a gate that fails at both ends of the uncertainty: valid, the run fails whatever the lateness did', async () => {
    const s = smallQueue(['shed == 0', 'completed >= 1000']);
    const r = judged(await lateRun(s, stalled(200, 500)), s);
    expect(r.validity.could_flip).toEqual([expect.stringMatching(/^`shed == 0` could pass/)]);
    expect(r.validity).toMatchObject({ valid: true, reasons: [] });
  });

  it('a burst written one request after another is valid: no lateness beyond its write time', async () => {
    const doc = {
      name: 'burst',
      seed: 2,
      traffic: { phases: [{ duration: '2s', rate: 5 }, { burst: 200 }, { duration: '5s', rate: 5 }], drain: '30s' },
      service: { strategy: 'persistent', capacity: 50, workers: 4 },
      backend: { latency: { p50: '100ms', p99: '300ms' } },
    };
    const s = scenario({ ...doc, gates: ['lost == 0'] });
    // 0.1 ms a write: the burst's last request leaves 20 ms after it was due.
    const r = judged(await lateRun(s, writeTime(0.1)), s);
    expect(r.validity.displacement?.arrivals).toBeGreaterThan(150);
    expect(r.validity).toMatchObject({ valid: true, reasons: [] });
    // And with no gates: the counts moved by at most 1% of scheduled.
    const plain = await lateRun(scenario(doc), writeTime(0.1));
    expect(replayOf(plain).max_difference).toBeLessThanOrEqual(0.01 * plain.totals.scheduled);
    expect(plain.validity.valid).toBe(true);
  });

  it('an on-time run is not replayed: there is nothing to measure', async () => {
    const s = scenario({ name: 'on-time', traffic: { phases: [{ duration: '2s', rate: 10 }] }, service: { strategy: 'drop' } });
    const r = await runScenario(s, { mode: 'sim' });
    expect(r.validity).toMatchObject({ valid: true, count_uncertainty: 0, displacement: { arrivals: 0 } });
    expect(r.validity.replay).toBeUndefined();
  });

  // The bound (decision 17): no outcome count moves by more than 2·D. Checked on every library
  // scenario that runs in virtual time, under four lateness patterns, with every strategy of its own.
  const library = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `scenarios/${f}`);
  const patterns: [string, Lateness][] = [
    ['30 ms uniform', uniform(30)],
    ['200 ms stall every 500 ms', stalled(200, 500)],
    ['0–50 ms jitter', jitter(50)],
    ['1 s stall every 5 s', stalled(1000, 5000)],
  ];
  it.each(library)('%s: the replayed effect of lateness never exceeds 2·D', async (file) => {
    const s = loadScenario(file, { timeScale: 0.5 });
    if (s.service.strategy.type === 'persistent' && (s.service.strategy.options as { store?: string }).store === 'redis') return;
    for (const [name, pattern] of patterns) {
      const r = await lateRun(s, pattern);
      const replay = replayOf(r);
      const u = r.validity.count_uncertainty!;
      for (const o of OUTCOMES) expect(Math.abs(replay.difference[o]), `${name}: ${o}`).toBeLessThanOrEqual(u);
      expect(r.totals, name).toEqual(replay.as_sent.totals);
    }
  });
});
