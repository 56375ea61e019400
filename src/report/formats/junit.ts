import { renderJunit } from './junit-xml.js';
import type { Reporter } from './reporter.js';

/** junit.xml: one testcase per gate, for CI test tabs. */
export const junit = {
  format: 'junit',
  files: { run: ['junit.xml'], compare: ['junit.xml'] },
  render: ({ results }) => ({ 'junit.xml': renderJunit(results) }),
} satisfies Reporter;
