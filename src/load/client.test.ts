import { describe, expect, it } from 'vitest';
import { Ledger } from '../model/index.js';
import { AbortControllerPool, createRng, VirtualClock } from '../time/index.js';
import { RunDeadline, runRequest } from './client.js';
import { generate } from './generator.js';
import { retrySchema } from './retry-schema.js';
import { RetryPolicy } from './retry.js';
import type { ClientAnswer, Transport } from './transport.js';

/** Requests through a transport that answers 202 after 10 ms; `answers` is where the client counts what it heard. */
function run(answers: Map<string, number>, count = 3) {
  const clock = new VirtualClock();
  const ledger = new Ledger(
    count,
    new Uint8Array(count),
    Float64Array.from({ length: count }, (_, i) => i * 5),
  );
  const transport: Transport = {
    send: (_offer, _signal, onWritten) => {
      onWritten?.();
      return clock.sleep(10).then((): ClientAnswer => ({ kind: 'status', status: 202 }));
    },
    close: async () => undefined,
  };
  const deps = {
    clock,
    transport,
    retry: new RetryPolicy(retrySchema.parse({}), createRng(1)),
    ledger,
    timeoutMs: 1000,
    answers,
    deadline: new RunDeadline(new AbortController().signal),
    controllers: new AbortControllerPool(),
  };
  const offer = (i: number) => ({ index: i, id: ledger.ids.id(i), priority: 'normal', inputTokens: 10, maxTokens: 64 });
  return { ledger, stats: clock.run(generate(ledger.intendedAt, clock, (i, done) => runRequest(offer(i), deps, done))) };
}

describe('runRequest', () => {
  it('a throw of its own code after an answer that came later (a gameday bug) ends that request as a counted error; the rest go on', async () => {
    let heard = 0;
    const answers = new (class extends Map<string, number> {
      override set(key: string, n: number): this {
        if (heard++ === 1) throw new Error('bug');
        return super.set(key, n);
      }
    })();
    const { ledger, stats } = run(answers);
    expect(await stats).toMatchObject({ launched: 3, errors: 1 });
    expect(answers.get('202')).toBe(2);
    expect(ledger.live.accepted).toBe(3); // the answer was recorded before the bug
  });

  it('each request ends once, with no error, when nothing throws', async () => {
    const answers = new Map<string, number>();
    const { stats } = run(answers, 5);
    expect(await stats).toMatchObject({ launched: 5, errors: 0 });
    expect(answers.get('202')).toBe(5);
  });
});
