import { AbortControllerPool, deriveRng } from '../../time/index.js';
import { PRIORITIES } from '../../model/index.js';
import { ABANDON_AFTER_MS, generate, RetryPolicy, RunDeadline, runRequest, type GeneratorStats } from '../../load/index.js';
import { stoppedEarly, type RunContext } from './context.js';

/** Live: launches in one go before the generator yields to the run's timers. */
const LAUNCH_BATCH = 256;

/**
 * The traffic: the plan's arrivals offered open-loop until every one is out, the run's deadline
 * or a stop. Arrivals an abort or an interrupt kept from being due are marked not sent, never
 * lost. (A generator still launching at the run's natural end has none: every arrival was due by then.)
 */
export async function offer(ctx: RunContext): Promise<void> {
  const { h, ledger, mode } = ctx;
  const elu = mode === 'live' ? performance.eventLoopUtilization() : undefined;
  const stats = await offerArrivals(ctx);
  if (stats.cutAt !== undefined && stoppedEarly(ctx)) ledger.stopTraffic(stats.cutAt);
  ctx.generator = {
    ...stats,
    eventLoopUtilization: elu ? performance.eventLoopUtilization(elu).utilization : null,
    connections: h.transport.connections ?? null,
  };
  ctx.emit({ type: 'phase', name: 'traffic-done', atMs: h.clock.now() });
  // An empty queue does not end the run while a fault is still to come or still going.
  ctx.watches!.stopAbortWatch();
}

/**
 * Offers the plan's arrivals, each through its client (retries, timeout), and counts what the
 * generator did. With `opts.sendTimes` (a replay) each arrival leaves then instead.
 */
function offerArrivals(ctx: RunContext): Promise<GeneratorStats> {
  const { s, plan, ledger, h, mode, watches: w } = ctx;
  const sendTimes = ctx.opts.sendTimes;
  const run = w!.deadline.signal;
  const traffic = AbortSignal.any([run, w!.trafficStop.signal]);
  const retry = new RetryPolicy(s.client.retry, deriveRng(s.seed, 'client-retry'));
  const deps = {
    clock: h.clock,
    transport: h.transport,
    retry,
    ledger,
    timeoutMs: s.client.timeout,
    answers: ctx.answers,
    deadline: new RunDeadline(run),
    controllers: new AbortControllerPool(),
  };
  // A replay's arrivals leave when the live run's did, in that order; those never sent stay unsent.
  const order = sendTimes ? sendOrder(sendTimes) : undefined;
  const at = order ? Float64Array.from(order, (i) => sendTimes![i]) : plan.at;
  const stoppedAt = () => ctx.stoppedAt;
  return generate(
    at,
    h.clock,
    (k, done) => {
      const i = order ? order[k] : k;
      ctx.progress.launched++;
      runRequest(
        { index: i, id: ledger.ids.id(i), priority: PRIORITIES[plan.priority[i]], inputTokens: plan.inputTokens[i], maxTokens: s.traffic.maxTokens },
        deps,
        done,
      );
    },
    // Launching stops at the run's end (or an interrupt), not only once every arrival is out.
    mode === 'live' ? { stop: traffic, stoppedAt, yieldEvery: LAUNCH_BATCH, abandonAfterMs: ABANDON_AFTER_MS } : { stop: traffic, stoppedAt },
  );
}

/** Plan indices of the arrivals that were sent, by send time (ties in plan order). */
function sendOrder(sendTimes: Float64Array): Uint32Array {
  const sent: number[] = [];
  for (let i = 0; i < sendTimes.length; i++) if (sendTimes[i] >= 0) sent.push(i);
  return Uint32Array.from(sent.sort((a, b) => sendTimes[a] - sendTimes[b] || a - b));
}
