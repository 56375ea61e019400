import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealClock } from '../../time/index.js';
import { ServiceMetrics } from './service-metrics.js';

/** A metrics endpoint whose body the test sets between polls (status 200, or `status` if set). */
let body = '';
let status = 200;
/** While set, a request waits for it before being answered. */
let held: Promise<void> | undefined;
/** Requests the endpoint has received. */
let requests = 0;
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    void (held ?? Promise.resolve()).then(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const prom = (accepted: number, depth: number) => `# TYPE jobs_accepted_total counter\njobs_accepted_total ${accepted}\nqueue_depth ${depth}\n`;
const metrics = (format: 'prometheus' | 'json', map: Record<string, string>) => new ServiceMetrics({ url, format, map, interval: 500 }, new RealClock());

describe("your service's metrics, read during a run", () => {
  it('counts the increase since the first reading, and a counter that goes down as a restart', async () => {
    const m = metrics('prometheus', { accepted: 'jobs_accepted_total', depth: 'queue_depth' });
    body = prom(100, 0); // an earlier run counted 100: not this run's
    await m.first();
    expect(m.counters()).toEqual({ accepted: 0, depth: 0 });
    body = prom(130, 7);
    await m.poll();
    expect(m.counters()).toEqual({ accepted: 30, depth: 7 });
    body = prom(5, 2); // the process restarted: 130 before, 5 since
    await m.poll();
    expect(m.counters()).toEqual({ accepted: 35, depth: 2 });
  });

  it('a restart alone is no reset: a counter kept outside the process goes on, and only a counter that went down was reset', async () => {
    const m = metrics('prometheus', { accepted: 'jobs_accepted_total', processed: 'jobs_processed_total' });
    const started = (at: number, accepted: number, processed: number) =>
      `process_start_time_seconds ${at}\njobs_accepted_total ${accepted}\njobs_processed_total ${processed}\n`;
    body = started(1000, 10, 10);
    await m.first();
    body = started(1000, 40, 30);
    await m.poll();
    expect(m.counters()).toEqual({ accepted: 30, processed: 20 });
    // Restarted: `accepted` lives in Redis and goes on (40 -> 55); `processed` is in memory and starts again (30 -> 4).
    body = started(1009, 55, 4);
    await m.poll();
    expect(m.counters()).toEqual({ accepted: 45, processed: 24 });
    body = started(1009, 60, 9);
    await m.poll();
    expect(m.counters()).toEqual({ accepted: 50, processed: 29 });
  });

  it('an endpoint that stops answering: depth is unknown (null), counters keep their last reading, the failure is counted', async () => {
    const m = metrics('json', { accepted: 'jobs.accepted', depth: 'queue.depth' });
    body = JSON.stringify({ jobs: { accepted: 3 }, queue: { depth: 4 } });
    await m.first();
    status = 503;
    expect(await m.poll()).toMatch(/answered 503/);
    status = 200;
    expect(m.depth()).toBeNull();
    expect(m.counters()).toEqual({ accepted: 0 });
    expect(m.report()).toMatchObject({ polls: 2, failed_polls: 1, last_error: expect.stringMatching(/503/) });
  });

  it('stop() during a poll in flight ends the polling: no timer outlives the run', async () => {
    const m = new ServiceMetrics({ url, format: 'prometheus', map: { accepted: 'jobs_accepted_total' }, interval: 1 }, new RealClock());
    body = prom(1, 0);
    await m.first();
    let release = () => undefined as void;
    held = new Promise<void>((resolve) => (release = resolve));
    const before = requests;
    m.start();
    while (requests === before) await new Promise((r) => setTimeout(r, 5)); // the loop's poll is at the endpoint
    m.stop();
    release();
    held = undefined;
    await m.poll(); // answered after the held one: the loop has seen its answer by now
    const after = requests;
    await new Promise((r) => setTimeout(r, 50)); // fifty intervals
    expect(requests).toBe(after);
  });

  it('a mapped name the endpoint does not have is bad input at the first reading, naming the field', async () => {
    body = prom(1, 1);
    await expect(metrics('prometheus', { processed: 'jobs_done_total' }).first()).rejects.toThrow(
      `service.metrics: map.processed: ${url} has no finite number named jobs_done_total`,
    );
  });
});
