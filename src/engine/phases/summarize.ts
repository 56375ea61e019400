import { ConfigError, SIM_ENGINE, type RunResult } from '../../model/index.js';
import { deliveryDiscrepancies, requestRows, summarize as summarizeLedger } from '../../analysis/index.js';
import { GAMEDAY_VERSION } from '../version.js';
import { misrouteWords } from '../watch/misroute.js';
import { stoppedEarly, type RunContext } from './context.js';

/**
 * The reconciled result, from the ledger and what the run observed, read at one instant after
 * settle. Your service refusing gameday's requests measured nothing: that is bad input, said as such.
 */
export function summarize(ctx: RunContext): RunResult {
  const { s, mode, plan, ledger, h, store } = ctx;
  const result = summarizeLedger({
    scenario: s,
    mode,
    plan,
    ledger,
    generator: ctx.generator!,
    depth: ctx.depth,
    answers: ctx.answers,
    crashes: [...ctx.crashes, ...h.deaths].sort((a, b) => a.at_ms - b.at_ms),
    backend: h.backendStats(),
    service: h.counters(),
    sharedQueue: store?.kind === 'redis',
    drainMs:
      ctx.drained === null || ctx.drained === undefined
        ? null
        : Math.max(0, ctx.drained - (ctx.aborted?.at_ms ?? (ctx.steadyGate?.held === false ? ctx.stoppedAt : undefined) ?? plan.trafficMs)),
    runMs: h.clock.now(),
    queueEmptyAt: ctx.watches!.queueEmpty.at(),
    faultsFired: ctx.fired,
    observed: ctx.observed,
    abort: ctx.aborted,
    steadyGate: ctx.steadyGate,
    probes: ctx.probeChecks,
    trafficCutAt: stoppedEarly(ctx) ? ctx.generator!.cutAt : undefined,
    wall: { started_at: '', elapsed_ms: 0, gameday_version: GAMEDAY_VERSION },
  });
  if (mode === 'sim') result.sim_engine = SIM_ENGINE;
  if (ctx.unfinished) result.unfinished_at_stop = ctx.unfinished;
  if (ctx.opts.requests) result.requests = requestRows(ledger);
  if (ctx.commands.records.length) result.commands = [...ctx.commands.records];
  Object.assign(result, h.extras?.());
  // Your service's deliveries are heard outside the ledger's facts: what did not add up joins the rest.
  result.discrepancies.push(...deliveryDiscrepancies(result.delivery));
  const wrong = ctx.misrouted ?? (s.service.url === undefined ? undefined : misrouteWords(ctx.answers, 1));
  if (wrong) throw new ConfigError(`${s.source}: service.url ${s.service.url} ${wrong}; nothing was measured`, 'GD_ERR_SERVICE');
  return result;
}
