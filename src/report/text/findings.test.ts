import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CrashReport, RunResult } from '../../model/index.js';
import { findings, stalledLine } from './findings.js';

const fixture = (): RunResult => JSON.parse(readFileSync(new URL('../../../test/fixtures/report/result.json', import.meta.url), 'utf8')) as RunResult;
const kill = (extra: Partial<CrashReport>): CrashReport => ({
  at_ms: 7000,
  kind: 'crash-service',
  queued_at_kill: 12,
  in_flight_at_kill: 0,
  recovered_after_restart: 0,
  restart_ms: 2000,
  time_to_recover_ms: 2100,
  ...extra,
});

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

describe('findings about kills', () => {
  it('your own process: what the ledger saw it holding and how those ended, never a made-up count of what came back', () => {
    const r = {
      ...fixture(),
      crashes: [
        kill({
          process: { process: 'worker', instances: [0], pids: [4242] },
          unfinished_at_kill: { requests: 12, completed: 11, failed: 0, lost: 1, completed_by_ms: 4140 },
        }),
      ],
    };
    const said = findings(r).filter((f) => f.includes('kill'));
    expect(said).toEqual([
      'The kill of worker at 7.00 s caught 12 accepted, unfinished request(s); 11 completed later (the last 4.14 s after the kill), 1 were lost.',
    ]);
    expect(findings(r).join(' ')).not.toContain('came back after the restart');
  });

  it('a worker process on a shared queue: the jobs it held and when each came back', () => {
    const r = { ...fixture(), crashes: [kill({ kind: 'crash-worker', stalled: { held: 2, answered_before_kill: 1, duplicated: 1, back_ms: [1990, 2010] } })] };
    expect(findings(r)).toContain(
      'The worker process killed at 7.00 s held 2 job(s) (1 already answered by the backend, 1 completed twice); back after 1.99 s, 2.01 s.',
    );
  });
});
