import { fmtMs } from '../../units/index.js';

/** Number and text formatting shared by every reporter, so all formats print the same figures. */

/** An integer with thousands separators: 12345 → "12,345". */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A ratio as a percentage: 0.0812 → "8.12%". */
export function fmtPct(ratio: number, digits = 2): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** `part` as a share of `whole`, guarding against an empty run. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

// A duration in ms, scaled to the unit an SRE expects: one definition, in model, shared with the gates.
export { fmtMs };

/** A rate in requests per second, one decimal. */
export function fmtRps(rps: number): string {
  return Number.isFinite(rps) ? `${rps.toFixed(1)}/s` : '—';
}

/** A multiplier such as retry amplification: 1.237 → "1.24×". */
export function fmtTimes(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '—';
}

export function fmtUsd(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

/** A measured gate value, without float noise: 0.08000000001 → "0.08"; null → "n/a". */
export function fmtValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

/** A gate's measured value in its unit ("8.16 s"), as the gate said it; a plain number from older results. */
export function fmtMeasured(g: { value: number | null; measured?: string }): string {
  return g.measured ?? fmtValue(g.value);
}

/** Drain time: null means the queue never emptied within the drain window. */
export function fmtDrain(ms: number | null): string {
  return ms === null ? 'did not drain' : fmtMs(ms);
}

/** Said wherever a queue figure of your own service cannot be seen: never a made-up 0. */
export const NOT_VISIBLE_QUEUE = 'not visible';

/** "max depth 12 · drain 1.2s", or not visible for your own service without service.metrics. */
export function fmtQueue(q: { max_depth: number | null; drain_ms: number | null; depth_visible?: boolean }): { depth: string; drain: string } {
  if (q.depth_visible === false || q.max_depth === null) return { depth: NOT_VISIBLE_QUEUE, drain: NOT_VISIBLE_QUEUE };
  return { depth: fmtInt(q.max_depth), drain: fmtDrain(q.drain_ms) };
}

/** Entries of a count record, largest first, ties by key (stable output for tests and diffs). */
export function sortedCounts(rec: Record<string, number>): [string, number][] {
  return Object.entries(rec).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
