import { Answer, type Ledger, type TimelinePoint } from '../model/index.js';
import { samplePercentiles } from './percentiles.js';

/** Max queue depth per second, sampled while the run goes. */
export class DepthSeries {
  readonly perSecond: number[] = [];
  max = 0;
  /** Whether any depth was ever read: your own service without service.metrics shows none. */
  visible = false;

  sample(at: number, depth: number): void {
    this.visible = true;
    const s = Math.floor(at / 1000);
    while (this.perSecond.length <= s) this.perSecond.push(0);
    this.perSecond[s] = Math.max(this.perSecond[s], depth);
    this.max = Math.max(this.max, depth);
  }
}

/**
 * Per-second series derived from the ledger after the run: offered and lost by the second the
 * request was due, accepted/shed/rejected by the second of the client's last answer, completed
 * and failed by when they happened, depth from the sampler.
 */
export function buildTimeline(ledger: Ledger, depth: DepthSeries, endMs: number): TimelinePoint[] {
  const seconds = Math.max(1, Math.ceil(endMs / 1000), depth.perSecond.length);
  const points: TimelinePoint[] = Array.from({ length: seconds }, (_, t) => ({
    t,
    offered: 0,
    accepted: 0,
    completed: 0,
    shed: 0,
    rejected: 0,
    failed: 0,
    lost: 0,
    depth: depth.visible ? (depth.perSecond[t] ?? 0) : null,
    p50_ms: null,
    p99_ms: null,
  }));
  // Completion latencies by the second they completed in (index t), for that second's percentiles.
  const latencies: number[][] = [];
  const bucket = (ms: number) => points[Math.min(seconds - 1, Math.max(0, Math.floor(ms / 1000)))];
  for (let i = 0; i < ledger.count; i++) {
    bucket(ledger.intendedAt[i]).offered++;
    const outcome = ledger.outcome(i);
    if (outcome === 'lost') bucket(ledger.intendedAt[i]).lost++;
    if (ledger.answeredAt[i] >= 0) countAnswer(bucket(ledger.answeredAt[i]), ledger.lastAnswer[i]);
    if (outcome === 'failed') bucket(ledger.failedAt[i]).failed++;
    if (outcome === 'completed') {
      const p = bucket(ledger.completedAt[i]);
      p.completed++;
      (latencies[p.t] ??= []).push(ledger.completedAt[i] - ledger.intendedAt[i]);
    }
  }
  latencies.forEach((sample, t) => {
    const s = samplePercentiles(sample);
    points[t].p50_ms = s.p50;
    points[t].p99_ms = s.p99;
  });
  return points;
}

function countAnswer(p: TimelinePoint, a: number): void {
  if (a === Answer.accepted) p.accepted++;
  else if (a === Answer.shed) p.shed++;
  else if (a === Answer.rejected) p.rejected++;
}
