import { describe, expect, it } from 'vitest';
import { serviceCheck } from './summarize.js';

const counters = (c: Partial<Record<'received' | 'accepted' | 'shed' | 'rejected', number>>) => ({
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
});
