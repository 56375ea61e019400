import { describe, expect, it } from 'vitest';
import type { BackendClient, BackendOutcome } from '../backend/index.js';
import { VirtualClock } from '../time/index.js';
import { fixedEgress } from './egress.js';
import { processJob } from './worker.js';
import type { Settlement } from '../strategy/index.js';
import { asyncBackend } from '../../test/helpers/callbacks.js';

const JOB = { id: 'gd-1', priority: 2, inputTokens: 10, maxTokens: 64, admittedAt: 0 };

/** A backend that answers from a script and notes when each call came. */
function scripted(clock: VirtualClock, answers: BackendOutcome[]): BackendClient & { at: number[] } {
  const at: number[] = [];
  return { at, ...asyncBackend(async () => (at.push(clock.now()), answers.shift() ?? { ok: true, inputTokens: 1, outputTokens: 1 })) };
}

async function run(answers: BackendOutcome[], retries = 2) {
  const clock = new VirtualClock();
  const backend = scripted(clock, answers);
  const result = await clock.run(
    new Promise<Settlement>((done) => processJob(JOB, { clock, backend, egress: fixedEgress, retries, signal: new AbortController().signal }, done)),
  );
  return { result, at: backend.at };
}

describe('processJob retries toward the backend', () => {
  it('waits for a rate limit retry-after, then succeeds', async () => {
    const { result, at } = await run([{ ok: false, status: 429, message: 'rate', retryAfterMs: 3000 }]);
    expect(result.ok).toBe(true);
    expect(at).toEqual([0, 3000]);
  });

  it('does not retry a 429 without retry-after: a spend limit no retry gets past', async () => {
    const { result, at } = await run([{ ok: false, status: 429, message: 'usage limits' }]);
    expect(result).toMatchObject({ ok: false, reason: 'backend 429' });
    expect(at).toEqual([0]);
  });

  it('does not retry what the backend marks x-should-retry: false', async () => {
    const { at } = await run([{ ok: false, status: 503, message: 'no', shouldRetry: false }]);
    expect(at).toEqual([0]);
  });

  it('retries a 529 with its own backoff (0.2 s, doubling) when no hint is given', async () => {
    const overloaded: BackendOutcome = { ok: false, status: 529, message: 'overloaded' };
    const { result, at } = await run([overloaded, overloaded]);
    expect(result.ok).toBe(true);
    expect(at).toEqual([0, 200, 600]);
  });
});
