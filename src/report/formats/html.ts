import { renderHtml } from '../html/page.js';
import type { Reporter } from './reporter.js';

/** report.html: one self-contained page with the charts. */
export const html = {
  format: 'html',
  files: { run: ['report.html'], compare: ['report.html'] },
  render: ({ kind, results, verdict }) => ({
    'report.html':
      kind === 'run'
        ? renderHtml(results, { title: `${results[0].scenario} · ${results[0].strategy}` })
        : renderHtml(results, { title: `${results[0].scenario} · ${results.length} strategies`, verdict }),
  }),
} satisfies Reporter;
