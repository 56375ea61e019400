import { maxOf } from '../../units/index.js';
import { type SweepPoint, type SweepResult } from '../../model/index.js';
import { escapeHtml as e } from '../text/escape.js';
import { fmtInt, fmtMs } from '../text/format.js';
import { pointNumber, showAxisValue } from './metrics.js';

const W = 560;
const H = 300;
const M = { left: 60, right: 16, top: 14, bottom: 44 };

/** Up to this many dots each carry their points' numbers; past it, only the frontier's and the answer's do (the rest would be unreadable). */
export const LABEL_EVERY_DOT_UP_TO = 40;

/**
 * Ticks from 0 to a round top just above `max`: the finest step of 1, 2, 2.5 or 5 × 10^k that
 * needs at most seven intervals, so the axis ends near the data (1,300 completed tops at 1,400).
 */
export function axisTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const mag = 10 ** Math.floor(Math.log10(max / 7));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => Math.ceil(max / st) <= 7) ?? 10 * mag;
  const intervals = Math.ceil(max / step);
  return Array.from({ length: intervals + 1 }, (_, k) => Number((k * step).toPrecision(12)));
}

/** "0", "500 ms", "10 s", "2.5 s": a tick needs no more digits than it has. */
function tickMs(v: number): string {
  return v === 0 ? '0' : v < 1000 ? `${v} ms` : `${Number((v / 1000).toPrecision(6))} s`;
}

/**
 * Every point as a dot (x p99, y completed), the frontier's joined by a line (best to the top
 * left), the search's answer ringed. A point that passes its gates is a filled dot, one that
 * fails a red ring: a printed or pasted picture still says which. Each dot is labelled with its
 * points' numbers (the # of the table of every point), so the picture names them without a
 * hover. Points with the same completions, p99 and pass share one dot.
 */
export function paretoChart(s: SweepResult): string {
  if (s.points.length === 0) return '<p class="muted">No points ran.</p>';
  const xTicks = axisTicks(maxOf(s.points.map((p) => p.latency_ms.p99)));
  const yTicks = axisTicks(maxOf(s.points.map((p) => p.totals.completed)));
  const [xMax, yMax] = [xTicks.at(-1)!, yTicks.at(-1)!];
  const x = (v: number) => M.left + (v / xMax) * (W - M.left - M.right);
  const y = (v: number) => M.top + (H - M.top - M.bottom) * (1 - v / yMax);
  const at = (p: SweepPoint) => `${x(p.latency_ms.p99).toFixed(1)},${y(p.totals.completed).toFixed(1)}`;
  const label = (p: SweepPoint) => s.axes.map((a, k) => `${a.path}=${showAxisValue(p.values[k])}`).join(', ');
  const groups = new Map<string, SweepPoint[]>();
  // Appended in place: copying the group for each point is quadratic when many points share a dot.
  for (const p of s.points) {
    const key = `${at(p)} ${p.pass}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const found = s.search?.found;
  const judged = s.gates.length > 0;
  const labelAll = groups.size <= LABEL_EVERY_DOT_UP_TO;
  const labels: { x: number; y: number; text: string }[] = [];
  const dots = [...groups.values()].map((points) => {
    const [cx, cy] = at(points[0]).split(',');
    const front = points.some((p) => s.frontier.includes(p.index));
    const fail = judged && !points[0].pass;
    const verdict = judged ? (fail ? ' · fails a gate' : ' · passes every gate') : '';
    const tip = `${points.map((p) => `#${pointNumber(p)} ${label(p)}`).join('; ')}: ${fmtInt(points[0].totals.completed)} completed, p99 ${fmtMs(points[0].latency_ms.p99)}${verdict}`;
    const named = labelAll || front || points.some((p) => p.index === found);
    if (named) labels.push({ x: Number(cx), y: Number(cy), text: numbers(points) });
    return `<circle class="${front ? 'front' : 'dot'}${fail ? ' fail' : ''}" cx="${cx}" cy="${cy}" r="${fail ? 5 : 4}" data-point="${points.map((p) => p.index).join(' ')}" data-pass="${points[0].pass}"><title>${e(tip)}</title></circle>`;
  });
  const answer = found === null || found === undefined ? undefined : s.points.find((p) => p.index === found);
  const ring = answer ? ringAt(at(answer), `the search's answer: ${label(answer)}`) : '';
  const byIndex = new Map(s.points.map((p) => [p.index, p]));
  const line = s.frontier.map((i, k) => `${k ? 'L' : 'M'}${at(byIndex.get(i)!)}`).join(' ');
  const grid = [
    ...xTicks.map(
      (v) =>
        `<line x1="${x(v).toFixed(1)}" y1="${M.top}" x2="${x(v).toFixed(1)}" y2="${H - M.bottom}" stroke="#eef2f6"/><text x="${x(v).toFixed(1)}" y="${H - M.bottom + 14}" text-anchor="middle" font-size="10">${tickMs(v)}</text>`,
    ),
    ...yTicks.map(
      (v) =>
        `<line x1="${M.left}" y1="${y(v).toFixed(1)}" x2="${W - M.right}" y2="${y(v).toFixed(1)}" stroke="#eef2f6"/><text x="${M.left - 6}" y="${(y(v) + 3).toFixed(1)}" text-anchor="end" font-size="10">${fmtInt(v)}</text>`,
    ),
  ];
  return [
    `<svg class="chart pareto" viewBox="0 0 ${W} ${H}" role="img" aria-label="Pareto frontier: completed against p99 latency" data-chart="pareto">`,
    ...grid,
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="11" fill="#64748b">p99 latency (lower is better) →</text>`,
    `<text x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" font-size="11" fill="#64748b" transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">completed (higher is better) →</text>`,
    `<path d="${line}" fill="none" stroke="var(--completed)" stroke-width="1.5"/>`,
    ...dots,
    ...placeLabels(
      labels,
      [...groups.values()].map((points) => at(points[0]).split(',').map(Number) as [number, number]),
    ),
    ring,
    '</svg>',
    `<p class="note" data-legend>${[
      judged
        ? '<span class="legend-dot other"></span> no ring: passes every gate · <span class="legend-dot fail"></span> red ring: fails a gate'
        : 'no gates: no point is judged',
      '<span class="legend-dot front"></span> green: on the frontier (★ in the table: no other point completes at least as many with a p99 at least as low, and does better on one) · <span class="legend-dot other"></span> grey: every other point',
      ...(answer ? ['◯ the search’s answer'] : []),
      labelAll
        ? 'numbers: each dot’s points, the # of the table of every point (one dot for points with the same completions, p99 and pass)'
        : 'numbers: the frontier’s points and the answer, the # of the table of every point (the others: hover a dot)',
    ].join(' · ')}</p>`,
  ].join('\n');
}

/** A dot's label: its points' numbers, the first three and how many more ("3, 7, 9 +2"). */
function numbers(points: SweepPoint[]): string {
  const shown = points.slice(0, 3).map((p) => `${pointNumber(p)}`);
  return `${shown.join(', ')}${points.length > 3 ? ` +${points.length - 3}` : ''}`;
}

/**
 * Each dot's label beside it, at the first of a few spots (right above, right below, left above,
 * …) that covers no dot and no label already placed and stays inside the chart: close dots keep
 * readable numbers. A label with no free spot takes the first.
 */
function placeLabels(wanted: { x: number; y: number; text: string }[], dots: [number, number][]): string[] {
  const spots: [number, number, 'start' | 'end'][] = [
    [7, -6, 'start'],
    [7, 13, 'start'],
    [-7, -6, 'end'],
    [-7, 13, 'end'],
    [7, -17, 'start'],
    [-7, -17, 'end'],
    [7, 24, 'start'],
    [-7, 24, 'end'],
  ];
  const placed = dots.map(([x, y]) => ({ x0: x - 6, x1: x + 6, y0: y - 6, y1: y + 6 }));
  return wanted.map(({ x, y, text }) => {
    const width = text.length * 5.8; // font-size 10: about 5.8 px a character
    const boxes = spots.map(([dx, dy, anchor]) => {
      const x0 = anchor === 'start' ? x + dx : x + dx - width;
      return { x0, x1: x0 + width, y0: y + dy - 9, y1: y + dy + 2, dx, dy, anchor };
    });
    const free = (b: (typeof boxes)[number]) =>
      b.x0 >= 0 && b.x1 <= W && b.y0 >= 0 && b.y1 <= H && !placed.some((q) => b.x0 < q.x1 && q.x0 < b.x1 && b.y0 < q.y1 && q.y0 < b.y1);
    const box = boxes.find(free) ?? boxes[0];
    placed.push(box);
    return `<text x="${(x + box.dx).toFixed(1)}" y="${(y + box.dy).toFixed(1)}" text-anchor="${box.anchor}" font-size="10" fill="#334155" data-label>${e(text)}</text>`;
  });
}

/** The search's answer: a ring around its dot at "x,y". */
function ringAt(xy: string, title: string): string {
  const [cx, cy] = xy.split(',');
  return `<circle cx="${cx}" cy="${cy}" r="8" fill="none" stroke="var(--fg)" stroke-width="1.5" data-answer><title>${e(title)}</title></circle>`;
}
