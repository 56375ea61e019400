import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAX_YAML_DEPTH } from '../units/index.js';
import { depthOf, nestingPastLimit } from './yaml-depth.js';

/** The depth the text scan finds: the smallest limit it does not pass. */
const scanned = (text: string) => {
  for (let limit = 0; limit < 1000; limit++) if (!nestingPastLimit(text, limit)) return limit;
  return Infinity;
};

const SHAPES: Record<string, string> = {
  'a sequence at its key’s column': 'a:\n- b:\n  - c:\n    - d: 1\n',
  'compact sequences': 'a:\n  - - - x\n  - y\n',
  'explicit keys': '? a\n: b\n? - x\n  - y\n: - z\n',
  'flow inside block': 'a: { b: [1, {c: 2}] }\nd:\n  e: [x]\n',
  'a block scalar full of brackets and dashes': 'a: |\n  - - - [ [ [\n  { {\nb: 1\n',
  'quoted brackets': 'a: "[[[[{{{{"\nb: \'- - -\'\n',
  'brackets in comments': '# [[[[\na: 1 # {{{{\n',
  anchors: 'a: &x [1, [2]]\nb: *x\nc: &y\n  d: 1\n',
  'a sequence of mappings': '- a: 1\n  b:\n    c: 2\n- d: 3\n',
  'a tagged mapping': 'a: !!map\n  b: 1\n',
  'a plain scalar over two lines': 'a: some\n  long text\nb:\n  - x\n',
  'an empty document': '',
};

describe('YAML nesting, counted before the parser recurses', () => {
  it('the text scan counts what the parsed value holds', () => {
    for (const [name, text] of Object.entries(SHAPES)) expect(scanned(text), name).toBe(depthOf(parse(text)));
    const library = new URL('../../scenarios/', import.meta.url).pathname;
    for (const file of readdirSync(library).filter((f) => f.endsWith('.yaml'))) {
      const text = readFileSync(join(library, file), 'utf8');
      expect(scanned(text), file).toBe(depthOf(parse(text)));
      expect(scanned(text), file).toBeLessThanOrEqual(8);
    }
  });

  it('finds the first level past the limit in a text the parser could not take, at its line and column', () => {
    expect(nestingPastLimit(`x: ${'['.repeat(100_000)}`)).toEqual({ line: 1, col: 4 + MAX_YAML_DEPTH - 1 });
    expect(nestingPastLimit(`x:\n  ${'- '.repeat(100_000)}v`)).toEqual({ line: 2, col: 3 + 2 * (MAX_YAML_DEPTH - 1) });
    const ladder = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(nestingPastLimit(ladder)).toEqual({ line: MAX_YAML_DEPTH + 1, col: MAX_YAML_DEPTH + 1 });
    expect(nestingPastLimit(`x: ${'['.repeat(MAX_YAML_DEPTH - 1)}${']'.repeat(MAX_YAML_DEPTH - 1)}`)).toBeUndefined();
  });

  it('counts a parsed value without recursion, through shared and circular parts', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(depthOf(deep)).toBe(MAX_YAML_DEPTH + 1);
    expect(depthOf(deep, 1_000_000)).toBe(200_000);
    const shared = { a: [1] };
    expect(depthOf({ x: shared, y: { z: shared } })).toBe(4);
    const circle: Record<string, unknown> = {};
    circle.self = circle;
    expect(depthOf(circle)).toBe(MAX_YAML_DEPTH + 1);
    expect(depthOf('text')).toBe(0);
    // A deep part shared by siblings: counted at its height, not again for each of them.
    let tall: unknown = 1;
    for (let i = 0; i < MAX_YAML_DEPTH - 2; i++) tall = [tall];
    expect(depthOf({ a: tall, b: [tall], c: tall })).toBe(MAX_YAML_DEPTH);
    expect(depthOf({ a: tall, b: [[tall]] })).toBe(MAX_YAML_DEPTH + 1);
  });
});
