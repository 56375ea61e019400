import type { BackendStats } from '../backend/index.js';
import { faultModule } from '../fault/index.js';
import { Answer, type CrashReport, type Ledger, type RecoveryReport } from '../model/index.js';
import { maxOf, minOf } from '../units/index.js';
import { phaseSegments, type Scenario } from '../scenario/index.js';
import { LatencyHistogram } from './percentiles.js';

/** Latency counts as recovered within this factor of the pre-disturbance median. */
export const RECOVERED_FACTOR = 1.5;
/** ...and never closer than this (ms), so a 20 ms baseline is not held to 30 ms of noise. */
const RECOVERED_SLACK_MS = 50;

type Window = RecoveryReport['window'];

/**
 * The disturbance recovery is measured from. The spike is the span where the offered rate is at
 * its peak (for 10 → 100 → ramp to 0, the 100 phase), counted only if the rate varies at all;
 * faults count from their start to their end (a crash until its restart). With neither, the
 * whole traffic window.
 */
export function disturbanceWindow(s: Scenario): Window {
  const spike = peakSpan(s);
  const faults = s.faults.map((f) => faultModule(f).window(f));
  const spans = [...(spike ? [spike] : []), ...faults];
  if (spans.length === 0) return { start_ms: 0, end_ms: trafficEnd(s), cause: 'traffic' };
  const cause = spike && faults.length ? 'spike+faults' : spike ? 'spike' : 'faults';
  return { start_ms: minOf(spans.map((x) => x[0])), end_ms: maxOf(spans.map((x) => x[1])), cause };
}

/** When the last fault is over (0 without faults): a run does not end before it. */
export function faultsOver(s: Scenario): number {
  return maxOf(
    s.faults.map((f) => faultModule(f).window(f)[1]),
    0,
  );
}

function trafficEnd(s: Scenario): number {
  return phaseSegments(s.traffic).reduce((end, seg) => Math.max(end, seg.start + seg.ms), 0);
}

/** [first, last] moment the offered rate is at its peak; undefined for a flat rate. Bursts are instants. */
function peakSpan(s: Scenario): [number, number] | undefined {
  // The phases as the plan normalises them: a ramp without `rate` starts where the previous phase ended.
  const points = phaseSegments(s.traffic).flatMap((seg) =>
    seg.burst > 0
      ? [{ at: seg.start, rate: Infinity }]
      : [
          { at: seg.start, rate: seg.r0 },
          { at: seg.start + seg.ms, rate: seg.r1 },
        ],
  );
  const peak = maxOf(points.map((x) => x.rate));
  if (points.every((x) => x.rate === peak)) return undefined;
  const at = points.filter((x) => x.rate === peak).map((x) => x.at);
  return [minOf(at), maxOf(at)];
}

/**
 * When the queue emptied after the disturbance, if work emptied it; null if loss did. A service
 * that died took its queue with it; a kill that lost queued requests leaves an empty queue no
 * worker drained, unless something completed between the disturbance's end and the empty queue
 * (a backlog built after the restart, then drained); after an abort the traffic had stopped.
 */
export function drainedAt(s: Scenario, ledger: Ledger, crashes: readonly CrashReport[], queueEmptyAt: number | null, abortAtMs?: number): number | null {
  if (queueEmptyAt === null || crashes.some((c) => c.kind === 'service-died')) return null;
  if (abortAtMs !== undefined && queueEmptyAt >= abortAtMs) return null;
  const wiped = crashes.some((c) => c.kind === 'crash-service' && c.queued_at_kill > c.recovered_after_restart);
  if (!wiped) return queueEmptyAt;
  const end = disturbanceWindow(s).end_ms;
  for (let i = 0; i < ledger.count; i++) if (ledger.completedAt[i] >= end && ledger.completedAt[i] <= queueEmptyAt) return queueEmptyAt;
  return null;
}

/** Recovery figures from the ledger after the run, plus when the queue first emptied after the window. */
export function recoveryReport(s: Scenario, ledger: Ledger, backend: BackendStats, queueEmptyAt: number | null, depthVisible = true): RecoveryReport {
  const window = disturbanceWindow(s);
  const baseline = medianLatency(ledger, (at) => at < window.start_ms);
  return {
    window,
    drain_ms: queueEmptyAt === null ? null : Math.round(Math.max(0, queueEmptyAt - window.end_ms)),
    ...(depthVisible ? {} : { drain_visible: false }),
    baseline_p50_ms: baseline === null ? null : Math.round(baseline),
    latency_recovered_ms:
      baseline === null ? null : latencyRecovered(ledger, window.end_ms, Math.max(baseline * RECOVERED_FACTOR, baseline + RECOVERED_SLACK_MS)),
    queue_wait_ms: queueWait(ledger),
    backend_429: backend.byStatus['429'] ?? 0,
    backend_529: backend.byStatus['529'] ?? 0,
  };
}

function completionLatencies(ledger: Ledger, scheduled: (at: number) => boolean): { at: number; ms: number }[] {
  const out: { at: number; ms: number }[] = [];
  for (let i = 0; i < ledger.count; i++) {
    const at = ledger.intendedAt[i];
    if (ledger.completions[i] > 0 && scheduled(at)) out.push({ at, ms: ledger.completedAt[i] - at });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function medianLatency(ledger: Ledger, scheduled: (at: number) => boolean): number | null {
  const xs = completionLatencies(ledger, scheduled).map((x) => x.ms);
  return xs.length ? median(xs) : null;
}

/** Enough samples for a stable median: with fewer, one slow call can look like a relapse. */
const MIN_SAMPLES = 20;

/**
 * Requests scheduled after `end`, grouped by the second they were scheduled in. Each second is
 * judged by the median of its samples and the following seconds' until at least MIN_SAMPLES are
 * in; the answer is the first second from which every later judgement is within `limit`. Null if
 * the last judgement is still above it.
 */
function latencyRecovered(ledger: Ledger, end: number, limit: number): number | null {
  const bySecond = new Map<number, number[]>();
  for (const x of completionLatencies(ledger, (at) => at >= end)) {
    const k = Math.floor((x.at - end) / 1000);
    const list = bySecond.get(k);
    if (list) list.push(x.ms);
    else bySecond.set(k, [x.ms]);
  }
  const seconds = [...bySecond.keys()].sort((a, b) => a - b);
  let recovered: number | null = null;
  seconds.forEach((k, i) => {
    const sample: number[] = [];
    // Copied one by one: a second at a high rate holds more latencies than fit as arguments of push.
    for (let j = i; j < seconds.length && sample.length < MIN_SAMPLES; j++) for (const ms of bySecond.get(seconds[j])!) sample.push(ms);
    if (median(sample) > limit) recovered = null;
    else if (recovered === null) recovered = k * 1000;
  });
  return recovered;
}

/** The accepting answer's time to the first backend call (never negative: in live mode the worker may call before the 202 arrives). */
function queueWait(ledger: Ledger) {
  const h = new LatencyHistogram();
  for (let i = 0; i < ledger.count; i++) {
    if (ledger.firstCallAt[i] < 0 || ledger.lastAnswer[i] !== Answer.accepted) continue;
    h.record(Math.max(0, ledger.firstCallAt[i] - ledger.answeredAt[i]));
  }
  return h.summary();
}
