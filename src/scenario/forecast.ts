import { logNormalMean } from '../time/index.js';
import { minOf } from '../units/index.js';
import { faultModule, type RateLimitsOverride } from '../fault/index.js';
import type { Scenario } from './load.js';
import { phaseArrivals, phaseSegments } from './plan.js';

/** One limit on how fast requests can be served, in requests per second. */
export interface CapacityPart {
  name: string;
  rps: number;
  /** How it was computed, e.g. "2 workers ÷ 122ms mean backend latency". */
  why: string;
}

export interface PhaseForecast {
  startMs: number;
  ms: number;
  burst: number;
  rateFrom: number;
  rateTo: number;
  /** Expected arrivals (exact for uniform arrivals). */
  arrivals: number;
  /** Arrivals that find the queue full in this phase, by the fluid model. */
  overflow: number;
}

export interface Forecast {
  phases: PhaseForecast[];
  capacity: CapacityPart[];
  /** The smallest capacity part: what the service sustains. */
  capacityRps: number;
  queueSlots: number;
  /** When the queue first fills (ms from the start), if it does. */
  queueFullAtMs?: number;
  /** Requests beyond what the service can serve or hold: arrivals that find the queue full. */
  overflow: number;
  /** Queue depth when the last phase ends, and what of it the drain window cannot serve. */
  backlogAtEnd: number;
  unservedAfterDrain: number;
}

/** Mean backend time per call: latency, or time to first token plus the answer's tokens when streamed. */
export function meanCallMs(s: Scenario): number {
  const b = s.backend;
  if (!b.stream) return logNormalMean(b.latency.p50, b.latency.p99);
  const tokens = Math.min(logNormalMean(b.outputTokens.p50, b.outputTokens.p99), s.traffic.maxTokens);
  return logNormalMean(b.stream.ttft.p50, b.stream.ttft.p99) + tokens * b.stream.perToken;
}

/** Every limit on service throughput the scenario sets; the smallest one is the capacity. */
export function capacityParts(s: Scenario): CapacityPart[] {
  const callS = meanCallMs(s) / 1000;
  const mean = `${Math.round(callS * 1000)}ms mean backend latency`;
  const parts: CapacityPart[] = [];
  if (s.service.url === undefined) {
    parts.push({ name: 'workers', rps: s.service.workers / callS, why: `${s.service.workers} workers ÷ ${mean}` });
    const e = s.service.egress;
    if (e.kind === 'fixed' && e.concurrency !== undefined)
      parts.push({ name: 'egress concurrency', rps: e.concurrency / callS, why: `${e.concurrency} calls at once ÷ ${mean}` });
    if (e.kind === 'token-bucket' && e.rate !== undefined) parts.push({ name: 'egress token bucket', rps: e.rate, why: `${e.rate} calls/s` });
    if (e.kind !== 'fixed' && e.kind !== 'token-bucket' && e.max !== undefined)
      parts.push({ name: `egress ${e.kind} max`, rps: e.max / callS, why: `${e.max} calls at once ÷ ${mean}` });
  }
  const b = s.backend;
  if (b.capacity !== undefined && b.congestion) {
    // Latency grows with calls in progress past the knee: throughput n / latency(n) peaks at the
    // knee or at capacity (where latency is factor ×), whichever serves more.
    const { knee, factor } = b.congestion;
    const atKnee = knee >= b.capacity / factor;
    const rps = Math.max(knee, b.capacity / factor) / callS;
    parts.push({
      name: 'backend capacity',
      rps,
      why: atKnee ? `${knee} calls in progress (its congestion knee) ÷ ${mean}` : `${b.capacity} calls in progress ÷ ${mean} × ${factor} (congested)`,
    });
  } else if (b.capacity !== undefined) parts.push({ name: 'backend capacity', rps: b.capacity / callS, why: `${b.capacity} calls in progress ÷ ${mean}` });
  return [...parts, ...rateLimitParts(s, b.rateLimits ?? {})];
}

/** The request rates per-minute limits allow, by the scenario's mean request and answer sizes. */
function rateLimitParts(s: Scenario, r: RateLimitsOverride): CapacityPart[] {
  const b = s.backend;
  const parts: CapacityPart[] = [];
  if (r.rpm !== undefined) parts.push({ name: 'backend rpm', rps: r.rpm / 60, why: `${r.rpm} requests per minute` });
  if (r.itpm !== undefined) {
    const input = logNormalMean(s.traffic.inputTokens.p50, s.traffic.inputTokens.p99);
    parts.push({ name: 'backend itpm', rps: r.itpm / 60 / input, why: `${r.itpm} input tokens per minute ÷ ${Math.round(input)} mean input tokens` });
  }
  if (r.otpm !== undefined) {
    const output = Math.min(logNormalMean(b.outputTokens.p50, b.outputTokens.p99), s.traffic.maxTokens);
    parts.push({ name: 'backend otpm', rps: r.otpm / 60 / output, why: `${r.otpm} output tokens per minute ÷ ${Math.round(output)} mean output tokens` });
  }
  return parts;
}

const STEPS_PER_PHASE = 400;

/**
 * A fluid model of the run: arrivals flow in at the planned rate, the service drains at its
 * capacity (none during a backend outage, slower under a latency fault), the queue holds
 * `service.capacity`, and what would go past it overflows. It leaves out retries, timeouts and
 * randomness, so it is a first estimate of when and how much, not a result.
 */
export function forecast(s: Scenario): Forecast {
  const capacity = capacityParts(s);
  const capacityRps = minOf(capacity.map((p) => p.rps));
  const slots = s.service.url === undefined ? s.service.capacity : Infinity;
  const arrivals = phaseArrivals(s.traffic);
  let queue = 0;
  let queueFullAtMs: number | undefined;
  const admit = (n: number, atMs: number): number => {
    queue += n;
    if (queue <= slots) return 0;
    queueFullAtMs ??= atMs;
    const over = queue - slots;
    queue = slots;
    return over;
  };
  const serviceRateAt = serviceRate(s, capacityRps);
  const phases = phaseSegments(s.traffic).map((seg, i): PhaseForecast => {
    let overflow = admit(seg.burst, seg.start);
    const dt = seg.ms / STEPS_PER_PHASE;
    for (let k = 0; k < STEPS_PER_PHASE && dt > 0; k++) {
      const t = seg.start + (k + 0.5) * dt;
      const rate = seg.r0 + ((seg.r1 - seg.r0) * (k + 0.5)) / STEPS_PER_PHASE;
      overflow += admit((rate * dt) / 1000, t);
      queue = Math.max(0, queue - (serviceRateAt(t) * dt) / 1000);
    }
    return { startMs: seg.start, ms: seg.ms, burst: seg.burst, rateFrom: seg.r0, rateTo: seg.r1, arrivals: arrivals[i], overflow };
  });
  const overflow = phases.reduce((n, p) => n + p.overflow, 0);
  const unservedAfterDrain = Math.max(0, queue - (capacityRps * s.traffic.drain) / 1000);
  return { phases, capacity, capacityRps, queueSlots: slots, queueFullAtMs, overflow, backlogAtEnd: queue, unservedAfterDrain };
}

/** What one fault does to the service rate while its window is open, read from its module once. */
interface RateEffect {
  start: number;
  end: number;
  /** The fraction of capacity left at a moment (a slowdown's changes as it ramps). */
  left?: (t: number) => number;
  /** The rate a tier change holds the service to (Infinity when it sets no limits). */
  cap: number;
}

function rateEffects(s: Scenario): RateEffect[] {
  const callMs = meanCallMs(s);
  return s.faults.map((f): RateEffect => {
    const m = faultModule(f);
    const [start, end] = m.window(f);
    const effect = m.backend;
    const limits = effect?.rateLimits?.(f);
    // A tier change replaces the scenario's limits of the kinds it sets: the service is held to what they allow.
    const cap = limits ? minOf(rateLimitParts(s, { ...s.backend.rateLimits, ...limits }).map((p) => p.rps)) : Infinity;
    // Each effect's share of capacity (see BackendEffect): a factor, an added delay's mean, a drop, and what the module adds.
    const shares: ((t: number) => number)[] = [];
    const { slowdown, delay, drop } = effect ?? {};
    if (slowdown) shares.push((t) => 1 / slowdown(f, t));
    if (delay)
      shares.push((t) => {
        const { min, max } = delay(f, t);
        return callMs / (callMs + (min + max) / 2);
      });
    if (drop?.(f)) shares.push(() => 0);
    if (m.capacityLeft) shares.push((t) => m.capacityLeft!(f, t));
    const left = shares.length === 0 ? undefined : (t: number) => shares.reduce((k, share) => k * share(t), 1);
    return { start, end, cap, left };
  });
}

/**
 * The service rate at moment t: capacity, held down by every fault open at t. The steps of the
 * fluid model ask in time order, so the faults are swept once (by start, dropped at their end)
 * and each step looks only at the ones open then: a scenario at the limits (1,000 phases × 400
 * steps × 1,000 faults) no longer asks every fault at every step. Asked earlier than before, the
 * sweep starts over.
 */
function serviceRate(s: Scenario, capacityRps: number): (t: number) => number {
  const effects = rateEffects(s).sort((a, b) => a.start - b.start);
  let next = 0;
  let open: RateEffect[] = [];
  let last = -Infinity;
  return (t) => {
    if (t < last) [next, open] = [0, []];
    last = t;
    while (next < effects.length && effects[next].start <= t) open.push(effects[next++]);
    let rate = capacityRps;
    let kept = 0;
    for (const e of open) {
      if (t >= e.end) continue; // over: compacted out in place
      open[kept++] = e;
      if (e.left) rate = Math.min(rate, capacityRps * e.left(t));
      rate = Math.min(rate, e.cap);
    }
    open.length = kept;
    return rate;
  };
}
