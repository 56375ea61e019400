import { describe, expect, it } from 'vitest';
import { createRng, VirtualClock } from '../../src/time/index.js';
import { MemoryQueueStore } from '../../src/store/memory.js';
import { takeNext, type Admission, type Job, type Lease, type Strategy, type StrategyModule } from '../../src/strategy/index.js';

const CAPACITY = 10;
const job = (n: number, priority = 2): Job => ({ id: `gd-${n}`, priority, inputTokens: 10, maxTokens: 20, admittedAt: 0 });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a module of any options type
function create(module: StrategyModule<any>, clock: VirtualClock, deaths: string[], ended: Job[] = []): Strategy {
  return module.create(module.optionsSchema.parse({}), {
    clock,
    end: (j, reason) => {
      expect(reason).not.toBe('');
      ended.push(j);
    },
    rng: createRng(1),
    capacity: CAPACITY,
    workers: 1,
    // Strategies that keep a durable queue get the in-memory reference store.
    store: new MemoryQueueStore({ capacity: CAPACITY }),
    die: (reason) => deaths.push(reason),
  });
}

/** Takes every job the strategy hands out until it has nothing queued. */
async function drain(s: Strategy): Promise<Lease[]> {
  const taken: Lease[] = [];
  while (s.depth() > 0) taken.push((await takeNext(s))!);
  return taken;
}

function expectWellFormed(a: Admission): void {
  if (a.kind === 'accepted') return;
  if (a.kind === 'shed') {
    expect([429, 503]).toContain(a.status);
    expect(Number.isInteger(a.retryAfterS) && a.retryAfterS >= 1).toBe(true);
    return;
  }
  expect(a).toMatchObject({ kind: 'rejected', status: 500 });
}

/**
 * The Strategy contract (src/strategy/types.ts), checked for one strategy in virtual time:
 * every offer answered once and well-formed; what is accepted and kept is handed out exactly
 * once; the counters add up; closing releases waiting workers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- every registered module, whatever its options
export function strategyConformance(module: StrategyModule<any>): void {
  describe(`strategy ${module.type}`, () => {
    it('under capacity: accepts, hands each job out once, and settles it for good', async () => {
      const clock = new VirtualClock();
      const s = create(module, clock, []);
      await clock.run(
        (async () => {
          for (let n = 0; n < 3; n++) expect(await s.admit(job(n))).toEqual({ kind: 'accepted' });
          expect(s.depth()).toBe(3);
          const taken = await drain(s);
          expect(taken.map((l) => l.job.id).sort()).toEqual(['gd-0', 'gd-1', 'gd-2']);
          for (const l of taken) expect(s.settle(l, { ok: true })).toMatchObject({ terminal: true });
          expect(s.counters()).toMatchObject({ received: 3, accepted: 3, shed: 0, rejected: 0, processed: 3, depth: 0 });
          s.close();
        })(),
      );
    });

    it('overloaded: every offer gets one well-formed answer, and the counters add up', async () => {
      const clock = new VirtualClock();
      const deaths: string[] = [];
      const ended: Job[] = [];
      const s = create(module, clock, deaths, ended);
      await clock.run(
        (async () => {
          // Offered all at once, nobody taking: block holds callers until its maxWait.
          const answers = await Promise.all(Array.from({ length: 5 * CAPACITY }, (_, n) => s.admit(job(n, n % 4))));
          answers.forEach(expectWellFormed);
          const accepted = answers.filter((a) => a.kind === 'accepted').length;
          const c = s.counters();
          expect(c.received).toBe(answers.length);
          expect(c.accepted + c.shed + c.rejected).toBe(c.received);
          expect(c.accepted).toBe(accepted);
          const taken = await drain(s);
          expect(new Set(taken.map((l) => l.job.id)).size).toBe(taken.length); // never handed out twice
          const { keepsAccepted, bounded, ends, acceptsEveryOffer } = module.traits;
          // What it kept and what it ended itself, each once: together they are what it accepted,
          // unless it loses accepted jobs (that defect is the ledger's to catch) or it died.
          const accounted = new Set([...taken.map((l) => l.job.id), ...ended.map((j) => j.id)]);
          expect(accounted.size).toBe(taken.length + ended.length);
          if (!keepsAccepted) expect(accounted.size).toBeLessThan(accepted);
          else if (deaths.length === 0) expect(accounted.size).toBe(accepted);
          if (!ends) expect(ended).toEqual([]);
          expect(s.counters().failed).toBe(ended.length); // an ended job is a failure in its own metrics
          if (bounded) expect(taken.length).toBeLessThanOrEqual(CAPACITY);
          if (acceptsEveryOffer && deaths.length === 0) expect(accepted).toBe(answers.length);
          s.close();
        })(),
      );
    });

    it('close releases a worker waiting for work', async () => {
      const clock = new VirtualClock();
      const s = create(module, clock, []);
      await clock.run(
        (async () => {
          const waiting = takeNext(s);
          s.close();
          expect(await waiting).toBeUndefined();
        })(),
      );
    });
  });
}
