import type { Displacement } from '../model/index.js';
import { round } from './percentiles.js';

/**
 * How far the arrivals that really left fell behind the arrivals the plan intended, counted in
 * arrivals: D = sup over t of (intended by t − grace) − (sent by t). An arrival never sent stays
 * displaced to the end. Outcome counts of a queue move by at most 2·D when its arrival curve
 * moves by D in the sup norm (decision 17), so D, not the lag in milliseconds, is what a late
 * generator can do to a count.
 *
 * `graceMs`: an arrival sent within this of its time counts as on time. Node's timers have a
 * 1 ms resolution, so a plan cannot be kept more closely than that by anyone.
 *
 * `intendedAt` is sorted (the plan's order); only its first `count` entries are judged (the rest
 * were not yet due when an abort or an interrupt stopped the traffic).
 */
export function displacement(intendedAt: Float64Array, sentAt: Float64Array, count: number, graceMs: number, trafficEndMs: number): Displacement {
  const sent = sortedSends(sentAt, count);
  let d = 0;
  let at = 0;
  let behindAtEnd: number | null = null;
  sweep(intendedAt, sent, count, graceMs, (t, behind, before) => {
    if (behindAtEnd === null && t > trafficEndMs) behindAtEnd = before;
    if (behind > d) [d, at] = [behind, t];
  });
  const window = d > 0 ? displacedWindow(intendedAt, sent, count, graceMs, d, at) : null;
  return {
    arrivals: d,
    at_ms: round(at, 1),
    window_ms: window && [round(window[0], 1), round(window[1], 1)],
    behind_at_traffic_end: Math.max(0, behindAtEnd ?? 0),
    grace_ms: graceMs,
    lag_ms: window ? round(windowLag(intendedAt, sentAt, count, window), 1) : 0,
  };
}

/** The latest any arrival due or sent within the window left (ms); one never sent is late until the window's end. */
function windowLag(intendedAt: Float64Array, sentAt: Float64Array, count: number, [from, to]: [number, number]): number {
  let most = 0;
  for (let i = 0; i < count && intendedAt[i] <= to; i++) {
    const sent = sentAt[i];
    if (intendedAt[i] < from && (sent < from || sent > to)) continue;
    most = Math.max(most, (sent < 0 ? to : sent) - intendedAt[i]);
  }
  return most;
}

/**
 * Walks the two curves in time order, calling `visit` at each instant something was due or sent
 * with how many were behind after it and before it. Everything due or sent at one instant is
 * counted before the curve is read: a send exactly at its due time is on time.
 */
function sweep(intendedAt: Float64Array, sent: Float64Array, count: number, graceMs: number, visit: (t: number, behind: number, before: number) => void): void {
  let behind = 0;
  let i = 0; // next intended arrival (due at intendedAt[i] + grace)
  let j = 0; // next send
  while (i < count || j < sent.length) {
    const t = Math.min(i < count ? intendedAt[i] + graceMs : Infinity, j < sent.length ? sent[j] : Infinity);
    const before = behind;
    for (; i < count && intendedAt[i] + graceMs === t; i++) behind++;
    for (; j < sent.length && sent[j] === t; j++) behind--;
    visit(t, behind, before);
  }
}

/** The first `count` send times, those that happened (>= 0), ascending. */
function sortedSends(sentAt: Float64Array, count: number): Float64Array {
  const out = new Float64Array(count);
  let n = 0;
  for (let k = 0; k < count; k++) if (sentAt[k] >= 0) out[n++] = sentAt[k];
  return sortedAscending(out.subarray(0, n));
}

/** `values` sorted ascending, in place; looked at first, as a simulation's sends (and lags) come in order already. */
export function sortedAscending(values: Float64Array): Float64Array {
  for (let k = 1; k < values.length; k++) if (values[k] < values[k - 1]) return values.sort();
  return values;
}

/**
 * The span around the worst moment during which the generator was at least half as far behind:
 * what a reader can line up with the machine's other work ("at 12–14 s").
 */
function displacedWindow(intendedAt: Float64Array, sent: Float64Array, count: number, graceMs: number, d: number, peakAt: number): [number, number] {
  const half = Math.max(1, Math.ceil(d / 2));
  let start: number | null = null;
  let found: [number, number] | null = null;
  sweep(intendedAt, sent, count, graceMs, (t, behind) => {
    if (found) return;
    if (behind >= half && start === null) start = t;
    else if (behind < half && start !== null) {
      if (start <= peakAt && t >= peakAt) found = [start, t];
      start = null;
    }
  });
  // Still behind at the end (arrivals never sent): the span runs to the last send.
  return found ?? [start ?? peakAt, Math.max(peakAt, sent.length ? sent[sent.length - 1] : peakAt)];
}
