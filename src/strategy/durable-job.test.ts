import { describe, expect, it } from 'vitest';
import { leaseOf, queuedJob } from './durable-job.js';
import type { Job } from './types.js';

const claimed = (job: Job) => ({ ...queuedJob(job, 3), attempts: 1, lease: 7 });

describe('a job as the durable queue keeps it', () => {
  it('writes the bytes JSON.stringify wrote, and reads them back as they went in', () => {
    const job = { id: 'gd-0000000a-1', priority: 1, inputTokens: 1200, maxTokens: 64, admittedAt: 1234.5678 };
    const { payload } = queuedJob(job, 3);
    expect(payload).toBe(JSON.stringify({ inputTokens: 1200, maxTokens: 64, admittedAt: 1234.5678 }));
    expect(leaseOf(claimed(job))).toEqual({ job, lease: 7 });
  });

  it('a count that is not a number (a body a client sent) goes through JSON both ways, as it always did', () => {
    const job = { id: 'gd-0000000a-2', priority: 2, inputTokens: 'abc' as unknown as number, maxTokens: 64, admittedAt: 0 };
    expect(leaseOf(claimed(job)).job).toEqual(job);
  });

  it('reads a payload another layout wrote (keys in another order, spaces) through JSON.parse', () => {
    const payload = '{ "maxTokens": 64, "admittedAt": 5, "inputTokens": 9 }';
    expect(leaseOf({ id: 'x', priority: 0, payload, maxAttempts: 3, attempts: 1, lease: 1 }).job).toMatchObject({
      inputTokens: 9,
      maxTokens: 64,
      admittedAt: 5,
    });
  });
});
