import { ConfigError, PRIORITIES } from '../model/index.js';
import { LIMITS } from '../units/index.js';
import { deriveRng, logNormalDraws, pickWeighted, type Rng } from '../time/index.js';
import type { TrafficConfig } from './schema.js';

/**
 * The offered load planned as data before the run: request i is due at `at[i]` ms with
 * `priority[i]` (an index into PRIORITIES) and `inputTokens[i]`. Typed arrays keep a one-hour
 * plan of 360k requests to a few megabytes.
 */
export interface Plan {
  count: number;
  at: Float64Array;
  priority: Uint8Array;
  inputTokens: Uint32Array;
  /** When the last phase ends (ms). */
  trafficMs: number;
  /** The mean target rate over the traffic window (req/s). */
  targetRps: number;
}

/** A phase after normalisation: rate goes linearly from r0 to r1 over [start, start + ms). */
export interface Segment {
  start: number;
  ms: number;
  r0: number;
  r1: number;
  burst: number;
}

export function buildPlan(traffic: TrafficConfig, seed: number): Plan {
  const segments = toSegments(traffic);
  // Counted before any array is built: the plan must never be the thing that runs out of memory.
  const planned = Math.ceil(segments.reduce((n, s) => n + segmentArrivals(s), 0));
  if (!(planned <= LIMITS.arrivals)) throw planTooBig(planned);
  const trafficMs = segments.reduce((end, s) => Math.max(end, s.start + s.ms), 0);
  const at = arrivalTimes(segments, traffic.arrival, deriveRng(seed, 'arrivals'), planned);
  const count = at.length;
  const plan: Plan = {
    count,
    at,
    priority: new Uint8Array(count),
    inputTokens: new Uint32Array(count),
    trafficMs,
    targetRps: trafficMs > 0 ? (count / trafficMs) * 1000 : count,
  };
  fillRequestMix(plan, traffic, seed);
  return plan;
}

/** Arrivals a phase is expected to bring (exact for uniform arrivals up to rounding; the mean for poisson). */
function segmentArrivals(s: Segment): number {
  return s.burst + ((s.r0 + s.r1) / 2) * (s.ms / 1000);
}

/** Each phase's expected arrivals, in order, computed from the phases alone (no plan is built). */
export function phaseArrivals(traffic: Pick<TrafficConfig, 'phases'>): number[] {
  return toSegments(traffic).map(segmentArrivals);
}

/** Each phase's start, length and rates (a ramp without `rate` starts where the previous phase ended). */
export function phaseSegments(traffic: Pick<TrafficConfig, 'phases'>): readonly Readonly<Segment>[] {
  return toSegments(traffic);
}

export function planTooBig(planned: number): ConfigError {
  return new ConfigError(
    `traffic.phases: the phases plan ${showCount(planned)} arrivals; the limit is ${LIMITS.arrivals.toLocaleString('en')} (shorten a phase or lower its rate)`,
    'GD_ERR_PLAN_SIZE',
  );
}

const showCount = (n: number) => (n < 1e15 ? Math.ceil(n).toLocaleString('en') : n.toExponential(2));

function toSegments(traffic: Pick<TrafficConfig, 'phases'>): Segment[] {
  const out: Segment[] = [];
  let t = 0;
  let lastRate = 0;
  for (const p of traffic.phases) {
    if (p.burst !== undefined) {
      out.push({ start: t, ms: 0, r0: 0, r1: 0, burst: p.burst });
      continue;
    }
    const r0 = p.rate ?? lastRate;
    const r1 = p.rampTo ?? r0;
    out.push({ start: t, ms: p.duration!, r0, r1, burst: 0 });
    t += p.duration!;
    lastRate = r1;
  }
  return out;
}

/**
 * Arrivals where the expected cumulative count N(t) crosses successive marks: every integer for
 * uniform spacing, or marks separated by Exp(1) gaps for a (non-homogeneous) Poisson process.
 * Within a ramp N(t) = r0·t + (r1 − r0)·t²/(2T), inverted with the quadratic formula.
 */
function arrivalTimes(segments: Segment[], arrival: 'uniform' | 'poisson', rng: Rng, expected: number): Float64Array {
  // Written straight into a typed array sized for the expected count (a poisson plan's count
  // varies a little around it: the array doubles if it must). A JS array copied into one after
  // was tens of milliseconds of a one-hour simulation's start.
  let times = new Float64Array(Math.ceil(expected * 1.01) + 64);
  let n = 0;
  const add = (t: number) => {
    if (n === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[n++] = t;
  };
  let mark = 0; // the next crossing, in expected-count units carried across phases
  let base = 0; // expected count at the start of the current segment
  const nextGap = () => (arrival === 'poisson' ? -Math.log(1 - rng.next()) : 1);
  if (arrival === 'poisson') mark = nextGap();
  for (const s of segments) {
    for (let i = 0; i < s.burst; i++) add(s.start);
    const total = ((s.r0 + s.r1) / 2) * (s.ms / 1000);
    while (mark < base + total) {
      add(s.start + invertRamp(mark - base, s) * 1000);
      mark += nextGap();
    }
    base += total;
  }
  return times.subarray(0, n);
}

/** Seconds into the segment at which its expected count reaches n. */
function invertRamp(n: number, s: Segment): number {
  const T = s.ms / 1000;
  const a = (s.r1 - s.r0) / (2 * T);
  if (Math.abs(a) < 1e-12) return n / s.r0;
  const disc = s.r0 * s.r0 + 4 * a * n;
  return (-s.r0 + Math.sqrt(Math.max(0, disc))) / (2 * a);
}

function fillRequestMix(plan: Plan, traffic: TrafficConfig, seed: number): void {
  const weights = PRIORITIES.map((p) => traffic.priorities[p] ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const prio = deriveRng(seed, 'priorities');
  const size = logNormalDraws(deriveRng(seed, 'input-tokens'), traffic.inputTokens.p50, traffic.inputTokens.p99);
  for (let i = 0; i < plan.count; i++) {
    plan.priority[i] = pickWeighted(prio, weights, total);
    plan.inputTokens[i] = Math.max(1, Math.round(size()));
  }
}
