import { combineVerdicts, gatesJudged, verdictHead, verdictOf, type RunResult, type Verdict } from '../../model/index.js';
import { escapeHtml as e } from '../text/escape.js';
import { fmtInt, fmtPct } from '../text/format.js';
import { chartSections } from './charts.js';
import { findingsSection, hypothesisSection, journalTable, methodSection } from './gameday.js';
import { pageHead } from './style.js';
import { lostWhy } from '../text/truth-words.js';
import { processHtml } from '../text/processes.js';
import { commandsHtml } from '../text/commands.js';
import { configBlocks, discrepancyList, gateTable, incidentTables, outcomeTable, priorityTable, rateTable } from './tables.js';

export interface HtmlOptions {
  /** Page title. @default "gameday — <scenario>" (with "compare" for several results) */
  title?: string;
  /** The verdict the page opens with. @default the result's own, or the worst of a comparison's */
  verdict?: Verdict;
}

/**
 * One self-contained HTML page for a run or a comparison: inline CSS and inline SVG only, no
 * script and no external resource, so it opens offline and from a CI artifact store.
 */
export function renderHtml(results: RunResult[], opts: HtmlOptions = {}): string {
  const first = results[0];
  const title = opts.title ?? defaultTitle(results);
  const body = first ? sections(results) : '<p class="muted">No results to show.</p>';
  return [
    ...pageHead(title),
    '<body><main>',
    `<h1>${e(title)}</h1>`,
    first ? verdictBanner(opts.verdict ?? (results.length === 1 ? verdictOf(first) : combineVerdicts(results)), results.length > 1 || !!opts.verdict) : '',
    body,
    first ? `<footer>gameday ${e(first.wall.gameday_version)} · started ${e(first.wall.started_at)}</footer>` : '',
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

function defaultTitle(results: RunResult[]): string {
  if (results.length === 0) return 'gameday report';
  return results.length > 1 ? `gameday compare — ${results[0].scenario}` : `gameday — ${results[0].scenario} · ${results[0].strategy}`;
}

function sections(results: RunResult[]): string {
  // One run reads as a game-day write-up: hypothesis, method, observations, findings.
  const one = results.length === 1 ? results[0] : undefined;
  return [
    subtitle(results),
    verdicts(results),
    one ? hypothesisSection(one) : '',
    one ? methodSection(one) : '',
    '<h2>Outcomes</h2>',
    outcomeTable(results),
    '<h2>Rates and latency</h2>',
    rateTable(results),
    '<h2>Timelines</h2>',
    `<div class="charts${results.length === 1 ? ' single' : ''}">${chartSections(results)}</div>`,
    one ? journalTable(one) : '',
    '<h2>Per priority</h2>',
    priorityTable(results),
    '<h2>Gates</h2>',
    gateTable(results),
    '<h2>Service-reported vs ledger</h2>',
    discrepancyList(results),
    one ? findingsSection(one) : '',
    incidentTables(results),
    commandsHtml(results),
    processHtml(results),
    '<h2>Scenario config</h2>',
    configBlocks(results),
  ].join('\n');
}

function subtitle(results: RunResult[]): string {
  const r = results[0];
  const facts = [
    `scenario <b>${e(r.scenario)}</b>`,
    e(r.mode),
    `seed ${e(String(r.seed))}`,
    `backend ${e(r.backend)}`,
    `${fmtInt(r.totals.scheduled)} scheduled`,
    results.length > 1 ? `strategies ${results.map((x) => `<b>${e(x.strategy)}</b>`).join(', ')}` : `strategy <b>${e(r.strategy)}</b>`,
  ];
  const desc = r.description ? `<p class="sub">${e(r.description)}</p>` : '';
  return `<p class="sub">${facts.join(' · ')}</p>${desc}`;
}

/**
 * The page opens with the run's one verdict, in the same words as the terminal's verdict line. A
 * comparison's: its headline, then each detail once.
 */
function verdictBanner(v: Verdict, compare: boolean): string {
  const [head, ...details] = compare ? v.reasons : [v.reasons.join('; ')];
  const list = details.length ? `<ul class="verdict-details">${details.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : '';
  return `<p class="verdict-banner ${e(v.status)}" data-status="${e(v.status)}" data-expected-failure="${v.expected_failure}"><b>${e(verdictHead(v))}</b> — ${e(head ?? '')}</p>${list}`;
}

/**
 * The at-a-glance line per strategy: its verdict, then lost, the number this tool exists to
 * show. Green only for a pass with nothing lost: no green badge on a failed run.
 */
function verdicts(results: RunResult[]): string {
  const items = results.map((r) => {
    const v = verdictOf(r);
    const lost = r.totals.lost;
    const gatesFailed = r.gates.filter((g) => !g.pass).length;
    const gates = !r.gates.length ? '' : gatesJudged(v) ? ` · gates ${r.gates.length - gatesFailed}/${r.gates.length}` : ' · gates not concluded';
    const loss = lost > 0 ? `LOST ${fmtInt(lost)} (${fmtPct(r.rates.drop_rate)}) — ${lostWhy(r)}` : 'nothing lost';
    const tone = v.status === 'pass' && lost === 0 ? 'good' : v.status === 'pass' || v.status === 'fail' ? 'bad' : 'warn';
    return `<li class="${tone}" data-verdict="${lost > 0 ? 'lost' : 'ok'}" data-status="${e(v.status)}">${e(r.strategy)}: ${e(verdictHead(v))} · ${loss}${gates}</li>`;
  });
  return `<ul class="verdicts">${items.join('')}</ul>`;
}
