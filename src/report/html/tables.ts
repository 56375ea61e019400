import { crashCells, crashLabel, generatorShortfall, NOT_VISIBLE, serviceAgreement, stoppedWords, serviceAgreementWords } from '../text/truth-words.js';
import { gatesJudged, OUTCOMES, PRIORITIES, verdictOf, type RunResult } from '../../model/index.js';
import { bestMask, COMPARE_COLUMNS } from '../text/compare-columns.js';
import { compactJson } from '../text/compact-json.js';
import { escapeHtml as e } from '../text/escape.js';
import { fmtInt, fmtMs, fmtPct, fmtRps, fmtUsd, fmtMeasured, share, sortedCounts } from '../text/format.js';

/** An HTML table from already-escaped cells; `cls` optionally classes a cell by row and column. */
function table(header: string[], rows: string[][], cls?: (row: number, col: number) => string): string {
  // A column is numeric (right-aligned, header too) when its first body cell is.
  const head = header.map((h, j) => (rows.length && cls?.(0, j).includes('num') ? `<th class="num">${h}</th>` : `<th>${h}</th>`)).join('');
  const body = rows.map((r, i) => `<tr>${r.map((c, j) => `<td${cls?.(i, j) ? ` class="${cls(i, j)}"` : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

const dot = (outcome: string) => `<span class="dot ${e(outcome)}"></span>${e(outcome)}`;
const OUTCOME_KEYS = new Set<string>(OUTCOMES);

/** The side-by-side table: outcome counts and the ranked columns, best values marked. */
export function outcomeTable(results: RunResult[]): string {
  const masks = COMPARE_COLUMNS.map((col) => bestMask(col, results));
  const header = ['strategy', 'scheduled', ...COMPARE_COLUMNS.map((c) => (OUTCOME_KEYS.has(c.key) ? dot(c.key) : e(c.header)))];
  const rows = results.map((r) => [`<b>${e(r.strategy)}</b>`, fmtInt(r.totals.scheduled), ...COMPARE_COLUMNS.map((c) => e(c.format(r)))]);
  const cls = (i: number, j: number) => {
    const col = COMPARE_COLUMNS[j - 2];
    if (!col) return j === 0 ? '' : 'num';
    const lost = col.key === 'lost' && results[i].totals.lost > 0 ? ' bad' : '';
    return `num${masks[j - 2][i] ? ' best' : ''}${lost}`;
  };
  const note =
    results.length > 1
      ? '<p class="note"><span class="best-key">bold green</span> = best in column (lower is better except completed; shed, rejected and tokens not ranked)</p>'
      : '';
  return table(header, rows, cls) + note;
}

export function rateTable(results: RunResult[]): string {
  const header = [
    'strategy',
    'target',
    'achieved',
    'shed rate',
    'reject rate',
    'fail rate',
    'completion',
    'p90',
    'max latency',
    'admission p50 / p99',
    'attempts',
    'duplicates',
    'est. cost',
  ];
  const rows = results.map((r) => {
    const x = r.rates;
    const a = r.admission_latency_ms;
    return [
      `<b>${e(r.strategy)}</b>`,
      ...[fmtRps(x.target_rps), fmtRps(x.achieved_rps), fmtPct(x.shed_rate), fmtPct(x.reject_rate), fmtPct(x.fail_rate), fmtPct(x.completion_rate)],
      ...[fmtMs(r.latency_ms.p90), fmtMs(r.latency_ms.max), `${fmtMs(a.p50)} / ${fmtMs(a.p99)}`],
      ...[fmtInt(r.totals.attempts), fmtInt(r.totals.duplicates), fmtUsd(r.tokens.estimated_cost_usd)],
    ].map((c, i) => (i === 0 ? c : e(c)));
  });
  return table(header, rows, (_, j) => (j === 0 ? '' : 'num')) + generatorNote(results);
}

/**
 * Generator lag is the load tool's own shortfall: shown apart so it is never blamed on the service.
 * Arrivals not yet due when an abort stopped the traffic are nobody's shortfall: said on their own.
 */
function generatorNote(results: RunResult[]): string {
  const text = (r: RunResult) => {
    if (r.validity && !r.validity.valid) return r.validity.reasons.join('; ');
    const g = r.generator;
    return `${generatorShortfall(r).words.join(', ')} (max lag ${fmtMs(g.max_lag_ms)})`;
  };
  const lagging = results.filter((r) => (r.validity && !r.validity.valid) || generatorShortfall(r).words.length > 0);
  const short = lagging.some((r) => (r.validity && !r.validity.valid) || generatorShortfall(r).missed > 0);
  const intro = short ? 'Load generator shortfall (the tool, not the service)' : 'Load generator timing (the tool, not the service)';
  const stopped = results.filter((r) => stoppedWords(r));
  const aborted = stopped.length
    ? `<p class="note">${stopped.map((r) => `${results.length > 1 ? `<b>${e(r.strategy)}</b> ` : ''}${e(stoppedWords(r))}`).join('; ')}.</p>`
    : '';
  if (lagging.length === 0) return `<p class="note">The load generator kept to its schedule.</p>${aborted}`;
  const texts = lagging.map(text);
  if (lagging.length === results.length && texts.every((t) => t === texts[0])) {
    return `<p class="note">${intro}: ${e(texts[0])}${results.length > 1 ? ' in every run' : ''}.</p>${aborted}`;
  }
  return `<p class="note">${intro}: ${lagging.map((r, i) => `<b>${e(r.strategy)}</b> ${e(texts[i])}`).join('; ')}.</p>${aborted}`;
}

interface Grouped {
  rows: string[][];
  /** Per row: the first row of a strategy after the first group (drawn with a rule above). */
  ruled: boolean[];
}

/** Rows per strategy, the strategy's name on its group's first row only. */
function grouped(results: RunResult[], rowsOf: (r: RunResult) => string[][]): Grouped {
  const out: Grouped = { rows: [], ruled: [] };
  results.forEach((r, g) =>
    rowsOf(r).forEach((cells, i) => {
      out.rows.push([i === 0 ? `<b>${e(r.strategy)}</b>` : '', ...cells]);
      out.ruled.push(g > 0 && i === 0);
    }),
  );
  return out;
}

const withClass = (...names: (string | false)[]) => names.filter(Boolean).join(' ');

export function priorityTable(results: RunResult[]): string {
  const lostCol = 2 + OUTCOMES.indexOf('lost') + 1;
  const { rows, ruled } = grouped(results, (r) =>
    PRIORITIES.flatMap((p) => {
      const t = r.by_priority[p];
      return t ? [[e(p), ...[t.scheduled, ...OUTCOMES.map((o) => t[o])].map(fmtInt), fmtPct(share(t.lost, t.scheduled))]] : [];
    }),
  );
  if (rows.length === 0) return '<p class="muted">No per-priority data.</p>';
  const cls = (i: number, j: number) => withClass(j >= 2 && 'num', ruled[i] && 'group', j === lostCol && rows[i][j] !== '0' && 'bad');
  return table(['strategy', 'priority', 'scheduled', ...OUTCOMES.map(dot), 'drop rate'], rows, cls);
}

export function gateTable(results: RunResult[]): string {
  const { rows, ruled } = grouped(results, (r) =>
    r.gates.map((g) => [
      `<code>${e(g.expr)}</code>`,
      e(fmtMeasured(g)),
      !gatesJudged(verdictOf(r))
        ? `<span class="badge">not concluded (${e(verdictOf(r).status)})</span>`
        : g.pass
          ? '<span class="badge pass">pass</span>'
          : '<span class="badge fail">fail</span>',
      e(g.detail ?? ''),
    ]),
  );
  if (rows.length === 0) return '<p class="muted">No gates were set.</p>';
  const cls = (i: number, j: number) => withClass(j === 2 && 'num', ruled[i] && 'group');
  return table(['strategy', 'gate', 'measured', 'result', 'detail'], rows, cls);
}

export function discrepancyList(results: RunResult[]): string {
  const items = results.flatMap((r) => r.discrepancies.map((d) => `<li><b>${e(r.strategy)}</b>: ${e(d)}</li>`));
  const agreements = results.map(serviceAgreement);
  const words = results.map(serviceAgreementWords);
  const same = words.every((w) => w === words[0]);
  const head = agreements.every((a) => a === 'agree')
    ? `<p class="ok">${same ? `The ${e(words[0])}` : results.map((r, i) => `<b>${e(r.strategy)}</b>: ${e(words[i])}`).join('; ')}.</p>`
    : agreements.every((a) => a === 'not-visible')
      ? `<p class="muted">${e(NOT_VISIBLE)}.</p>`
      : '';
  if (items.length === 0) return head;
  return `${head}<div class="callout bad"><p>What does not add up:</p><ul>${items.join('')}</ul></div>`;
}

/** Failures by reason and crashes: omitted entirely when no run had any. */
export function incidentTables(results: RunResult[]): string {
  const failures = grouped(results, (r) =>
    sortedCounts(r.failures)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => [e(reason), fmtInt(n)]),
  );
  const crashes = grouped(results, (r) =>
    r.crashes.map((k) => {
      const cells = crashCells(k, 'was already down');
      const counts = [fmtInt(k.queued_at_kill), fmtInt(k.in_flight_at_kill), e(cells.recovered)];
      return [e(fmtMs(k.at_ms)), e(crashLabel(k)), ...counts, e(cells.recovery)];
    }),
  );
  if (failures.rows.length === 0 && crashes.rows.length === 0) return '';
  const parts = ['<h2>Failures and crashes</h2>'];
  if (failures.rows.length) {
    const cls = (i: number, j: number) => withClass(j === 2 && 'num', failures.ruled[i] && 'group');
    parts.push('<h3>Failures by reason</h3>', table(['strategy', 'reason', 'count'], failures.rows, cls));
  }
  if (crashes.rows.length) {
    const header = ['strategy', 'at', 'kind', 'queued at kill', 'in flight', 'recovered', 'time to recover'];
    const cls = (i: number, j: number) => withClass(j >= 3 && 'num', crashes.ruled[i] && 'group');
    parts.push('<h3>Crashes</h3>', table(header, crashes.rows, cls));
  }
  return parts.join('\n');
}

export function configBlocks(results: RunResult[]): string {
  return results
    .map((r, i) => {
      const json = compactJson(r.config);
      return `<details${i === 0 ? ' open' : ''}><summary>${e(r.strategy)}</summary><pre class="config">${e(json)}</pre></details>`;
    })
    .join('\n');
}
