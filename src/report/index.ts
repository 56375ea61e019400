/** Pure report renderers: each takes results and returns a string; none writes or prints. */
export { renderSummary, type SummaryOptions } from './terminal.js';
export { renderTimelines, renderOverlay, type Series, type OverlayOptions, type TimelineOptions } from './chart.js';
export { renderCompareTable, renderCompareCharts, type CompareChartOptions } from './compare-table.js';
export { renderMarkdown, renderCompareMarkdown } from './markdown.js';
export { renderHtml, type HtmlOptions } from './html.js';
export { renderJunit } from './junit.js';
export { renderVerdictBlock, renderVerdictLine } from './verdict.js';
export { REPORTERS, renderReports } from './reporters.js';
export type { Reporter, ReportInput } from './reporter.js';
export { renderSweep, type SweepTextOptions } from './sweep-terminal.js';
export { renderSweepHtml } from './sweep-html.js';
