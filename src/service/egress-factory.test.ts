import { describe, expect, it } from 'vitest';
import type { BackendOutcome } from '../backend/index.js';
import { VirtualClock } from '../time/index.js';
import { AdaptiveEgress } from './egress-adaptive.js';
import { createEgress } from './egress-factory.js';
import { GradientEgress } from './egress-gradient.js';
import { TokenBucketEgress } from './egress-token-bucket.js';
import { VegasEgress } from './egress-vegas.js';
import { fixedEgress } from './egress.js';
import { runThrough } from '../../test/helpers/callbacks.js';

const OK: BackendOutcome = { ok: true, inputTokens: 1, outputTokens: 1 };

describe('createEgress', () => {
  const clock = new VirtualClock();
  const deps = { clock, workers: 8 };

  it('builds each kind, defaulting to fixed (the worker count is the concurrency)', () => {
    expect(createEgress(undefined, deps)).toBe(fixedEgress);
    expect(createEgress({ kind: 'fixed' }, deps)).toBe(fixedEgress);
    expect(createEgress({ kind: 'token-bucket', rate: 5 }, deps)).toBeInstanceOf(TokenBucketEgress);
    const adaptive = createEgress({ kind: 'adaptive' }, deps);
    expect(adaptive).toBeInstanceOf(AdaptiveEgress);
    expect((adaptive as AdaptiveEgress).limit).toBe(8);
  });

  it('builds the latency-driven kinds, starting at the worker count unless told', () => {
    const gradient = createEgress({ kind: 'gradient' }, deps);
    expect(gradient).toBeInstanceOf(GradientEgress);
    expect((gradient as GradientEgress).limit).toBe(8);
    const vegas = createEgress({ kind: 'vegas', initial: 3, max: 6 }, deps);
    expect(vegas).toBeInstanceOf(VegasEgress);
    expect((vegas as VegasEgress).limit).toBe(3);
  });

  it('caps fixed concurrency below the worker count when asked', async () => {
    const egress = createEgress({ kind: 'fixed', concurrency: 2 }, deps);
    let inFlight = 0;
    let most = 0;
    const call = () =>
      runThrough(egress, async () => {
        most = Math.max(most, ++inFlight);
        await clock.sleep(10);
        inFlight--;
        return OK;
      });
    await clock.run(Promise.all(Array.from({ length: 6 }, call)));
    expect(most).toBe(2);
    expect(clock.now()).toBe(30);
  });

  it('refuses a token bucket without a rate', () => {
    expect(() => createEgress({ kind: 'token-bucket' }, deps)).toThrow(/needs `rate`/);
  });
});
