import type { RunResult } from '../../model/index.js';
import { escapeMd } from '../text/escape.js';
import { findings } from '../text/findings.js';
import { fmtMs } from '../text/format.js';
import { gateRow, noRecoveryWords, probeRows } from '../text/truth-words.js';

/** summary.md's game-day sections: the hypothesis per window, the findings, and the event journal. */
export function gameDayMarkdown(r: RunResult): string[] {
  const out: string[] = [];
  const h = r.hypothesis;
  if (h) {
    const rows = h.windows.map(
      (w) =>
        `| ${escapeMd(w.name)} | ${fmtMs(w.from_ms)} – ${fmtMs(w.to_ms)} | ${w.held ? '✅ held' : '❌ deviated'} | ${escapeMd(w.checks.map((c) => c.detail).join('; '))} |`,
    );
    const gate = gateRow(h);
    if (gate)
      rows.unshift(
        `| ${gate.name} | ${gate.span} | ${gate.held === null ? 'not gated' : gate.held ? '✅ held' : '❌ did not hold'} | ${escapeMd(gate.detail)} |`,
      );
    if (h.not_judged) rows.push(`| after | | not judged | ${escapeMd(h.not_judged)} |`);
    for (const p of probeRows(h)) rows.push(`| ${escapeMd(p.name)} | ${p.span} | ${p.held ? '✅ held' : '❌ failed'} | ${escapeMd(p.detail)} |`);
    const back = h.recovered_after_ms !== null ? `held again ${fmtMs(h.recovered_after_ms)} after the disturbance` : noRecoveryWords(r);
    out.push(
      '## Hypothesis',
      `${escapeMd(h.steady_state.join(', '))}: ${back}`,
      ['| window | arrivals | result | measured |', '|---|---|---|---|', ...rows].join('\n'),
    );
  }
  out.push(
    '## Findings',
    findings(r)
      .map((f) => `- ${escapeMd(f)}`)
      .join('\n'),
  );
  if (r.events?.length) {
    const rows = r.events.map((e) => `| ${fmtMs(e.at_ms)} | ${escapeMd(e.kind)} | ${escapeMd(e.detail)} |`);
    out.push('## Events', ['| run time | event | detail |', '|---:|---|---|', ...rows].join('\n'));
  }
  return out;
}
