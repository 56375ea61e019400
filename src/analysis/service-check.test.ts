import { describe, expect, it } from 'vitest';
import { serviceCheck } from './service-check.js';

const counters = (c: Partial<Record<'received' | 'accepted' | 'shed' | 'rejected' | 'processed' | 'failed', number>>) => ({
  received: 0,
  accepted: 0,
  shed: 0,
  rejected: 0,
  processed: 0,
  failed: 0,
  depth: 0,
  ...c,
});

describe('service counters against what clients heard', () => {
  it('compares nothing, and so never agrees, without counters', () => {
    expect(serviceCheck(null, new Map([['202', 5]]))).toEqual({ compared: false, differing: [] });
  });

  it('agrees only when every field matches', () => {
    const answers = new Map([
      ['202', 10],
      ['429 retry-after', 4],
      ['500', 1],
    ]);
    expect(serviceCheck(counters({ received: 15, accepted: 10, shed: 4, rejected: 1 }), answers)).toEqual({ compared: true, differing: [] });
  });

  it('names each differing field: the block run that printed "agree"', () => {
    // The service said it received 1,174 and shed 1,024; its 2,000 clients heard 976 202s and 1,024 timeouts.
    const answers = new Map([
      ['202', 976],
      ['timeout', 1024],
    ]);
    const r = serviceCheck(counters({ received: 1174, accepted: 150, shed: 1024 }), answers);
    expect(r.compared).toBe(true);
    expect(r.differing).toEqual(['accepted: service 150, clients heard 976', 'shed: service 1,024, clients heard 0']);
  });

  it('lets received lie between the answered attempts and those plus the unanswered ones', () => {
    const answers = new Map([
      ['202', 10],
      ['timeout', 3],
      ['connection ECONNRESET', 2],
    ]);
    expect(serviceCheck(counters({ received: 13, accepted: 10 }), answers).differing).toEqual([]);
    expect(serviceCheck(counters({ received: 9, accepted: 10 }), answers).differing).toEqual([
      'received: service 9, clients heard 10 answers (+5 unanswered attempts)',
    ]);
  });

  it('compares processed and failed both ways: failures the service counted and never reported are named, not agreed', () => {
    const answers = new Map([['202', 20]]);
    const work = { confirmed: 11, failed: 0 };
    // A breaker that failed 9 jobs in an outage: the service knows, gameday heard of none.
    expect(serviceCheck(counters({ received: 20, accepted: 20, processed: 11, failed: 9 }), answers, work).differing).toEqual([
      'failed: service 9, 0 failure(s) reported per request',
    ]);
    // Fewer processed than the backend confirmed is as wrong as more.
    expect(serviceCheck(counters({ received: 20, accepted: 20, processed: 8 }), answers, work).differing).toEqual([
      'processed: service 8, the backend confirmed 11 completion(s)',
    ]);
    expect(serviceCheck(counters({ received: 20, accepted: 20, processed: 11 }), answers, work).differing).toEqual([]);
  });

  it('when some work was counted out of its sight (a shared queue, a killed process), lets the service count less than was done, never more', () => {
    const answers = new Map([['202', 20]]);
    const shared = { confirmed: 20, failed: 2, partial: true };
    expect(serviceCheck(counters({ received: 20, accepted: 20, processed: 12, failed: 1 }), answers, shared).differing).toEqual([]);
    expect(serviceCheck(counters({ received: 20, accepted: 20, processed: 21, failed: 3 }), answers, shared).differing).toEqual([
      'processed: service 21, the backend confirmed 20 completion(s)',
      'failed: service 3, 2 failure(s) reported per request',
    ]);
  });
});
