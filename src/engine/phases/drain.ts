import { faultsOver } from '../../analysis/index.js';
import type { Harness } from '../harness/harness.js';
import type { RunContext } from './context.js';

const IDLE_POLL_MS = 25;

/**
 * The drain: the service works off what it holds until it is idle or the run's deadline. It does
 * not end while a fault is still to come or still going, nor while a killed service is still to
 * restart, whatever the store: a late kill is followed by its restart and recovery.
 */
export async function drain(ctx: RunContext): Promise<void> {
  const { s, h, opts } = ctx;
  const w = ctx.watches!;
  const drainMs = s.traffic.drain;
  // Stopped early (an abort, an experiment called off), no fault is still to come.
  const notBefore = () => (w.crashFaults.restarting() ? Infinity : ctx.stoppedAt !== undefined ? 0 : faultsOver(s));
  ctx.drained = await waitForDrain(h, () => Math.max(w.runEnd, w.crashFaults.holdUntil(drainMs)), notBefore, opts.signal);
  ctx.emit({ type: 'phase', name: ctx.drained === null ? 'drain-timeout' : 'drained', atMs: h.clock.now() });
  w.crashFaults.cancel();
  w.stopSampling();
  w.stopTicks();
}

/** Waits until the service is idle (nothing queued or in flight) or the deadline; returns when it went idle, or null. */
async function waitForDrain(h: Harness, deadline: () => number, notBefore: () => number, signal?: AbortSignal): Promise<number | null> {
  while (h.clock.now() < deadline() && !signal?.aborted) {
    if (h.clock.now() >= notBefore() && h.idle()) return h.clock.now();
    await h.clock.sleep(Math.min(IDLE_POLL_MS, deadline() - h.clock.now()));
  }
  return h.idle() ? h.clock.now() : null;
}
