import { AbortControllerPool, deriveRng, PRIORITIES, type Ledger } from '../model/index.js';
import { ABANDON_AFTER_MS, generate, RetryPolicy, RunDeadline, runRequest, type GeneratorStats } from '../load/index.js';
import type { Plan, Scenario } from '../scenario/index.js';
import type { Harness } from './harness.js';

/** Live: launches in one go before the generator yields to the run's timers. */
const LAUNCH_BATCH = 256;

/**
 * Offers the plan's arrivals open-loop, each through its client (retries, timeout), and counts
 * what the generator did. With `sendTimes` (a replay) each arrival leaves then instead.
 */
export async function offerLoad(
  s: Scenario,
  plan: Plan,
  ledger: Ledger,
  h: Harness,
  progress: { launched: number },
  answers: Map<string, number>,
  stop: { run: AbortSignal; traffic: AbortSignal; stoppedAt: () => number | undefined },
  mode: 'live' | 'sim',
  sendTimes?: Float64Array,
): Promise<GeneratorStats> {
  const retry = new RetryPolicy(s.client.retry, deriveRng(s.seed, 'client-retry'));
  const deps = {
    clock: h.clock,
    transport: h.transport,
    retry,
    ledger,
    timeoutMs: s.client.timeout,
    answers,
    deadline: new RunDeadline(stop.run),
    controllers: new AbortControllerPool(),
  };
  // A replay's arrivals leave when the live run's did, in that order; those never sent stay unsent.
  const order = sendTimes ? sendOrder(sendTimes) : undefined;
  const at = order ? Float64Array.from(order, (i) => sendTimes![i]) : plan.at;
  return generate(
    at,
    h.clock,
    (k) => {
      const i = order ? order[k] : k;
      progress.launched++;
      return runRequest(
        { index: i, id: ledger.ids.id(i), priority: PRIORITIES[plan.priority[i]], inputTokens: plan.inputTokens[i], maxTokens: s.traffic.maxTokens },
        deps,
      );
    },
    // Launching stops at the run's end (or an interrupt), not only once every arrival is out.
    mode === 'live'
      ? { stop: stop.traffic, stoppedAt: stop.stoppedAt, yieldEvery: LAUNCH_BATCH, abandonAfterMs: ABANDON_AFTER_MS }
      : { stop: stop.traffic, stoppedAt: stop.stoppedAt },
  );
}

/** Plan indices of the arrivals that were sent, by send time (ties in plan order). */
function sendOrder(sendTimes: Float64Array): Uint32Array {
  const sent: number[] = [];
  for (let i = 0; i < sendTimes.length; i++) if (sendTimes[i] >= 0) sent.push(i);
  return Uint32Array.from(sent.sort((a, b) => sendTimes[a] - sendTimes[b] || a - b));
}
