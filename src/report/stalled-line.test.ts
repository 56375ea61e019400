import { describe, expect, it } from 'vitest';
import { stalledLine } from './terminal-sections.js';

describe('stalledLine', () => {
  it('says what a killed worker process held, what the backend had answered, and when each job came back', () => {
    expect(stalledLine(7010, { held: 3, answered_before_kill: 1, duplicated: 2, back_ms: [600, 650, null] })).toBe(
      'worker process killed at 7.01 s held 3 job(s) (1 already answered by the backend, 2 completed twice); back after 600 ms, 650 ms, never',
    );
  });

  it('says nothing about coming back when it held nothing', () => {
    expect(stalledLine(500, { held: 0, answered_before_kill: 0, duplicated: 0, back_ms: [] })).toBe(
      'worker process killed at 500 ms held 0 job(s) (0 already answered by the backend, 0 completed twice)',
    );
  });
});
