/** Pure report renderers: each takes results and returns a string; none writes or prints. */
export { renderSummary, type SummaryOptions } from './terminal/summary.js';
export { renderTimelines, renderOverlay, type Series, type OverlayOptions, type TimelineOptions } from './terminal/chart.js';
export { renderCompareTable, renderCompareCharts, type CompareChartOptions } from './terminal/compare-table.js';
export { renderMarkdown, renderCompareMarkdown } from './markdown/summary.js';
export { renderHtml, type HtmlOptions } from './html/page.js';
export { renderJunit } from './formats/junit-xml.js';
export { renderVerdictBlock, renderVerdictLine } from './text/verdict.js';
export { REPORTERS, declaredFiles, renderReports } from './formats/registry.js';
export type { Reporter, ReportInput } from './formats/reporter.js';
export { renderSweep, type SweepTextOptions } from './sweep/terminal.js';
export { renderSweepHtml } from './sweep/html.js';
