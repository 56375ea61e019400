import { afterEach, describe, expect, it } from 'vitest';
import { deliveryDiscrepancies } from '../../analysis/index.js';
import { Answer, Ledger, RequestIds } from '../../model/index.js';
import { RealClock } from '../../time/index.js';
import { startCallbackServer, type CallbackServer } from './callback-server.js';

describe('the callback endpoint', () => {
  let server: CallbackServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('credits completions and failures, and counts what it refuses, foreign ids and contradictions, each said in the discrepancies', async () => {
    const ids = new RequestIds('0a1b2c3d');
    const ledger = new Ledger(3, new Uint8Array(3), new Float64Array(3), ids);
    for (let i = 0; i < 3; i++) ledger.answer(i, Answer.accepted, 0);
    server = await startCallbackServer(ledger, new RealClock());
    const post = (body: string) => fetch(server!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post(JSON.stringify({ id: ids.id(0), status: 'completed' }))).status).toBe(204);
    expect((await post(JSON.stringify({ id: ids.id(1), status: 'failed', reason: 'quota' }))).status).toBe(204);
    const refused = await post(JSON.stringify({ id: ids.id(2), status: 'ok' }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('expected `status` to be "completed" or "failed"');
    expect((await post('not json')).status).toBe(400);
    expect((await post(JSON.stringify({ id: 'gd-ffffffff-1', status: 'completed' }))).status).toBe(204);
    expect((await post(JSON.stringify({ id: ids.id(0), status: 'failed' }))).status).toBe(204); // contradicts its completion
    expect((await fetch(server.url.replace('/gameday/deliveries', '/other'), { method: 'POST' })).status).toBe(404);

    expect(ledger.totals().all).toMatchObject({ completed: 1, failed: 1, lost: 1 });
    expect([...ledger.failureReasons]).toEqual([['quota', 1]]);
    const report = server.report();
    expect(report).toMatchObject({ signal: 'callback', reports: 4, invalid: 2, unknown_ids: 1, conflicting: 1 });
    expect(deliveryDiscrepancies(report)).toEqual([
      expect.stringMatching(/^deliveries refused \(400\): 2, never counted \(the last: not JSON/),
      'deliveries for ids this run never sent: 1 (counted apart, never credited)',
      'deliveries contradicting an earlier one for the same job: 1 (the completion stands)',
    ]);
  });
});
