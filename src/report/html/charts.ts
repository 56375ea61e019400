import { OUTCOMES, type RunResult, type TimelinePoint } from '../../model/index.js';
import { timelineSeconds } from '../terminal/chart.js';
import { escapeHtml as e } from '../text/escape.js';
import { lineChart, niceMax, type SvgSeries } from './svg.js';
import { runMarkers } from '../text/markers.js';
import { OUTCOME_HEX } from '../text/palette.js';

interface ChartKind {
  name: string;
  title: string;
  /** What the chart honestly shows, under its title. */
  note: string;
  series: (tl: TimelinePoint[]) => SvgSeries[];
  yFormat: (v: number) => string;
  /** One y scale for every strategy (rates, which share the offered load) or one per chart. */
  sharedScale: boolean;
}

const count = (v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : v >= 1000 ? `${(v / 1000).toFixed(1)}k` : `${Number(v.toFixed(1))}`);
const ms = (v: number) => (v === 0 ? '0' : v >= 1000 ? `${Number((v / 1000).toFixed(1))}s` : `${Math.round(v)}ms`);

const KINDS: ChartKind[] = [
  {
    name: 'rate',
    title: 'Offered vs answered rate',
    note: 'req/s · offered = scheduled by the open-loop generator; answered = accepted + shed + rejected by the service; completed = succeeded at the backend',
    // offered is drawn last, dashed: it usually coincides with answered and must stay visible.
    series: (tl) => [
      { name: 'answered', color: '#2563eb', values: tl.map((p) => p.accepted + p.shed + p.rejected) },
      { name: 'completed', color: OUTCOME_HEX.completed, values: tl.map((p) => p.completed) },
      { name: 'offered', color: '#94a3b8', dashed: true, values: tl.map((p) => p.offered) },
    ],
    yFormat: count,
    sharedScale: true,
  },
  {
    name: 'depth',
    title: 'Queue depth',
    // Each chart on its own scale: one unbounded queue of 1,000 would flatten every bounded one of 20.
    note: 'requests waiting in the service (max in each second) · each chart on its own scale · blank: not visible (your own service without service.metrics)',
    series: (tl) => [{ name: 'depth', color: '#2563eb', area: true, values: tl.map((p) => p.depth) }],
    yFormat: count,
    sharedScale: false,
  },
  {
    name: 'outcomes',
    title: 'Outcomes per second',
    note: 'req/s · lost is counted in the second the request was scheduled; an outcome that never happened in a run is not drawn',
    series: (tl) => {
      const all = (['completed', 'shed', 'rejected', 'failed', 'lost'] as const).map((o) => ({
        name: o,
        color: OUTCOME_HEX[o],
        values: tl.map((p) => p[o]),
      }));
      // A flat red line at zero reads as "something was lost": leave never-happened outcomes out.
      const happened = all.filter((s) => s.values.some((v) => v > 0));
      return happened.length ? happened : all.slice(0, 1);
    },
    yFormat: count,
    sharedScale: true,
  },
  {
    name: 'latency',
    title: 'Completion latency over time',
    note: 'p50 and p99 of requests completed in each second; gaps are seconds with no completions · each chart on its own scale',
    series: (tl) => [
      { name: 'p50', color: '#0e9aa7', values: tl.map((p) => p.p50_ms) },
      { name: 'p99', color: '#1e3a5f', dashed: true, values: tl.map((p) => p.p99_ms) },
    ],
    yFormat: ms,
    sharedScale: false,
  },
];

/** Every chart kind, each with one chart per strategy. */
export function chartSections(results: RunResult[]): string {
  return KINDS.map((kind) => chartSection(kind, results)).join('\n');
}

function chartSection(kind: ChartKind, results: RunResult[]): string {
  const all = results.map((r) => kind.series(r.timeline));
  const sharedMax = niceMax(peakOf(all.flat()));
  const figures = results.map((r, i) => {
    const t = timelineSeconds(r.timeline);
    const yMax = kind.sharedScale ? sharedMax : niceMax(peakOf(all[i]));
    const svg = lineChart({ chart: kind.name, strategy: r.strategy, t, series: all[i], yMax, yFormat: kind.yFormat, markers: runMarkers(r) });
    const caption = results.length > 1 ? `<figcaption>${e(r.strategy)}</figcaption>` : '';
    return `<figure>${caption}${svg}</figure>`;
  });
  return [
    `<section class="chart-kind" data-kind="${e(kind.name)}">`,
    `<h3>${e(kind.title)}</h3>`,
    `<p class="note">${e(kind.note)}${results.some((r) => runMarkers(r).length) ? ' · events: dashed lines = a crash (X), restart (R), death (D) or abort (A) in red, a phase change (P) in grey, a hypothesis check (H) in violet, a recovery (+) in green; shaded band = a backend fault window' : ''}</p>`,
    legend(all.flat()),
    `<div class="figures">${figures.join('\n')}</div>`,
    '</section>',
  ].join('\n');
}

/** The highest finite value of any series. A loop, not Math.max(...values): a day of per-second points overflows the stack as arguments. */
function peakOf(series: SvgSeries[]): number {
  let peak = 0;
  for (const s of series) for (const v of s.values) if (v !== null && Number.isFinite(v) && v > peak) peak = v;
  return peak;
}

/** One legend per chart kind: every series drawn in any of its charts, in canonical order. */
function legend(drawn: SvgSeries[]): string {
  const byName = new Map(drawn.map((s) => [s.name, s]));
  const order = [...OUTCOMES, 'answered', 'offered', 'depth', 'p50', 'p99'] as string[];
  const series = [...byName.values()].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const items = series.map((s) => {
    const style = s.dashed ? `border-top:2px dashed ${s.color}` : `border-top:3px solid ${s.color}`;
    return `<li><span class="swatch" style="${e(style)}"></span>${e(s.name)}</li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}
