/** requests.csv: written with `--requests`, one line per request, the same as result.json's rows, and re-rendered from result.json alone. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

const SCENARIO = `name: csv
traffic:
  phases:
    - { duration: 2s, rate: 40 }
service:
  strategy: reject-503
  capacity: 5
  workers: 1
`;

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('requests.csv', () => {
  it('one line per request, agreeing with the totals, and re-rendered identically by `report`', async () => {
    const out = tempDir();
    expect((await cli('run', scenarioFile(SCENARIO), '--mode', 'sim', '--quiet', '--requests', '--out', out)).code).toBe(0);
    const r = JSON.parse(read(out, 'result.json')) as RunResult;
    const [header, ...lines] = read(out, 'requests.csv').trimEnd().split('\n');
    expect(header).toBe('id,priority,intended_ms,outcome,attempts,latency_ms,answer');
    expect(lines).toHaveLength(r.totals.scheduled);
    const rows = lines.map((l) => l.split(','));
    expect(new Set(rows.map((x) => x[0])).size).toBe(r.totals.scheduled);
    for (const outcome of ['completed', 'shed', 'rejected', 'failed', 'lost'] as const)
      expect(rows.filter((x) => x[3] === outcome).length).toBe(r.totals[outcome]);
    expect(rows.reduce((n, x) => n + Number(x[4]), 0)).toBe(r.totals.attempts);
    expect(rows.filter((x) => x[5] !== '').length).toBe(r.totals.completed);
    expect(rows[0]).toEqual([
      r.requests!.id[0],
      r.requests!.priority[0],
      String(r.requests!.intended_ms[0]),
      r.requests!.outcome[0],
      String(r.requests!.attempts[0]),
      String(r.requests!.latency_ms[0] ?? ''),
      r.requests!.answer[0],
    ]);

    const again = tempDir();
    expect((await cli('report', join(out, 'result.json'), '--out', again)).code).toBe(0);
    expect(read(again, 'requests.csv')).toBe(read(out, 'requests.csv'));
  });

  it('without --requests: no requests section, no file', async () => {
    const out = tempDir();
    expect((await cli('run', scenarioFile(SCENARIO), '--mode', 'sim', '--quiet', '--out', out)).code).toBe(0);
    expect(existsSync(join(out, 'requests.csv'))).toBe(false);
    expect((JSON.parse(read(out, 'result.json')) as RunResult).requests).toBeUndefined();
  });

  it('a comparison writes one per strategy', async () => {
    const out = tempDir();
    expect((await cli('compare', scenarioFile(SCENARIO), '--mode', 'sim', '--strategies', 'drop,reject-503', '--quiet', '--requests', '--out', out)).code).toBe(
      0,
    );
    for (const s of ['drop', 'reject-503']) {
      const r = JSON.parse(read(out, `${s}/result.json`)) as RunResult;
      expect(read(out, `${s}/requests.csv`).trimEnd().split('\n')).toHaveLength(r.totals.scheduled + 1);
    }
  });
});
