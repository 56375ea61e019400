import { describe, expect, it } from 'vitest';
import type { BackendOutcome } from '../backend/index.js';
import { VirtualClock } from '../time/index.js';
import { TokenBucketEgress } from './egress-token-bucket.js';
import { runThrough } from '../../test/helpers/callbacks.js';

const OK: BackendOutcome = { ok: true, inputTokens: 1, outputTokens: 1 };

describe('TokenBucketEgress', () => {
  it('lets `burst` calls through at once, then one every 1/rate seconds, first come first served', async () => {
    const clock = new VirtualClock();
    const egress = new TokenBucketEgress(clock, 4, 2);
    const started: string[] = [];
    const call = (name: string) => runThrough(egress, async () => (started.push(`${name}@${clock.now()}`), OK));
    await clock.run(Promise.all(['a', 'b', 'c', 'd', 'e'].map(call)));
    expect(started).toEqual(['a@0', 'b@0', 'c@250', 'd@500', 'e@750']);
  });

  it('refills to at most `burst` after a quiet spell', async () => {
    const clock = new VirtualClock();
    const egress = new TokenBucketEgress(clock, 10, 1);
    const started: number[] = [];
    const main = (async () => {
      await clock.sleep(10_000);
      await Promise.all([0, 1, 2].map(() => runThrough(egress, async () => (started.push(clock.now()), OK))));
    })();
    await clock.run(main);
    expect(started).toEqual([10_000, 10_100, 10_200]);
  });
});
