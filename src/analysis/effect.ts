import { figureAt, mapFigures, OUTCOMES, type GateResult, type RunReplay, type RunResult, type RunValidity } from '../model/index.js';
import type { MetricSource } from '../gate/index.js';
import { ABANDON_AFTER_MS } from '../load/index.js';

export interface Tolerance {
  /** An arrival sent within this of its intended time counts as on time (ms). */
  late: number;
  /** With no gates, a run is valid while its count uncertainty is at most this share of scheduled. */
  uncertainty: number;
}

/** Evaluates the run's gates (expressions and baseline rules alike) on any set of figures, in the run's order. */
export type GateJudge = (figures: MetricSource) => GateResult[];

/** What a run's validity is decided from: how far behind the generator fell, and the replay, if any (a decided validity may be decided again). */
export type ValidityFacts = Omit<RunValidity, 'valid' | 'reasons' | 'could_flip'> & Partial<RunValidity>;

/** What deciding validity reads: the generator, the validity facts, the run's figures and gates, where it ran. */
type Judged = Pick<RunResult, 'generator' | 'totals'> & { validity: ValidityFacts } & Partial<Omit<MetricSource, 'validity'>> &
  Partial<Pick<RunResult, 'wall' | 'mode'>>;

/**
 * Decides by effect. A run is invalid when the generator left arrivals unsent or never caught
 * up, or when its lateness could have changed what the run concludes: a gate that could flip
 * within the uncertainty (each gate evaluated at both ends of it), or, with no gates, counts that
 * could move by more than `tol.uncertainty` of scheduled. The uncertainty is the measured replay
 * difference where there is a replay (gameday's own strategies), the 2·D bound where not.
 */
export function decideValidity(r: Judged, tol: Tolerance, judge: GateJudge = () => []): RunValidity {
  const facts = r.validity;
  const d = facts.displacement;
  const reasons = shortfallReasons(r.generator);
  const base: RunValidity = { ...facts, valid: true, reasons: [] };
  delete base.could_flip;
  if (!d || d.arrivals === 0) return reasons.length ? { ...base, valid: false, reasons } : base;
  const replay = facts.replay && 'on_time' in facts.replay ? facts.replay : undefined;
  const gates = r.gates ?? [];
  // Gates are only ever evaluated on a whole result, so one that has them is one.
  const box = gates.length ? uncertaintyBox(r as unknown as MetricSource, facts, replay) : undefined;
  const [up, down] = box ? [judge(box.up), judge(box.down)] : [[], []];
  const couldFlip = box ? flips(gates, up, down) : [];
  // A gate that fails at both ends of the uncertainty fails whatever the lateness did: the run
  // concludes FAIL either way, and another gate that could flip cannot change that.
  const failsAnyway = gates.some((g, k) => !g.pass && up[k]?.pass === false && down[k]?.pass === false);
  const measured = replay ? replay.max_difference : (facts.count_uncertainty ?? 0);
  const allowed = tol.uncertainty * r.totals.scheduled;
  const cause = causeWords(r, d);
  if (farBehind(r.generator)) {
    const atEnd = d.behind_at_traffic_end > 0 ? `, still ${fmt(d.behind_at_traffic_end)} behind when the traffic was due to end` : '';
    reasons.push(
      `${cause}; over 1% of its arrivals left more than ${FAR_BEHIND_MS / 1000} s late (send lag p99 ${(r.generator.lag_ms!.p99 / 1000).toFixed(1)} s)${atEnd}: it offered another load than the scenario's`,
    );
  } else if (couldFlip.length && !failsAnyway) reasons.push(`${cause}; within its effect ${couldFlip.join('; ')}`);
  else if (!gates.length && measured > allowed) {
    const share = r.totals.scheduled ? ((100 * measured) / r.totals.scheduled).toFixed(1) : '100';
    reasons.push(
      `${cause}; the counts could be off by up to ${fmt(measured)} request(s) (${share}% of scheduled; traffic.tolerance.uncertainty allows ${(tol.uncertainty * 100).toFixed(1)}%)`,
    );
  }
  return { ...base, valid: reasons.length === 0, reasons, ...(gates.length ? { could_flip: couldFlip } : {}) };
}

/** "the generator fell up to 765 ms (42 arrivals) behind at 12.0–14.1 s, while the machine's load average was 2.1 at the start and 9.5 at the end (2 CPUs)". */
function causeWords(r: Judged, d: NonNullable<RunValidity['displacement']>): string {
  const lag = d.lag_ms ?? r.generator.max_lag_ms;
  const when = d.window_ms ? ` at ${(d.window_ms[0] / 1000).toFixed(1)}–${(d.window_ms[1] / 1000).toFixed(1)} s` : '';
  // The machine's load explains a live generator's lateness; in virtual time lateness is injected.
  const m = r.mode === 'live' ? r.wall?.machine : undefined;
  const load = m
    ? `, while the machine's load average was ${m.load_average.start.toFixed(1)} at the start and ${m.load_average.end.toFixed(1)} at the end (${m.cpus.end} CPUs)`
    : '';
  const lagWords = lag >= 1000 ? `${(lag / 1000).toFixed(1)} s` : `${Math.round(lag)} ms`;
  return `the generator fell up to ${lagWords} (${fmt(d.arrivals)} arrival${d.arrivals === 1 ? '' : 's'}) behind${when}${load}`;
}

/**
 * Seconds late for more than 1% of the arrivals: whatever the counts, the load offered was another
 * than the scenario's (its rate reshaped over seconds), and the service ran beside a generator
 * that starved the machine, which no replay models.
 */
function farBehind(g: RunResult['generator']): boolean {
  return (g.lag_ms?.p99 ?? 0) >= FAR_BEHIND_MS;
}

/** Each gate whose pass or fail differs at either end of the uncertainty, with what it would read there. */
function flips(live: GateResult[], up: GateResult[], down: GateResult[]): string[] {
  const out: string[] = [];
  live.forEach((g, k) => {
    const other = [up[k], down[k]].find((x) => x && x.pass !== g.pass);
    if (other) out.push(`\`${g.expr}\` could ${g.pass ? 'fail' : 'pass'} (${other.detail})`);
  });
  return out;
}

/** A send lag p99 this long: more than 1% of the arrivals left seconds late. */
export const FAR_BEHIND_MS = 1000;

/** Reasons that make a run invalid whatever its gates: arrivals never sent or given up, requests the generator broke. */
export function shortfallReasons(g: RunResult['generator']): string[] {
  const reasons: string[] = [];
  const abandoned = g.abandoned ?? 0;
  const missed = g.unsent - (g.not_due ?? 0);
  if (abandoned > 0) {
    reasons.push(`${fmt(abandoned)} arrival(s) were given up, more than ${ABANDON_AFTER_MS / 1000} s behind schedule (the generator could not keep up)`);
  }
  if (missed - abandoned > 0)
    reasons.push(`${fmt(missed - abandoned)} arrival(s) were never sent (due, but no connection or no chance to write them before the run ended)`);
  if ((g.errors ?? 0) > 0) reasons.push(`${fmt(g.errors!)} request(s) failed inside the generator (a gameday bug)`);
  return reasons;
}

const fmt = (n: number) => n.toLocaleString('en-US');

const COUNT_FIELDS = new Set<string>([...OUTCOMES, 'attempts', 'duplicates']);
const RATE_FIELDS = new Set(['drop_rate', 'shed_rate', 'reject_rate', 'fail_rate', 'completion_rate']);

/**
 * The run's figures moved to both ends of the uncertainty: `up` adds it to every figure, `down`
 * takes it away (never below 0). With a replay, each figure moves by what the replay measured it
 * to move; without one, counts move by 2·D, rates by 2·D / scheduled, latencies by the lag.
 */
function uncertaintyBox(r: MetricSource, facts: ValidityFacts, replay?: RunReplay): { up: MetricSource; down: MetricSource } {
  const u = facts.count_uncertainty ?? 0;
  const lag = facts.displacement?.lag_ms ?? 0;
  const scheduled = Math.max(1, r.totals.scheduled);
  const bound = (path: string[]): number => {
    const [section, , field = path[1]] = path;
    if ((section === 'totals' || section === 'by_priority') && COUNT_FIELDS.has(field)) return u;
    if (section === 'rates' && RATE_FIELDS.has(field)) return u / scheduled;
    if (section === 'latency_ms' || section === 'admission_latency_ms') return field === 'count' ? u : lag;
    if (section === 'queue' && field === 'max_depth') return u;
    return 0;
  };
  const measured = (path: string[]): number => {
    const a = figureAt(replay!.as_sent, path);
    const b = figureAt(replay!.on_time, path);
    return typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) : 0;
  };
  const delta = replay ? measured : bound;
  // Never below 0: no count, rate or latency is negative.
  return { up: mapFigures(r, (path, n) => n + delta(path)), down: mapFigures(r, (path, n) => Math.max(0, n - delta(path))) };
}
