import { maxOf } from '../../units/index.js';
import { type HypothesisReport, type RunResult } from '../../model/index.js';
import { fmtInt, fmtMs } from './format.js';

/**
 * Why the lost are lost, in the same words in every report. A job that reached Claude and failed
 * on every call is not a silent drop: the service tried and never told its caller, which is a
 * different bug with a different fix.
 */
function lostReasons(r: RunResult): [number, string][] {
  const b = r.lost_breakdown;
  if (!b) return [];
  const split = b.never_reached_backend !== undefined;
  const unseen = neverReachedWords(r);
  const accepted: [number, string][] = split
    ? [
        [b.never_reached_backend ?? 0, unseen],
        [b.backend_refused_every_call ?? 0, 'accepted (2xx), reached the backend and every call failed: the caller was never told'],
        [b.backend_call_unfinished ?? 0, 'accepted (2xx), a backend call still unfinished at the end'],
        [b.answered_not_delivered ?? 0, 'accepted (2xx), answered at the backend and never delivered by the service (answered_not_delivered)'],
        [b.backend_call_aborted ?? 0, 'accepted (2xx), its backend call closed by the caller before the answer was whole (aborted_by_caller)'],
      ]
    : [[b.accepted_never_finished, 'accepted (2xx) and never finished']];
  const parts: [number, string][] = [
    ...accepted,
    [b.connection_error, `connection error${b.connection_error === 1 ? '' : 's'}`],
    [b.timeout, 'client timeout'],
    [b.not_sent - (b.not_due ?? 0), 'never sent'],
    [b.not_due ?? 0, 'not yet due when the traffic stopped (abort or interrupt): not sent'],
  ];
  return parts.filter(([n]) => n > 0);
}

/** The likely causes of a service that accepted work and called the backend not once. */
const NO_CALL_CAUSES =
  'check that it calls the mock (its base URL, e.g. ANTHROPIC_BASE_URL), that it has an API key (the mock takes any), and that its workers run';

/** Your own service accepted work and made not one call to the backend (not even an invalid one). */
export function madeNoBackendCall(r: Pick<RunResult, 'strategy' | 'backend_calls' | 'totals'>): boolean {
  const calls = r.backend_calls;
  return r.strategy === 'external' && r.totals.lost + r.totals.completed > 0 && calls.total + (calls.invalid ?? 0) + (calls.count_tokens ?? 0) === 0;
}

/** "Your service made no backend call at all: check …", or '' (said first among the findings). */
export function noBackendCallWords(r: RunResult): string {
  return madeNoBackendCall(r) ? `Your service made no backend call at all: ${NO_CALL_CAUSES}` : '';
}

/**
 * The steady state as checked live where the disturbance starts, as each report's hypothesis
 * table shows it first: by outcome time over the trailing window, not by arrival. Undefined when
 * the hypothesis gated nothing.
 */
export function gateRow(h: HypothesisReport): { name: string; span: string; held: boolean | null; detail: string } | undefined {
  const g = h.gate;
  if (!g) return h.not_gated ? { name: 'gate', span: '', held: null, detail: `not gated: ${h.not_gated}` } : undefined;
  const checks = g.checks.map((c) => `${c.held ? '✓' : '✗'} ${c.detail}`).join(' · ');
  return {
    name: 'gate (live)',
    span: `${fmtMs(Math.max(0, g.at_ms - g.window_ms))} – ${fmtMs(g.at_ms)}`,
    held: g.held,
    detail: g.held ? checks : `${checks} → no fault ran, the traffic stopped`,
  };
}

/** The probes checked when the traffic ended, as rows of each report's hypothesis table (the ones before are in the gate's row). */
export function probeRows(h: HypothesisReport): { name: string; span: string; held: boolean; detail: string }[] {
  return (h.probes ?? [])
    .filter((p) => p.when === 'after')
    .map((p) => ({ name: `probe ${p.name}`, span: `at ${fmtMs(p.at_ms)}`, held: p.held, detail: p.detail }));
}

/** Why the steady state has no recovery to show: the abort, the experiment not run, or it never came back. */
export function noRecoveryWords(r: Pick<RunResult, 'abort' | 'hypothesis'>): string {
  if (r.hypothesis?.gate?.held === false) return 'the experiment was not run';
  return r.abort ? 'did not recover before the abort' : 'did not come back';
}

/** A warning on how your service was reached (its certificate not checked), or ''. */
export function targetWords(r: Pick<RunResult, 'target'>): string {
  if (r.target?.tls !== 'insecure') return '';
  return `The service's TLS certificate was not checked (service.tls.insecure): whoever answered at ${new URL(r.target.url).host} was taken for your service`;
}

/** What became of an accepted job no call for which reached the backend, as far as the run can tell. */
function neverReachedWords(r: RunResult): string {
  // With id-less calls at the backend, "never reached" cannot be told from "reached without its id".
  if ((r.backend_ids?.without_id ?? 0) > 0) return 'accepted (2xx), no call carrying its id reached the backend';
  // Your service made no call at all: it is not calling the mock, or its SDK refuses before sending.
  if (madeNoBackendCall(r)) return `accepted (2xx), and the service made no backend call at all: ${NO_CALL_CAUSES}`;
  // After an early stop, a drop cannot be told from a job still in a queue that went with its service.
  if (r.unfinished_at_stop) return 'accepted (2xx), never reached the backend: dropped, or still in a queue in memory when the run stopped early';
  return 'accepted (2xx), never reached the backend: silently dropped';
}

/** One line: "12 accepted (2xx), never reached the backend: silently dropped, 3 client timeout". */
export function lostWhy(r: RunResult): string {
  const anonymous = r.backend_ids?.without_id ?? 0;
  const parts = lostReasons(r);
  let why = parts.length ? parts.map(([n, what]) => `${fmtInt(n)} ${what}`).join('; ') : 'silently dropped';
  // Not every job that never reached the backend was dropped: some may still sit in the queue.
  // A service that died holds nothing: its last depth is what it lost, not what a longer drain would finish.
  const held = r.crashes.some((c) => c.kind === 'service-died') ? 0 : (r.service_reported?.depth ?? 0);
  if (held > 0 && (r.lost_breakdown?.never_reached_backend ?? r.lost_breakdown?.accepted_never_finished ?? 0) > 0) {
    why += ` (the service still held ${fmtInt(held)} in its queue when the run ended: a longer drain would tell)`;
  }
  // A batch request whose results nobody read back is unfinished to the ledger: say so, the batch itself had ended.
  const unread = unreadBatchRequests(r.backend_calls.batches);
  if (unread > 0 && (r.lost_breakdown?.backend_call_unfinished ?? 0) > 0)
    why += ` (${fmtInt(unread)} Message Batch request(s) were never read back: their results were never downloaded)`;
  // Answers nobody can attribute may be these very jobs, sent to Claude without their id.
  return anonymous > 0 ? `${why} (the service's calls reached the backend but ${fmtInt(anonymous)} carried no request id: forward the id you were sent)` : why;
}

/** Message Batch requests whose results nobody downloaded: counted at no end of their own. */
export function unreadBatchRequests(mb: RunResult['backend_calls']['batches']): number {
  return mb ? mb.requests - mb.succeeded - mb.errored - mb.canceled - mb.expired : 0;
}

/**
 * What `completed` counts on your own service, in one line for every report: delivered, when the
 * service reports its results (service.delivery), else answered at the backend. Nothing for
 * gameday's own service, whose workers deliver what the backend answers.
 */
export function completedMeans(r: Pick<RunResult, 'strategy' | 'delivery'>): string {
  if (r.strategy !== 'external') return '';
  const d = r.delivery;
  if (!d) return "completed = answered at the backend; the service's delivery is not observed (service.delivery: where your service reports results)";
  return d.signal === 'callback'
    ? `completed = delivered: what your service reported completed to ${d.endpoint}`
    : `completed = delivered: what your service's status route (${d.endpoint}) said was done`;
}

/** The service's counters compared with what its clients heard and the backend confirmed: only those its metrics map. */
const COMPARED = ['accepted', 'shed', 'rejected', 'received', 'processed', 'failed'] as const;

function comparedFields(r: RunResult): (typeof COMPARED)[number][] {
  return COMPARED.filter((k) => typeof r.service_reported?.[k] === 'number');
}

/**
 * Whether the service's own counters agree with the ledger: only said when there were counters,
 * at least one field was compared, and every compared field matched. A result without
 * `service_check` (older) is judged by its discrepancies, as it was then.
 */
export function serviceAgreement(r: RunResult): 'agree' | 'disagree' | 'not-visible' {
  if (!r.service_reported || comparedFields(r).length === 0) return 'not-visible';
  const differing = r.service_check ? r.service_check.differing.length : r.discrepancies.length;
  return differing === 0 && r.service_check?.compared !== false ? 'agree' : 'disagree';
}

/**
 * The agreement line, in the same words in every report, naming only the fields compared.
 * `received` may fall short of the attempts and still agree (a timeout or connection error may
 * never have reached the service): then it is said as within range, never as a match.
 */
export function serviceAgreementWords(r: RunResult): string {
  const fields = comparedFields(r);
  const received = r.service_reported?.received;
  const heard = fields.filter((k) => k !== 'processed' && k !== 'failed' && (k !== 'received' || received === r.totals.attempts));
  const work = fields.filter((k) => k === 'processed' || k === 'failed');
  const ranged =
    fields.includes('received') && received !== r.totals.attempts
      ? `; received ${fmtInt(received!)} of ${fmtInt(r.totals.attempts)} attempts, within what its clients heard (the rest got no answer: timeouts or connection errors it may never have seen)`
      : '';
  const client = heard.length
    ? `service counters (${heard.join(', ')}) match what its clients heard, attempt by attempt`
    : ranged && 'service counters agree with what its clients heard';
  const done = work.length ? `service counters (${work.join(', ')}) match what the backend confirmed and the failures reported per request` : '';
  return [client + ranged, done].filter(Boolean).join('; ');
}

/**
 * The generator's own shortfall, in the same words in every report. Arrivals not yet due when an
 * abort or interrupt stopped the traffic were never the generator's to send: they are said apart,
 * not counted as its shortfall. Lateness is said by its effect on the counts (older results,
 * judged by lag alone, by their late sends).
 */
export function generatorShortfall(r: Pick<RunResult, 'generator' | 'validity'>): { missed: number; notDue: number; words: string[] } {
  const g = r.generator;
  const notDue = g.not_due ?? 0;
  const missed = g.unsent - notDue;
  const words: string[] = [];
  if (missed > 0) words.push(`${fmtInt(missed)} unsent`);
  const late = lateWords(r);
  if (late) words.push(late);
  return { missed, notDue, words };
}

/** "at most 3 arrivals behind schedule: counts within ±6 by the bound, ±0 measured by replaying …; the run is valid", or '' when on time. */
export function lateWords(r: Pick<RunResult, 'generator' | 'validity'>): string {
  const v = r.validity;
  const d = v?.displacement;
  if (!d) return r.generator.late_sends > 0 ? `${fmtInt(r.generator.late_sends)} late sends` : '';
  if (d.arrivals === 0) return '';
  const replay =
    v.replay && 'on_time' in v.replay ? `, ±${fmtInt(v.replay.max_difference)} measured by replaying the run on time and as sent (the replay decides)` : '';
  const counts = `counts within ±${fmtInt(v.count_uncertainty ?? 0)} by the bound${replay}`;
  return `at most ${fmtInt(d.arrivals)} arrival${d.arrivals === 1 ? '' : 's'} behind schedule: ${counts}; the run is ${v.valid ? 'valid' : 'invalid'}`;
}

/**
 * What a run stopped early (an abort, an interrupt) left unended, in the same words in every
 * report: "Stopped early (aborted): 60 arrivals were never sent, the stop came first; 12 jobs are
 * still in queue file …/queue.db (9 ready, 3 leased): none of them is lost", or '' when it ran its course.
 */
export function stoppedWords(r: Pick<RunResult, 'totals' | 'unfinished_at_stop' | 'abort' | 'generator'> & Partial<Pick<RunResult, 'hypothesis'>>): string {
  // Older results counted the arrivals not yet due among the lost, and said them in the generator's section.
  const notSent = r.totals.not_sent ?? r.generator.not_due ?? 0;
  const held = r.totals.unfinished_at_stop ?? 0;
  const parts: string[] = [];
  if (notSent > 0) parts.push(`${fmtInt(notSent)} arrival${notSent === 1 ? ' was' : 's were'} never sent, the stop came first`);
  const u = r.unfinished_at_stop;
  const inFlight = u?.in_flight ?? 0;
  if (inFlight > 0) parts.push(`${fmtInt(inFlight)} request${inFlight === 1 ? ' was' : 's were'} still waiting for the service to answer`);
  const q = u?.queue;
  if (q)
    parts.push(
      `${fmtInt(q.ready + q.leased)} job${q.ready + q.leased === 1 ? ' is' : 's are'} still in ${q.where} (${fmtInt(q.ready)} ready, ${fmtInt(q.leased)} leased)`,
    );
  if (parts.length === 0) return '';
  const lost = r.totals.not_sent === undefined && held === 0 ? '' : `: ${parts.length > 1 ? 'none of them is' : 'not'} lost`;
  const why = r.abort ? 'aborted' : r.hypothesis?.gate?.held === false ? 'the steady state did not hold, so no fault ran' : 'interrupted';
  return `Stopped early (${why}): ${parts.join('; ')}${lost}`;
}

/** The stopped states as outcome-table rows, named as every report names them (none when the run ran its course). */
export function stoppedRows(t: RunResult['totals']): [string, number][] {
  const rows: [string, number][] = [
    ['not sent (stopped)', t.not_sent ?? 0],
    ['unfinished at stop', t.unfinished_at_stop ?? 0],
  ];
  return rows.filter(([, n]) => n > 0);
}

type Crash = RunResult['crashes'][number];

/** A crash row's name: the kind, the process killed, and what it had started outside its group (killed with it). */
export function crashLabel(k: Crash): string {
  if (!k.process) return k.kind;
  const outside = k.process.outside_group?.length ?? 0;
  return `${k.kind} ${k.process.process}${outside ? ` (+${outside} outside its group)` : ''}`;
}

/**
 * A crash row's recovered / restart / recovery cells, the same in every report. A field that
 * does not apply is "—", never 0 or "never": your own managed process holds no queue gameday can
 * count back; a killed worker process on a shared queue is not restarted, and its jobs come back
 * one by one as their leases expire (recovery: when the last of them was back).
 */
export function crashCells(k: Crash, down = 'was down'): { recovered: string; restart: string; recovery: string } {
  const recovered = k.process || k.stalled ? '—' : fmtInt(k.recovered_after_restart);
  if (k.stalled) {
    const back = k.stalled.back_ms;
    const recovery = back.length === 0 ? '—' : back.includes(null) ? 'never' : fmtMs(maxOf(back as number[]));
    return { recovered, restart: '—', recovery };
  }
  const restart = k.service_was_down ? down : k.restart_ms === null ? 'never' : fmtMs(k.restart_ms);
  const recovery = k.service_was_down ? down : k.time_to_recover_ms === null ? 'never' : fmtMs(k.time_to_recover_ms);
  return { recovered, restart, recovery };
}

export const NOT_VISIBLE = 'your own service (service.url): its counters are not visible; the ledger is what the mock saw';
