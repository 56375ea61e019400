import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitProgress } from '../../src/cli/width.js';
import { renderCompareCharts, renderCompareTable, renderSummary, renderSweep, renderTimelines, type RunResult, type SweepResult } from '../../src/index.js';
import { ANSI_RE, visibleWidth } from '../../src/report/text/escape.js';
import { DEFAULT_WIDTH, widthFor } from '../../src/report/text/width.js';

/**
 * The terminal output of run, compare and sweep, as the CLI prints it, at 80, 100, 120 and 160
 * columns: compared with the files under test/golden/, and no line wider than the width. The
 * results are sim runs kept under fixtures/ (build-fixtures.ts). After a change to the terminal
 * output on purpose, write the files again and read the diff before committing:
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const WIDTHS = [80, 100, 120, 160];

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as T;
const run = fixture<RunResult>('run.json');
const compare = fixture<RunResult[]>('compare.json');
const sweep = fixture<SweepResult>('sweep.json');

/** What each command writes to stdout before its files and verdict lines, colour on or off. */
const OUTPUTS: Record<string, (width: number, color: boolean) => string> = {
  run: (width, color) => `${renderSummary(run, { color, width })}\n${renderTimelines(run, { color, width })}\n`,
  // Eight strategies: the table splits and leaves columns out, the charts are one small chart per strategy.
  compare: (width, color) => `${renderCompareTable(compare, { color, width })}\n${renderCompareCharts(compare, { color, width })}\n`,
  // Three strategies: one table where it fits, and overlaid charts with a legend.
  'compare-3': (width, color) => {
    const three = compare.filter((r) => ['drop', 'reject-429', 'block'].includes(r.strategy));
    return `${renderCompareTable(three, { color, width })}\n${renderCompareCharts(three, { color, width })}\n`;
  },
  sweep: (width, color) => `${renderSweep(sweep, { color, width })}\n`,
};

function golden(name: string, text: string): void {
  const url = new URL(`${name}.txt`, import.meta.url);
  if (UPDATE) writeFileSync(url, text);
  if (!existsSync(url)) throw new Error(`no golden file ${name}.txt: write it with UPDATE_GOLDEN=1 npx vitest run test/golden`);
  // A difference fails here; the diff shows what changed (UPDATE_GOLDEN=1 to accept it).
  expect(text, `${name}.txt (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(url, 'utf8'));
}

const overlong = (text: string, width: number) =>
  text
    .split('\n')
    .map((line, i) => ({ line: i + 1, width: visibleWidth(line) }))
    .filter((l) => l.width > width);

describe('terminal output at every width', () => {
  for (const [name, render] of Object.entries(OUTPUTS)) {
    for (const width of WIDTHS) {
      it(`${name} at ${width} columns matches ${name}-${width}.txt, no line wider`, () => {
        const text = render(width, false);
        expect(text).not.toMatch(ANSI_RE);
        expect(overlong(text, width)).toEqual([]);
        golden(`${name}-${width}`, text);
      });
    }
    it(`${name} in colour: no line wider once the colour codes are left out, as many lines`, () => {
      for (const width of WIDTHS) {
        const text = render(width, true);
        expect(text).toMatch(ANSI_RE);
        expect(overlong(text, width)).toEqual([]);
        // Overlaid lines are told apart by colour instead of glyph: the layout is the same.
        expect(text.split('\n')).toHaveLength(render(width, false).split('\n').length);
      }
    });
  }

  it('says what it left out, and keeps the outcomes a comparison is about', () => {
    const text = OUTPUTS.compare(80, false);
    expect(text).toContain('strategy');
    expect(text).toMatch(/lost/);
    for (const r of compare) expect(text).toContain(r.strategy);
    // Past four strategies, one small chart per strategy, titled with its name.
    expect(text).toContain('one chart per strategy, same scale');
    expect(text).not.toMatch(/── drop {3}·· raise/); // no overlay legend
  });
});

describe('the width the CLI draws at', () => {
  it('COLUMNS, else the terminal, else the default for pipes and CI logs', () => {
    expect(widthFor({ isTTY: true, columns: 93 }, {})).toBe(93);
    expect(widthFor({ isTTY: true, columns: 93 }, { COLUMNS: '80' })).toBe(80);
    expect(widthFor({ isTTY: false, columns: 93 }, {})).toBe(DEFAULT_WIDTH);
    expect(widthFor({}, { COLUMNS: 'wide' })).toBe(DEFAULT_WIDTH);
    expect(widthFor({ isTTY: true, columns: 12 }, {})).toBe(40); // nothing useful fits below
  });

  it('cuts the progress line to one row, whole fields first, so a carriage return redraws it', () => {
    const line = '[3.00 s/10.0 s] · sent 300 of 1000 (100.0/s) · depth 20 · completed 51 · shed 229 · rejected 0 · failed 0 · conn/timeout 0';
    for (const columns of [40, 60, 80, 100]) {
      const fitted = fitProgress(line, { columns } as Parameters<typeof fitProgress>[1]);
      expect(fitted.length).toBeLessThan(columns);
      expect(line.startsWith(fitted.replace(/ …$/, ''))).toBe(true);
    }
    expect(fitProgress(line, { columns: 200 } as Parameters<typeof fitProgress>[1])).toBe(line);
    expect(fitProgress(line, { columns: 60 } as Parameters<typeof fitProgress>[1])).toBe('[3.00 s/10.0 s] · sent 300 of 1000 (100.0/s) · depth 20 …');
  });
});
