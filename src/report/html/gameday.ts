import type { JournalEvent, RunResult } from '../../model/index.js';
import { escapeHtml as e } from '../text/escape.js';
import { findings } from '../text/findings.js';
import { fmtMs } from '../text/format.js';
import { completedMeans, gateRow, probeRows } from '../text/truth-words.js';

/**
 * The game-day write-up's own sections (a single run): the hypothesis, the method, the event
 * journal as a table, and the findings. Each renders nothing when the run has nothing to say there.
 */

interface RunConfig {
  traffic?: { drain?: number; phases?: unknown[] };
  client?: { timeout?: number; retry?: { policy?: string } };
  service?: { strategy?: { type?: string }; capacity?: number; workers?: number; url?: string };
  abort?: string[];
}

const cfg = (r: RunResult) => (r.config ?? {}) as RunConfig;

export function hypothesisSection(r: RunResult): string {
  const h = r.hypothesis;
  if (!h) return '';
  const rows = h.windows.map((w) => {
    const verdict = w.held ? '<span class="held">held</span>' : '<span class="deviated">deviated</span>';
    const checks = w.checks.map((c) => `${c.held ? '✓' : '✗'} ${e(c.detail)}`).join('<br>');
    return `<tr data-window="${e(w.name)}" data-held="${w.held}"><td>${e(w.name)}</td><td>${fmtMs(w.from_ms)} – ${fmtMs(w.to_ms)}</td><td>${verdict}</td><td>${checks}</td></tr>`;
  });
  const gate = gateRow(h);
  if (gate) {
    const result = gate.held === null ? 'not gated' : gate.held ? '<span class="held">held</span>' : '<span class="deviated">did not hold</span>';
    rows.unshift(
      `<tr data-window="gate" data-held="${gate.held}"><td>${e(gate.name)}</td><td>${gate.span}</td><td>${result}</td><td>${e(gate.detail)}</td></tr>`,
    );
  }
  if (h.not_judged) rows.push(`<tr data-window="after" data-held="null"><td>after</td><td></td><td>not judged</td><td>${e(h.not_judged)}</td></tr>`);
  for (const p of probeRows(h))
    rows.push(
      `<tr data-window="probe" data-held="${p.held}"><td>${e(p.name)}</td><td>${p.span}</td><td>${p.held ? '<span class="held">held</span>' : '<span class="deviated">failed</span>'}</td><td>${e(p.detail)}</td></tr>`,
    );
  const back =
    h.recovered_after_ms === null
      ? h.gate?.held === false
        ? 'The experiment was not run: the steady state did not hold before the disturbance.'
        : r.abort
          ? 'The steady state did not recover before the abort.'
          : 'The steady state did not come back within the run.'
      : `Recovered ${e(fmtMs(h.recovered_after_ms))} after the disturbance ended (every expression held on a ${e(fmtMs(h.recovery_window_ms))} sliding window of arrivals).`;
  return [
    '<h2>Hypothesis</h2>',
    `<p>Steady state: ${h.steady_state.map((x) => `<code>${e(x)}</code>`).join(', ')} — judged by arrival time, before the disturbance (${fmtMs(h.disturbance.start_ms)} – ${fmtMs(h.disturbance.end_ms)}) and after it.</p>`,
    '<div class="table-wrap"><table class="hypothesis"><thead><tr><th>window</th><th>arrivals</th><th>result</th><th>measured</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></div>`,
    `<p class="note" data-recovered-after-ms="${h.recovered_after_ms ?? ''}">${back}</p>`,
  ].join('\n');
}

export function methodSection(r: RunResult): string {
  const c = cfg(r);
  const phases = (r.events ?? []).filter((x) => x.kind === 'phase-start').map((x) => `${e(x.detail)} from ${fmtMs(x.at_ms)}`);
  const svc = c.service;
  const items = [
    phases.length ? `Traffic (open loop): ${phases.join('; ')}; drain ${fmtMs(c.traffic?.drain)}.` : '',
    `Client: timeout ${fmtMs(c.client?.timeout)}, retries ${e(c.client?.retry?.policy ?? 'none')}.`,
    // Your own service is described by what was measured of it, never by gameday's service model.
    r.strategy === 'external'
      ? `Service: <b>your own</b> at <code>${e(String(svc?.url ?? ''))}</code>; backend ${e(r.backend)}. ${e(completedMeans(r))}.`
      : svc
        ? `Service: <b>${e(r.strategy)}</b>, capacity ${e(String(svc.capacity ?? '—'))}, ${e(String(svc.workers ?? '—'))} worker(s); backend ${e(r.backend)}.`
        : '',
    (r.faults ?? []).length
      ? `Faults: ${r.faults!.map((f) => `${e(f.kind)} at ${fmtMs(f.at_ms)}${f.fired_at_ms === null ? ' (never fired)' : ''}`).join('; ')}.`
      : 'Faults: none.',
    c.abort?.length ? `Abort conditions: ${c.abort.map((x) => `<code>${e(x)}</code>`).join(', ')}.` : '',
  ].filter(Boolean);
  return ['<h2>Method</h2>', `<ul class="method">${items.map((x) => `<li>${x}</li>`).join('')}</ul>`].join('\n');
}

const KIND_CLASS: Partial<Record<JournalEvent['kind'], string>> = { abort: 'ev-bad', crash: 'ev-bad', 'service-died': 'ev-bad', recovery: 'ev-good' };

export function journalTable(r: RunResult): string {
  if (!r.events?.length) return '';
  const rows = r.events.map(
    (x) =>
      `<tr data-event="${e(x.kind)}" data-at-ms="${x.at_ms}"><td class="num">${fmtMs(x.at_ms)}</td><td class="${KIND_CLASS[x.kind] ?? ''}">${e(x.kind)}</td><td>${e(x.detail)}</td></tr>`,
  );
  return [
    '<h2>Timeline of events</h2>',
    '<div class="table-wrap"><table class="journal"><thead><tr><th class="num">run time</th><th>event</th><th>detail</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table></div>`,
  ].join('\n');
}

export function findingsSection(r: RunResult): string {
  return [
    '<h2>Findings</h2>',
    `<ul class="findings">${findings(r)
      .map((f) => `<li>${e(f).replace(/`([^`]+)`/g, '<code>$1</code>')}</li>`)
      .join('')}</ul>`,
  ].join('\n');
}
