import { describe, expect, it } from 'vitest';
import { deriveRng } from '../time/index.js';
import { backendFaults, faultKinds, faultModule, faultSchema, OpenFaults, type Fault } from './index.js';

const parse = (entry: Record<string, unknown>) => faultSchema.parse(entry);
/** One valid entry of every kind, as its module declares it. */
const SAMPLES: Record<string, Record<string, unknown>> = Object.fromEntries(faultKinds().map((k) => [k, faultModule({ kind: k, at: 0 }).example]));

describe('fault registry', () => {
  it('every kind declares a sample of its own kind, so the checks below cover it', () => {
    for (const kind of faultKinds()) expect(SAMPLES[kind].kind).toBe(kind);
  });

  for (const kind of faultKinds()) {
    describe(kind, () => {
      const f = parse(SAMPLES[kind]);
      const m = faultModule(f);
      it('its schema is strict and names its kind', () => {
        expect(m.kind).toBe(kind);
        expect(f.kind).toBe(kind);
        expect(() => parse({ ...SAMPLES[kind], extra: 1 })).toThrow();
      });
      it('its window starts when it does; time-scaling moves the start and keeps a restart delay', () => {
        expect(m.window(f)[0]).toBe(10_000);
        const half = m.scale(f, 0.5);
        expect(half.at).toBe(5_000);
        if ('restartAfter' in half) expect(half.restartAfter).toBe(3_000);
        if ('duration' in half) expect(half.duration).toBe(2_000);
        expect(m.scale(f, 1)).toEqual(f);
      });
      it('acts on the backend or on the service, never neither', () => {
        expect(Boolean(m.backend) !== Boolean(m.crash)).toBe(true);
      });
    });
  }

  it('backend-slowdown scales its hold with its window; backend-rate-limit needs a limit', () => {
    const f = parse({ kind: 'backend-slowdown', at: '10s', duration: '4s', to: 3, hold: '2s' });
    expect(faultModule(f).scale(f, 0.5)).toEqual({ ...f, at: 5_000, duration: 2_000, hold: 1_000 });
    expect(faultModule(f).window(f)).toEqual([10_000, 16_000]);
    const r = faultSchema.safeParse({ kind: 'backend-rate-limit', at: '1s', duration: '1s' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/at least one of `rpm`, `itpm`, `otpm`/);
  });

  it('an unknown kind is refused by the schema, with the kinds listed', () => {
    const r = faultSchema.safeParse({ kind: 'backend-nap', at: '1s' });
    expect(r.success).toBe(false);
  });
});

describe('OpenFaults (what the mock asks)', () => {
  const faults: Fault[] = [
    parse(SAMPLES['backend-latency']),
    parse({ kind: 'backend-outage', at: '12s', duration: '1s', status: 503 }),
    parse({ kind: 'crash-service', at: '11s' }),
  ];
  const open = new OpenFaults(backendFaults(faults));

  it('backendFaults keeps only the kinds the backend acts on', () => {
    expect(backendFaults(faults).map((f) => f.kind)).toEqual(['backend-latency', 'backend-outage']);
  });
  it('answers by the window: open from `at`, closed at `at + duration`', () => {
    const rng = deriveRng(1, 'x');
    expect([open.slowdown(9_999), open.slowdown(10_000), open.slowdown(13_999), open.slowdown(14_000)]).toEqual([1, 3, 3, 1]);
    expect([open.refusal(11_999, rng), open.refusal(12_000, rng), open.refusal(13_000, rng)]).toEqual([undefined, 503, undefined]);
    expect(open.interruption(12_500)).toBe(503);
    expect(open.drops(12_500)).toBe(false);
  });
  it('backend-reset drops answers due in its window, and only those', () => {
    const reset = new OpenFaults([parse({ kind: 'backend-reset', at: '1s', duration: '1s' })]);
    expect([reset.drops(999), reset.drops(1_000), reset.drops(1_999), reset.drops(2_000)]).toEqual([false, true, true, false]);
    expect(reset.refusal(1_500, deriveRng(1, 'x'))).toBeUndefined();
  });

  it('backend-slowdown ramps latency linearly from 1 to `to` over its duration, holds it for `hold`, then ends', () => {
    const slow = new OpenFaults([parse({ kind: 'backend-slowdown', at: '10s', duration: '4s', to: 3, hold: '2s' })]);
    const at = [9_999, 10_000, 11_000, 12_000, 13_000, 14_000, 15_999, 16_000].map((t) => slow.slowdown(t));
    expect(at).toEqual([1, 1, 1.5, 2, 2.5, 3, 3, 1]);
    const noHold = new OpenFaults([parse({ kind: 'backend-slowdown', at: '0s', duration: '1s', to: 5 })]);
    expect([noHold.slowdown(500), noHold.slowdown(999), noHold.slowdown(1_000)]).toEqual([3, 4.996, 1]);
  });

  it('backend-jitter adds a delay drawn from [min, max] only while open, and draws nothing otherwise', () => {
    const jitter = new OpenFaults([parse({ kind: 'backend-jitter', at: '1s', duration: '2s', min: '100ms', max: '300ms' })]);
    const rng = deriveRng(1, 'jitter');
    const draws = [1_000, 1_500, 2_999].map((t) => jitter.addedDelay(t, rng));
    for (const d of draws) expect(d >= 100 && d <= 300).toBe(true);
    expect(new Set(draws).size).toBe(3);
    const untouched = deriveRng(2, 'x');
    expect([jitter.addedDelay(999, untouched), jitter.addedDelay(3_000, untouched)]).toEqual([0, 0]);
    expect(untouched.next()).toBe(deriveRng(2, 'x').next());
    expect(() => parse({ kind: 'backend-jitter', at: '0s', duration: '1s', min: '2s', max: '1s' })).toThrow(/min ≤ max/);
  });

  it('backend-rate-limit imposes its limits only while open; a later fault wins a kind both set', () => {
    const open = new OpenFaults([
      parse({ kind: 'backend-rate-limit', at: '1s', duration: '10s', rpm: 60, itpm: 1000 }),
      parse({ kind: 'backend-rate-limit', at: '5s', duration: '2s', rpm: 30 }),
    ]);
    expect(open.rateLimitEdges()).toEqual([1_000, 5_000, 7_000, 11_000]);
    expect(open.rateLimits(999)).toBeUndefined();
    expect(open.rateLimits(1_000)).toMatchObject({ rpm: 60, itpm: 1000 });
    expect(open.rateLimits(6_000)).toMatchObject({ rpm: 30, itpm: 1000 });
    expect(open.rateLimits(11_000)).toBeUndefined();
    expect(new OpenFaults([parse(SAMPLES['backend-latency'])]).rateLimitEdges()).toEqual([]);
  });

  it('backend-errors refuses the fraction it is given, drawing only while open', () => {
    const errors = new OpenFaults([parse({ kind: 'backend-errors', at: '0s', duration: '1s', rate: 0.25, status: 502 })]);
    const rng = deriveRng(7, 'outcome');
    let refused = 0;
    for (let i = 0; i < 4000; i++) if (errors.refusal(500, rng) === 502) refused++;
    expect(refused / 4000).toBeGreaterThan(0.22);
    expect(refused / 4000).toBeLessThan(0.28);
    const untouched = deriveRng(7, 'outcome');
    const before = untouched.next();
    const fresh = deriveRng(7, 'outcome');
    expect(errors.refusal(2_000, fresh)).toBeUndefined();
    expect(fresh.next()).toBe(before);
  });
});
