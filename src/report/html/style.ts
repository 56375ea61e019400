import { escapeHtml as e } from '../text/escape.js';
import { OUTCOME_HEX } from '../text/palette.js';

/** A self-contained page's opening, up to `<body>`: the one stylesheet (plus `extraStyle`) and a policy that forbids any fetch. */
export function pageHead(title: string, extraStyle = ''): string[] {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Belt and braces: even a future edit that adds a URL cannot make the page fetch anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${e(title)}</title>`,
    `<style>${HTML_STYLE}${extraStyle}</style>`,
    '</head>',
  ];
}

/** The page's only stylesheet, inlined: the report must render offline. */
export const HTML_STYLE = `
:root { color-scheme: light; --fg: #1f2933; --muted: #64748b; --line: #e2e8f0; --bg: #f6f7f9; --card: #fff;
  --completed: ${OUTCOME_HEX.completed}; --shed: ${OUTCOME_HEX.shed}; --rejected: ${OUTCOME_HEX.rejected};
  --failed: ${OUTCOME_HEX.failed}; --lost: ${OUTCOME_HEX.lost}; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 0 0 2px; }
.sub, .muted, .note { color: var(--muted); }
.note { font-size: 12px; margin: 0 0 6px; }
.verdicts { display: flex; flex-wrap: wrap; gap: 8px; margin: 14px 0 0; padding: 0; list-style: none; }
.verdicts li { padding: 6px 12px; border-radius: 6px; font-weight: 600; border: 1px solid; }
.verdicts .bad { color: #9b1c1c; background: #fdecec; border-color: #f5b5b5; }
.verdicts .warn { color: #7a5a00; background: #fff7e0; border-color: #f0d58a; }
.verdict-banner { margin: 8px 0 4px; padding: 10px 14px; border-radius: 6px; border: 1px solid; font-size: 1.05em; }
.verdict-banner.pass { color: #1d6b36; background: #e9f7ee; border-color: #a9dcb9; }
.verdict-banner.fail { color: #9b1c1c; background: #fdecec; border-color: #f5b5b5; }
.verdict-banner.invalid, .verdict-banner.interrupted, .verdict-banner.aborted, .verdict-banner.not_run { color: #7a5a00; background: #fff7e0; border-color: #f0d58a; }
.verdicts .good { color: #1d6b36; background: #e9f7ee; border-color: #a9dcb9; }
.verdict-details { margin: 4px 0 8px; padding-left: 22px; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 9px; text-align: left; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-weight: 600; color: var(--muted); font-size: 12px; background: #fafbfc; }
tbody tr:last-child td { border-bottom: none; }
td.num, th.num { text-align: right; }
td.group { border-top: 2px solid #cbd5e1; }
h2 + h3, .table-wrap + h3 { margin-top: 12px; }
td.best { color: #1d6b36; font-weight: 700; background: #eef9f1; }
td.bad { color: var(--lost); font-weight: 700; }
span.held, td.ev-good { color: #1d6b36; font-weight: 700; } span.deviated, td.ev-bad { color: var(--lost); font-weight: 700; }
ul.findings li, ul.method li { margin: 4px 0; }
.best-key { color: #1d6b36; font-weight: 700; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; vertical-align: baseline; }
.dot.completed { background: var(--completed); } .dot.shed { background: var(--shed); }
.dot.rejected { background: var(--rejected); } .dot.failed { background: var(--failed); } .dot.lost { background: var(--lost); }
.charts { display: grid; gap: 16px; }
.charts.single { grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); }
.chart-kind { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.figures { display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
figure { margin: 0; }
figcaption { font-weight: 600; font-size: 13px; margin: 4px 0 0 46px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: #edf0f4; stroke-width: 1; }
svg .axis { stroke: #94a3b8; stroke-width: 1; }
svg .tick { fill: #6b7280; font-size: 10px; }
svg .series { stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
svg .empty { fill: #94a3b8; font-size: 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 0 0 6px; padding: 0; list-style: none; font-size: 12px; }
.legend .swatch { display: inline-block; width: 18px; height: 0; margin-right: 6px; vertical-align: middle; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.pass { background: #e9f7ee; color: #1d6b36; } .badge.fail { background: #fdecec; color: #9b1c1c; }
.callout.bad { background: #fff6f6; border: 1px solid #f5b5b5; border-left: 4px solid var(--lost); border-radius: 6px; padding: 8px 14px; }
.callout p { margin: 4px 0; font-weight: 600; }
.ok { color: #1d6b36; }
details { background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin: 0 0 8px; }
summary { cursor: pointer; padding: 8px 12px; font-weight: 600; }
pre.config { margin: 0; padding: 10px 14px; border-top: 1px solid var(--line); overflow-x: auto; font-size: 12px;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
`;
