import { renderCompareMarkdown, renderMarkdown } from '../markdown/summary.js';
import type { Reporter } from './reporter.js';

/** summary.md: what a CI job summary shows. */
export const markdown = {
  format: 'markdown',
  files: { run: ['summary.md'], compare: ['summary.md'] },
  render: ({ kind, results, verdict }) => ({ 'summary.md': kind === 'run' ? renderMarkdown(results[0]) : renderCompareMarkdown(results, verdict) }),
} satisfies Reporter;
