import { OUTCOMES, type SweepResult } from '../../model/index.js';
import { escapeHtml as e } from '../text/escape.js';
import { fmtInt, fmtMs, fmtPct } from '../text/format.js';
import { pageHead } from '../html/style.js';
import { paretoChart } from './pareto.js';
import { badness, heatSlices, pointNumber, searchSentence, showAxisValue, strategyWords, SWEEP_METRICS, type HeatSlice, type SweepMetric } from './metrics.js';

/**
 * sweep.html: one self-contained page (inline CSS and SVG, no script) with every point, a heat
 * map per metric over two varied fields, and the Pareto frontier of completions against p99.
 */
export function renderSweepHtml(s: SweepResult): string {
  const title = `gameday sweep — ${s.scenario}${s.strategies?.length ? ` · ${s.strategies.join(', ')}` : ''}`;
  const answer = searchSentence(s);
  const ran = strategyWords(s);
  return [
    ...pageHead(
      title,
      '\n.heat td.cell, .heat thead th:not(:first-child) { text-align: right; }\n.pareto .dot { fill: #94a3b8; } .pareto .front { fill: var(--completed); }\n.pareto .fail { stroke: #b91c1c; stroke-width: 2.5; }\n.legend-dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; vertical-align: middle; box-sizing: border-box; }\n.legend-dot.front { background: var(--completed); } .legend-dot.other { background: #94a3b8; } .legend-dot.fail { background: #94a3b8; border: 2px solid #b91c1c; }\ntr[data-pass="false"] td.verdict { color: #b91c1c; font-weight: 600; }',
    ),
    '<body><main>',
    `<h1>${e(title)}</h1>`,
    `<p class="sub">${fmtInt(s.points.length)} points in sim${ran ? ` · ${e(ran)}` : ''} · seed ${e(String(s.seed))} · gates: ${s.gates.length ? s.gates.map((g) => `<code>${e(g)}</code>`).join(', ') : 'none'}</p>`,
    answer ? `<p class="verdict-banner ${s.search?.found === null ? 'fail' : 'pass'}" data-search>${e(answer)}</p>` : '',
    '<h2>Pareto frontier: completions against p99 latency</h2>',
    paretoChart(s),
    heatSlices(s).length
      ? `<h2>Heat maps</h2>\n${heatSlices(s)
          .flatMap((slice) => SWEEP_METRICS.map((m) => heatTable(s, slice, m)))
          .join('\n')}`
      : '',
    s.verify ? `<h2>Live check: frontier points re-run live</h2>\n${liveTable(s)}` : '',
    '<h2>Every point</h2>',
    pointTable(s),
    `<footer>gameday ${e(s.wall.gameday_version)} · started ${e(s.wall.started_at)} · ${s.wall.threads} thread${s.wall.threads === 1 ? '' : 's'}</footer>`,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

/** Every point, numbered as the chart labels them; the strategy too when it was varied by another path than an axis of its own. */
function pointTable(s: SweepResult): string {
  const strategyColumn = (s.strategies?.length ?? 0) > 1 && !s.axes.some((a) => a.path === 'service.strategy');
  const head = [
    '#',
    ...(strategyColumn ? ['strategy'] : []),
    ...s.axes.map((a) => a.path),
    'completed',
    'shed',
    'rejected',
    'failed',
    'lost',
    'p99',
    'gates',
    'frontier',
  ];
  const rows = s.points.map((p) => {
    const cells = [
      String(pointNumber(p)),
      ...(strategyColumn ? [p.strategy ?? ''] : []),
      ...p.values.map(showAxisValue),
      fmtInt(p.totals.completed),
      fmtInt(p.totals.shed),
      fmtInt(p.totals.rejected),
      fmtInt(p.totals.failed),
      fmtInt(p.totals.lost),
      fmtMs(p.latency_ms.p99),
      s.gates.length === 0 ? '-' : p.pass ? 'pass' : 'FAIL',
      s.frontier.includes(p.index) ? '★' : '',
    ];
    const verdict = cells.length - 2;
    return `<tr data-point="${p.index}" data-pass="${p.pass}">${cells.map((c, i) => `<td${i === verdict ? ' class="verdict"' : ''}>${e(c)}</td>`).join('')}</tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Each outcome's share of scheduled, sim beside live, for every frontier point re-run live. */
function liveTable(s: SweepResult): string {
  const head = ['point', ...OUTCOMES.map((o) => `${o} sim / live`), 'widest gap', 'live run'];
  const rows = (s.verify ?? []).map((ch) => {
    const point = s.points.find((p) => p.index === ch.index)!;
    const cells = [
      s.axes.map((a, k) => `${a.path}=${showAxisValue(point.values[k])}`).join(', '),
      ...OUTCOMES.map((o) => `${fmtPct(ch.sim[o], 1)} / ${fmtPct(ch.live[o], 1)}`),
      `${ch.max_diff_points} points`,
      ch.live_valid ? 'valid' : 'invalid: the generator fell behind',
    ];
    return `<tr data-live="${ch.index}">${cells.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Worse is redder: a white-to-red ramp keeps the map readable in print and for most colour vision. */
function heatColor(bad: number): string {
  const g = Math.round(255 - bad * 170);
  return `rgb(255,${g},${g})`;
}

function heatTable(s: SweepResult, slice: HeatSlice, m: SweepMetric): string {
  const { rows, cols } = slice;
  const bad = badness(s, m);
  const body = rows.values.map((v, i) => {
    const cells = cols.values.map((_, j) => {
      const p = slice.at(i, j);
      return p ? `<td class="cell" style="background:${heatColor(bad(p))}">${e(m.show(m.value(p)))}</td>` : '<td></td>';
    });
    return `<tr><th>${e(showAxisValue(v))}</th>${cells.join('')}</tr>`;
  });
  return [
    `<h3>${e(m.name)}${slice.label ? ` at ${e(slice.label)}` : ''}</h3>`,
    `<div class="table-wrap heat" data-heat="${e(m.name)}"><table>`,
    `<thead><tr><th>${e(rows.path)} \\ ${e(cols.path)}</th>${cols.values.map((c) => `<th>${e(showAxisValue(c))}</th>`).join('')}</tr></thead>`,
    `<tbody>${body.join('')}</tbody></table></div>`,
  ].join('');
}
