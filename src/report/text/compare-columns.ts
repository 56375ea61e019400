import { maxOf, minOf } from '../../units/index.js';
import { verdictHead, verdictOf, type RunResult } from '../../model/index.js';
import { fmtInt, fmtMs, fmtPct, fmtQueue, fmtTimes } from './format.js';

/** Which way is better for a column; 'none' is shown but never ranked (tokens). */
export type Better = 'lower' | 'higher' | 'none';

export interface CompareColumn {
  key: string;
  header: string;
  better: Better;
  /** The value ranked (NaN: shown, never ranked); a run that never drained ranks as infinitely slow. */
  value: (r: RunResult) => number;
  format: (r: RunResult) => string;
}

const count = (key: 'completed' | 'shed' | 'rejected' | 'failed' | 'lost'): CompareColumn => ({
  key,
  header: key,
  // Shedding and rejecting are not ranked: "none shed" is best only if nothing was lost instead,
  // and a star on drop's shed 0 would reward the silent failure this tool exists to expose.
  better: key === 'completed' ? 'higher' : key === 'shed' || key === 'rejected' ? 'none' : 'lower',
  value: (r) => r.totals[key],
  format: (r) => fmtInt(r.totals[key]),
});

/**
 * A service that died, or that a crash left down (never restarted), holds nothing at the end: its
 * "drain 0 ms" is a wiped queue, not a fast one, and its depth stopped growing when it died. Such
 * a run is shown but never crowned best in those columns.
 */
function serviceGone(r: RunResult): boolean {
  return r.crashes.some((c) => c.kind === 'service-died' || (c.kind === 'crash-service' && c.restart_ms === null));
}

/** The columns of every side-by-side comparison (terminal, Markdown, HTML), in order. */
export const COMPARE_COLUMNS: CompareColumn[] = [
  count('completed'),
  count('shed'),
  count('rejected'),
  count('failed'),
  count('lost'),
  { key: 'drop_rate', header: 'drop rate', better: 'lower', value: (r) => r.rates.drop_rate, format: (r) => fmtPct(r.rates.drop_rate) },
  // Each strategy's own verdict beside its outcomes: which of them passed, failed, or concluded nothing.
  { key: 'verdict', header: 'verdict', better: 'none', value: () => Number.NaN, format: (r) => verdictHead(verdictOf(r)) },
  { key: 'p50', header: 'p50', better: 'lower', value: (r) => r.latency_ms.p50, format: (r) => fmtMs(r.latency_ms.p50) },
  { key: 'p99', header: 'p99', better: 'lower', value: (r) => r.latency_ms.p99, format: (r) => fmtMs(r.latency_ms.p99) },
  {
    key: 'max_depth',
    header: 'max depth',
    better: 'lower',
    value: (r) => (serviceGone(r) ? Number.NaN : (r.queue.max_depth ?? Number.NaN)),
    format: (r) => fmtQueue(r.queue).depth,
  },
  {
    key: 'drain',
    header: 'drain',
    better: 'lower',
    value: (r) => (r.queue.depth_visible === false || serviceGone(r) ? Number.NaN : (r.queue.drain_ms ?? Number.POSITIVE_INFINITY)),
    format: (r) => fmtQueue(r.queue).drain,
  },
  {
    key: 'retry_amplification',
    header: 'retry amp',
    better: 'lower',
    value: (r) => r.rates.retry_amplification,
    format: (r) => fmtTimes(r.rates.retry_amplification),
  },
  {
    key: 'tokens',
    header: 'tokens',
    better: 'none',
    value: (r) => r.tokens.input + r.tokens.output,
    format: (r) => fmtInt(r.tokens.input + r.tokens.output),
  },
];

/**
 * For each result, whether its value is the best in the column. Ties are all best; a column where
 * every value is equal marks nothing (there is no winner to point at). A NaN value is not ranked,
 * and fewer than two ranked values mark nothing.
 */
export function bestMask(col: CompareColumn, results: RunResult[]): boolean[] {
  if (col.better === 'none' || results.length < 2) return results.map(() => false);
  const values = results.map(col.value);
  const ranked = values.filter((v) => !Number.isNaN(v));
  if (ranked.length < 2 || ranked.every((v) => v === ranked[0])) return values.map(() => false);
  const best = col.better === 'lower' ? minOf(ranked) : maxOf(ranked);
  return values.map((v) => v === best);
}
