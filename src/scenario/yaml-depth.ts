import { CST, Lexer } from 'yaml';
import { ConfigError } from '../model/index.js';
import { MAX_YAML_DEPTH } from '../units/index.js';

/**
 * How deeply YAML may nest, checked before the parser sees it: the yaml package composes nested
 * collections by recursion, so 10,000 `[` in a 20 kB file overflowed the stack (and took seconds
 * to fail), and what is built from the value afterwards recurses too. A scenario nests about six
 * levels (`traffic.phases[0].rate` is four); the limit, MAX_YAML_DEPTH, is far past that.
 */
export function tooDeep(where: string, code = 'GD_ERR_SCENARIO_YAML'): ConfigError {
  return new ConfigError(`${where}: YAML nested deeper than ${MAX_YAML_DEPTH} levels; a scenario needs a handful`, code);
}

/** A block collection still open, known by the column of its entries (a sequence may share its parent key's). */
interface Open {
  col: number;
  kind: 'seq' | 'map';
}

/**
 * Where the text first nests deeper than `limit` collections, or undefined. It reads the yaml
 * package's lexer (a flat stream of tokens, no recursion, linear in the text): `[` and `{` open
 * a level until their close; in block context each `-`, `?` or `key:` belongs to the collection
 * whose entries start at its column, and opens a new one at a deeper column (or a sequence at its
 * parent key's column). Counts a level per collection, as `depthOf` counts the parsed value.
 */
export function nestingPastLimit(text: string, limit = MAX_YAML_DEPTH): { line: number; col: number } | undefined {
  const open: Open[] = [];
  let flow = 0;
  let line = 1;
  let col = 0;
  let keyCol: number | undefined; // the column of the last node on this line in block context: a key if `:` follows
  let scalarNext = false;
  const enter = (at: number, kind: Open['kind']) => {
    let top = open.at(-1);
    while (top && (top.col > at || (top.col === at && top.kind === 'seq' && kind === 'map'))) {
      open.pop();
      top = open.at(-1);
    }
    if (!top || top.col < at || (top.kind === 'map' && kind === 'seq')) open.push({ col: at, kind });
  };
  for (const token of new Lexer().lex(text)) {
    const type: string | null = scalarNext ? 'scalar-source' : CST.tokenType(token);
    scalarNext = type === 'scalar';
    let at = col; // where this token's level starts (a key's, for its `:`)
    if (type === 'doc-start' || type === 'doc-end' || type === 'flow-error-end') [open.length, flow] = [0, 0];
    else if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (flow++ === 0) keyCol = at;
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') flow = Math.max(0, flow - 1);
    else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind')) enter(at, type === 'seq-item-ind' ? 'seq' : 'map');
    else if (flow === 0 && type === 'map-value-ind' && keyCol !== undefined) {
      at = keyCol;
      enter(at, 'map');
    } else if (flow === 0 && (type === 'scalar-source' || type === 'alias' || type === 'single-quoted-scalar' || type === 'double-quoted-scalar')) keyCol = at;
    if (open.length + flow > limit) return { line, col: at + 1 };
    // Columns advance by the token's text; the lexer's markers (document, scalar, flow end) take no room.
    if (type === 'doc-mode' || type === 'scalar' || type === 'flow-error-end') continue;
    const lastBreak = token.lastIndexOf('\n');
    if (lastBreak < 0) col += token.length;
    else {
      for (let i = 0; i <= lastBreak; i++) if (token[i] === '\n') line++;
      col = token.length - lastBreak - 1;
      keyCol = undefined;
    }
  }
  return undefined;
}

/**
 * Collections nested in a parsed value, the outermost counted (`{ a: [1] }` is 2), counted
 * without recursion and only as far as past `limit`. Aliases make the value a graph: a part shared
 * by many is counted once (its height kept), and one that contains itself is endless, so past any
 * limit.
 */
export function depthOf(value: unknown, limit = MAX_YAML_DEPTH): number {
  if (typeof value !== 'object' || value === null) return 0;
  const height = new Map<object, number>(); // a finished collection: the levels at and below it
  const onPath = new Set<object>();
  const frames: { node: object; children: unknown[]; next: number; tallest: number }[] = [];
  const open = (node: object) => {
    onPath.add(node);
    frames.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, tallest: 0 });
  };
  open(value);
  while (frames.length > 0) {
    if (frames.length > limit) return frames.length;
    const frame = frames[frames.length - 1];
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      if (typeof child !== 'object' || child === null) continue;
      const known = height.get(child);
      if (known === undefined && onPath.has(child)) return limit + 1;
      if (known === undefined) open(child);
      else if (frames.length + known > limit) return frames.length + known;
      else frame.tallest = Math.max(frame.tallest, known);
      continue;
    }
    frames.pop();
    onPath.delete(frame.node);
    height.set(frame.node, frame.tallest + 1);
    const parent = frames[frames.length - 1];
    if (!parent) return frame.tallest + 1;
    parent.tallest = Math.max(parent.tallest, frame.tallest + 1);
  }
  return 0;
}
