import { describe, expect, it } from 'vitest';
import type { BackendClient } from '../backend/index.js';
import { VirtualClock } from '../time/index.js';
import { scenario } from '../../test/helpers/scenario.js';
import { ServiceCore, serviceConfig } from './index.js';

/** A backend that answers after 100 ms on the clock (or is cut by the signal), counting the calls it was asked. */
function countingBackend(clock: VirtualClock): BackendClient & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    releasesSignal: true,
    call(_req, signal, reply) {
      calls.push(clock.now());
      const cancel = clock.setTimer(100, () => reply(undefined, { ok: true, inputTokens: 1, outputTokens: 1 }));
      signal?.addEventListener('abort', () => (cancel(), reply(signal.reason)), { once: true });
    },
  };
}

const JOB = (i: number) => ({ id: `gd-0000000a-${i}`, priority: 2, inputTokens: 10, maxTokens: 64, admittedAt: 0 });

describe('ServiceCore on callbacks', () => {
  it('a crash with calls in flight and more waiting at a capped egress starts no call after it', async () => {
    const clock = new VirtualClock();
    const backend = countingBackend(clock);
    const s = scenario({
      name: 'crash',
      traffic: { phases: [{ duration: '1s', rate: 1 }] },
      service: { strategy: 'reject-429', capacity: 20, workers: 8, egress: { kind: 'fixed', concurrency: 2 } },
    });
    const core = new ServiceCore(serviceConfig(s), { clock, backend });
    core.start();
    for (let i = 0; i < 8; i++) core.submit(JOB(i));
    // 2 calls in flight, 6 workers waiting for the egress: the crash releases the 2, and none of the 6 may call.
    expect(backend.calls).toEqual([0, 0]);
    await clock.run(
      (async () => {
        await clock.sleep(50);
        expect(core.crash()).toEqual({ queued: 0, inFlight: 8 });
        await clock.sleep(1000);
      })(),
    );
    expect(backend.calls).toEqual([0, 0]);
    await core.stop();
  });
});
