import { commandFailure, notRunReason, type RunResult } from '../../model/index.js';
import { fmtInt, fmtMs, fmtPct, fmtTimes, fmtUsd } from './format.js';
import { noBackendCallWords, noRecoveryWords, stoppedWords, targetWords } from './truth-words.js';

/**
 * What a game day found, in sentences generated from the result alone (never from the scenario's
 * hopes): each one names a number the reader can check in the tables below it.
 */
export function findings(r: RunResult): string[] {
  const out: string[] = [];
  const t = r.totals;
  const b = r.lost_breakdown;
  if (r.abort) out.push(`The run was aborted at ${fmtMs(r.abort.at_ms)}: \`${r.abort.expr}\` held (${r.abort.detail}).`);
  const h = r.hypothesis;
  if (h) {
    const say = (w: (typeof h.windows)[number]) =>
      w.held
        ? `held ${w.name}`
        : `deviated ${w.name} (${w.checks
            .filter((c) => !c.held)
            .map((c) => c.detail)
            .join('; ')})`;
    const back = h.recovered_after_ms !== null ? `and held again ${fmtMs(h.recovered_after_ms)} after the disturbance ended` : `and ${noRecoveryWords(r)}`;
    const afterNotJudged = h.not_judged ? `; after was not judged (${h.not_judged})` : '';
    out.push(`The steady state ${h.windows.map(say).join(', ')}, ${back}${afterNotJudged}.`);
  }
  for (const p of h?.probes ?? []) if (p.when === 'after' && !p.held) out.push(`Probe ${p.name} failed after the disturbance: ${p.detail}.`);
  if (noBackendCallWords(r)) out.unshift(`${noBackendCallWords(r)}.`);
  if (h?.gate?.held === false) out.unshift(`Not run: ${notRunReason(h.gate)}.`);
  for (const c of r.commands ?? []) if (!c.ok) out.unshift(`${commandFailure(c)}.`);
  if (targetWords(r)) out.unshift(`${targetWords(r)}.`);
  const silent = b.never_reached_backend ?? b.accepted_never_finished;
  if (silent > 0) out.push(`The service answered 2xx to ${fmtInt(silent)} request(s) it never completed and never passed to the backend: silent drops.`);
  if ((b.backend_refused_every_call ?? 0) > 0)
    out.push(`${fmtInt(b.backend_refused_every_call!)} accepted request(s) reached the backend, failed on every call, and their callers were never told.`);
  const svc = r.service_reported;
  // Arrivals never sent because the traffic stopped are no loss of the service's.
  const lostBehindIt = t.lost - (b.not_due ?? 0);
  // Only counters the service reports say anything (your own service may report a few, or none).
  if (svc && lostBehindIt > 0 && svc.shed === 0 && svc.rejected === 0 && svc.failed === 0)
    out.push(`The service's own counters showed no refusal and no failure, yet ${fmtInt(lostBehindIt)} request(s) it was sent were lost.`);
  if (r.rates.retry_amplification >= 1.5)
    out.push(
      `Retry amplification ${fmtTimes(r.rates.retry_amplification)}: ${fmtInt(t.attempts)} attempts for ${fmtInt(r.generator.sent ?? t.scheduled)} requests sent.`,
    );
  for (const c of r.crashes) {
    if (c.stalled) out.push(`The ${stalledLine(c.at_ms, c.stalled)}.`);
    if (c.kind !== 'crash-service' || c.service_was_down) continue;
    if (c.restart_ms === null) out.push(`${noRestartLine(c)}.`);
    const u = c.unfinished_at_kill;
    if (c.process && u) {
      // Your own process: what it held is not visible, only what the ledger had accepted and not yet seen finish.
      const last = u.completed_by_ms == null ? '' : ` (the last ${fmtMs(u.completed_by_ms)} after the kill)`;
      out.push(
        `The kill of ${c.process.process} at ${fmtMs(c.at_ms)} caught ${fmtInt(u.requests)} accepted, unfinished request(s); ${fmtInt(u.completed)} completed later${last}, ${fmtInt(u.lost)} were lost${countersAge(c)}.`,
      );
      continue;
    }
    const fate = c.unfinished_at_kill ? `; of the ${fmtInt(c.unfinished_at_kill.requests)} it held, ${fmtInt(c.unfinished_at_kill.lost)} were lost` : '';
    out.push(
      `The crash at ${fmtMs(c.at_ms)} killed ${fmtInt(c.queued_at_kill)} queued and ${fmtInt(c.in_flight_at_kill)} in-flight job(s); ${fmtInt(c.recovered_after_restart)} came back after the restart${fate}${countersAge(c)}.`,
    );
  }
  if (t.shed > 0) out.push(`${fmtInt(t.shed)} request(s) (${fmtPct(r.rates.shed_rate)}) were shed with an explicit backpressure answer: refused, not lost.`);
  if ((r.backend_ids?.processed_although_refused ?? 0) > 0)
    out.push(`${fmtInt(r.backend_ids!.processed_although_refused)} request(s) were refused to their caller yet processed by the backend: wasted calls.`);
  const rec = r.recovery;
  if (rec && (rec.backend_429 > 0 || rec.backend_529 > 0))
    out.push(
      `The backend answered ${fmtInt(rec.backend_429)} × 429 and ${fmtInt(rec.backend_529)} × 529 over the run (${fmtUsd(r.tokens.estimated_cost_usd)} estimated).`,
    );
  if (stoppedWords(r)) out.push(`${stoppedWords(r)}.`);
  if (out.length === 0) out.push(t.lost === 0 ? 'Nothing was lost, and nothing unusual was measured.' : `${fmtInt(t.lost)} request(s) were lost.`);
  return out;
}

/** "; its counters as last read 8 ms before the kill" (what it counted after that died with it), or ''. */
function countersAge(c: RunResult['crashes'][number]): string {
  if (c.counters_age_ms === undefined) return '';
  return c.counters_age_ms === null ? '; its counters were never read' : `; its counters as last read ${fmtMs(c.counters_age_ms)} before the kill`;
}

/** Why a killed service was never started again, in every report that shows the crash. */
export function noRestartLine(c: RunResult['crashes'][number]): string {
  return `No restart followed the kill at ${fmtMs(c.at_ms)}: ${c.restart_error ?? 'the run ended first'}`;
}

/** A killed worker process's jobs: how many it held and when each came back (its leases expiring, then a stalled check). */
export function stalledLine(at: number, s: NonNullable<RunResult['crashes'][number]['stalled']>): string {
  const back = s.back_ms.map((b) => (b === null ? 'never' : fmtMs(b)));
  const shown = back.length > 8 ? [...back.slice(0, 8), `… (${back.length - 8} more)`] : back;
  return (
    `worker process killed at ${fmtMs(at)} held ${fmtInt(s.held)} job(s) (${fmtInt(s.answered_before_kill)} already answered by the backend, ${fmtInt(s.duplicated)} completed twice)` +
    (s.held ? `; back after ${shown.join(', ')}` : '')
  );
}
