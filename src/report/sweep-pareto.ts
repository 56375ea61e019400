import { maxOf, type SweepPoint, type SweepResult } from '../model/index.js';
import { escapeHtml as e } from './escape.js';
import { fmtInt, fmtMs } from './format.js';
import { showAxisValue } from './sweep-metrics.js';

const W = 560;
const H = 300;
const M = { left: 60, right: 16, top: 14, bottom: 44 };

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
 * left), the search's answer ringed. Points with the same completions and p99 share one dot,
 * labelled with how many it stands for; hovering a dot names its points.
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
    const group = groups.get(at(p));
    if (group) group.push(p);
    else groups.set(at(p), [p]);
  }
  const dots = [...groups].map(([xy, points]) => {
    const [cx, cy] = xy.split(',');
    const front = points.some((p) => s.frontier.includes(p.index));
    const tip = `${points.map(label).join('; ')}: ${fmtInt(points[0].totals.completed)} completed, p99 ${fmtMs(points[0].latency_ms.p99)}`;
    const count = points.length > 1 ? `<text x="${Number(cx) + 6}" y="${Number(cy) - 6}" font-size="10" fill="#64748b">×${points.length}</text>` : '';
    return `<circle class="${front ? 'front' : 'dot'}" cx="${cx}" cy="${cy}" r="4" data-point="${points.map((p) => p.index).join(' ')}"><title>${e(tip)}</title></circle>${count}`;
  });
  const found = s.search?.found;
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
    ring,
    '</svg>',
    `<p class="note"><span class="legend-dot front"></span> on the frontier (★ in the table: no other point completes at least as many with a p99 at least as low, and does better on one) · <span class="legend-dot other"></span> every other point${answer ? ' · ◯ the search’s answer' : ''} · ×n: points with the same completions and p99 · hover a dot to name it</p>`,
  ].join('\n');
}

/** The search's answer: a ring around its dot at "x,y". */
function ringAt(xy: string, title: string): string {
  const [cx, cy] = xy.split(',');
  return `<circle cx="${cx}" cy="${cy}" r="8" fill="none" stroke="var(--fg)" stroke-width="1.5" data-answer><title>${e(title)}</title></circle>`;
}
