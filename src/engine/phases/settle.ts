import { recordDeadLetters, recordUnfinished } from '../queue/run-store.js';
import { stoppedEarly, type RunContext } from './context.js';
import { checkProbes } from '../watch/health-probes.js';

/**
 * The probes are checked once more and every command fault has ended; everything the run saw joins the ledger: the backend's last reports, the queue's dead letters
 * and, when the run stopped early, what a durable queue still holds (there, not lost) and the
 * requests the stop cut (not lost either).
 */
export async function settle(ctx: RunContext): Promise<void> {
  const { h, ledger, store } = ctx;
  // The run is over (drained, stopped or interrupted): your undos and rollbacks put things back.
  // After the disturbance and the drain, before anything is put back: the service as the game day left it.
  if (ctx.probes.length && !stoppedEarly(ctx)) ctx.probeChecks.push(...(await checkProbes(ctx.probes, 'after', h.clock, ctx.shell)));
  // A command fault still running is part of the run: its record joins the verdict.
  await ctx.commands.finished();
  await h.settle();
  if (store) recordDeadLetters(await store.deadLetters(), ledger, h.clock.now());
  if (stoppedEarly(ctx)) ledger.stopEarly();
  ctx.unfinished = stoppedEarly(ctx) ? await recordUnfinished(store, ledger, () => h.settle()) : undefined;
  // A call answered during the store's read (a joined worker's duplicate) joins the ledger now,
  // so the backend's tally and the ledger summarized next are read at one instant, no await between.
  if (store && !ctx.unfinished) await h.settle();
  ctx.watches!.crashFaults.finish(h.clock.now());
}
