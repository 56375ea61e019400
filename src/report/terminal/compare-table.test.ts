import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CompareResult, RunResult } from '../../model/index.js';
import { bestMask, COMPARE_COLUMNS } from '../text/compare-columns.js';
import { renderCompareCharts, renderCompareTable } from './compare-table.js';
import { ANSI_RE } from '../text/escape.js';

const dir = new URL('../../../test/fixtures/report/compare/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as T;
const loadCompare = (): RunResult[] => read<CompareResult>('compare.json').results.map((f) => read<RunResult>(f));

/** A row's cells; the first six columns (strategy and the five outcomes) hold no spaces. */
const rowOf = (table: string, strategy: string) =>
  table
    .split('\n')
    .find((l) => l.startsWith(`${strategy} `))!
    .trim()
    .split(/\s+/);

describe('renderCompareTable', () => {
  const results = loadCompare();
  const plain = renderCompareTable(results, { color: false, width: 200 });

  it('has one row per strategy and no ANSI without colour', () => {
    expect(plain).not.toMatch(ANSI_RE);
    expect(rowOf(plain, 'drop').slice(0, 6)).toEqual(['drop', '402', '0', '0', '6*', '592']);
    expect(rowOf(plain, 'reject-429').slice(0, 7)).toEqual(['reject-429', '503', '488', '0', '9', '0*', '0.00%*']);
    expect(rowOf(plain, 'priority-shed').slice(0, 6)).toEqual(['priority-shed', '604*', '381', '0', '12', '3']);
  });

  it('marks the best value per column: lower is better except completed, ties and all-equal handled', () => {
    // rejected is 0 everywhere: no winner is marked.
    for (const s of ['drop', 'reject-429', 'priority-shed']) expect(rowOf(plain, s)[3]).toBe('0');
    const drop = plain.split('\n').find((l) => l.startsWith('drop '))!;
    expect(drop).toContain('748 ms*');
    expect(drop).toContain('16*');
    expect(drop).toContain('1.00×*');
    expect(drop).not.toContain('462,300*'); // tokens are not ranked
    expect(plain).toContain('* best in column');
  });

  it('fits 120 columns: eight strategies with wide figures are split into two tables, each led by its strategy', () => {
    const names = ['drop', 'raise', 'reject-429', 'reject-503', 'priority-shed', 'persistent', 'unbounded', 'block'];
    const wide = names.map((strategy, i) => {
      const r = structuredClone(results[i % results.length]);
      return {
        ...r,
        strategy,
        totals: { ...r.totals, completed: 123_456, shed: 234_567 },
        queue: { max_depth: 123_456, drain_ms: 3_723_000 },
        tokens: { ...r.tokens, input: 123_456_789, output: 98_765_432 },
      };
    });
    const out = renderCompareTable(wide, { color: true });
    const lines = out.replace(ANSI_RE, '').split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    const headers = lines.filter((l) => l.startsWith('strategy'));
    expect(headers).toHaveLength(2);
    expect(headers[0]).toMatch(/completed.*drop rate/);
    expect(headers[1]).toMatch(/p50.*tokens/);
    for (const s of names) expect(lines.filter((l) => l.startsWith(`${s} `))).toHaveLength(2);
    // A table that fits the width stays one table.
    expect(
      renderCompareTable(wide, { color: false, width: 200 })
        .split('\n')
        .filter((l) => l.startsWith('strategy')),
    ).toHaveLength(1);
  });

  it('colours the best values when colour is on', () => {
    const colored = renderCompareTable(results, { color: true });
    const row = colored.split('\n').find((l) => l.replace(ANSI_RE, '').startsWith('reject-429'))!;
    expect(row).toContain('\u001b[32m\u001b[1m0*');
  });

  it('says so when there is nothing to compare', () => {
    expect(renderCompareTable([], { color: false })).toBe('No results to compare.\n');
  });
});

describe('bestMask', () => {
  const results = loadCompare();
  const col = (key: string) => COMPARE_COLUMNS.find((c) => c.key === key)!;

  it('ranks lost low and completed high, and ties share the mark', () => {
    expect(bestMask(col('lost'), results)).toEqual([false, true, false]);
    expect(bestMask(col('completed'), results)).toEqual([false, false, true]);
    const tied = results.map((r) => ({ ...r, totals: { ...r.totals, lost: r.strategy === 'drop' ? 5 : 0 } }));
    expect(bestMask(col('lost'), tied)).toEqual([false, true, true]);
  });

  it('ranks a run that never drained last', () => {
    const r = results.map((x, i) => ({ ...x, queue: { ...x.queue, drain_ms: i === 0 ? null : x.queue.drain_ms } }));
    expect(bestMask(col('drain'), r)).toEqual([false, true, false]);
  });

  it('never crowns the drain or depth of a run whose service died or stayed down', () => {
    const died = {
      at_ms: 1000,
      kind: 'service-died' as const,
      queued_at_kill: 50,
      in_flight_at_kill: 1,
      recovered_after_restart: 0,
      restart_ms: null,
      time_to_recover_ms: null,
    };
    const r = results.map((x, i) => ({
      ...x,
      crashes: i === 0 ? [died] : [],
      queue: { ...x.queue, drain_ms: i === 0 ? 0 : 5000 + i, max_depth: i === 0 ? 1 : 100 + i },
    }));
    expect(bestMask(col('drain'), r)).toEqual([false, true, false]);
    expect(bestMask(col('max_depth'), r)).toEqual([false, true, false]);
    const downAfterCrash = { ...died, kind: 'crash-service' as const };
    const down = r.map((x, i) => ({ ...x, crashes: i === 0 ? [downAfterCrash] : [] }));
    expect(bestMask(col('drain'), down)).toEqual([false, true, false]);
  });
});

describe('renderCompareCharts', () => {
  it('overlays depth and lost per second per strategy with a legend', () => {
    const out = renderCompareCharts(loadCompare(), { color: false });
    expect(out).not.toMatch(ANSI_RE);
    const [depth, lost] = out.split('\n\n');
    expect(depth.split('\n')[0]).toBe('Queue depth by strategy');
    expect(Number(depth.split('\n')[1].trim().split(/\s/)[0])).toBe(172); // priority-shed's peak
    expect(lost.split('\n')[0]).toBe('Lost per second by strategy');
    for (const chart of [depth, lost]) expect(chart).toContain('── drop   ·· reject-429   ×× priority-shed');
  });
});
