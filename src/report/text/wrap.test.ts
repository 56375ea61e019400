import { describe, expect, it } from 'vitest';
import { ANSI_RE, visibleWidth } from './escape.js';
import { markerLines, type Marker } from './markers.js';
import { makeChalk } from './palette.js';
import { textTable } from './text-table.js';
import { hangOf, truncate, wrapLine, wrapText } from './wrap.js';

describe('wrapLine', () => {
  it('breaks at spaces within the width, continuation lines under the hang', () => {
    const line = 'Backend   437 calls, 357 ok — 200: 357 · 529: 76 · aborted_by_caller: 4 · cut off 12';
    const lines = wrapLine(line, 40, hangOf(line));
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(40);
    expect(lines.slice(1).every((l) => l.startsWith(' '.repeat(10)) && l[10] !== ' ')).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.trim())).join(' ')).toBe(line);
  });

  it('keeps a number with its unit, and cuts a word longer than the room', () => {
    expect(wrapLine('latency p99 12.5 s', 16)).toEqual(['latency p99', '12.5 s']);
    expect(wrapLine('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('closes a colour at the break and opens it again on the next line', () => {
    const c = makeChalk(true);
    const lines = wrapLine(c.red('one two three four'), 9);
    expect(lines.map((l) => l.replace(ANSI_RE, ''))).toEqual(['one two', 'three', 'four']);
    // eslint-disable-next-line no-control-regex -- colour codes are what this pattern finds
    for (const l of lines) expect(l).toMatch(/^\u001b\[31m.*\u001b\[(0|39)m$/);
  });

  it('leaves lines that fit alone, and cuts with … when asked to truncate', () => {
    expect(wrapText('short\nlines', 10)).toBe('short\nlines');
    expect(truncate('abcdefghij', 6)).toBe('abcde…');
    expect(truncate('abc', 6)).toBe('abc');
  });
});

describe('textTable with a width', () => {
  const header = ['strategy', 'completed', 'shed', 'lost', 'tokens', 'retry amp'];
  const rows = [
    ['priority-shed', '1,234', '567', '0', '123,456,789', '1.00×'],
    ['drop', '1,000', '0', '801', '98,765,432', '1.00×'],
  ];

  it('is unchanged when it fits', () => {
    expect(textTable(header, rows, { width: 200, drop: ['tokens'] })).toBe(textTable(header, rows));
  });

  it('shortens headers, then leaves columns out in the order given and says which', () => {
    const out = textTable(header, rows, { width: 50, drop: ['tokens', 'retry amp', 'shed'], abbreviate: { 'retry amp': 'retry×' } });
    const lines = out.split('\n');
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(50);
    expect(lines[0]).toMatch(/^strategy +completed +shed +lost +retry×$/);
    expect(lines.at(-1)).toBe('(not shown at 50 columns: tokens)');
  });

  it('wraps a free-text last column under itself', () => {
    const out = textTable(['at', 'detail'], [['1.00 s', 'crash-service: killed with 75 queued, 4 in flight']], {
      width: 30,
      wrap: true,
      align: ['right', 'left'],
    });
    expect(out.split('\n')).toEqual(['    at  detail', '1.00 s  crash-service: killed', '        with 75 queued, 4 in', '        flight']);
  });

  it('splits into several tables, each led by the first column, when asked', () => {
    const out = textTable(header, rows, { width: 40, split: true });
    const tables = out.split('\n\n');
    expect(tables.length).toBeGreaterThan(1);
    for (const t of tables) expect(t.split('\n')[0]).toMatch(/^strategy/);
    for (const l of out.split('\n')) expect(visibleWidth(l)).toBeLessThanOrEqual(40);
  });
});

describe('markerLines', () => {
  const m = (kind: string, atMs: number, glyph: string, endMs?: number): Marker => ({ kind, atMs, glyph, ...(endMs !== undefined && { endMs }) });

  it('merges events in one column: the count in the row, listed together in the key', () => {
    const [row, key] = markerLines([m('phase', 6000, 'P'), m('hypothesis', 6000, 'H'), m('crash-service', 9000, 'X')], 0, 1, 20, 0);
    expect(row).toBe('      2  X');
    expect(key).toBe('events: 2 at 6.00 s: P phase, H hypothesis · X crash-service 9.00 s');
  });

  it('wraps the key within the width, and counts what a long run leaves out', () => {
    const many = Array.from({ length: 60 }, (_, i) => m('backend-outage', i * 1000, '!', i * 1000 + 500));
    const lines = markerLines(many, 0, 1.2, 50, 4, 60);
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(60);
    expect(lines.length).toBeLessThanOrEqual(9);
    expect(lines.at(-1)).toMatch(/… \d+ more events$/);
  });
});
