import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../model/index.js';
import { MAX_YAML_DEPTH, showValue } from '../units/index.js';
import { closestField, knownFields } from './field-names.js';
import { depthOf, nestingPastLimit, tooDeep } from './yaml-depth.js';

/** One `--set path=value`: a path into the scenario (`traffic.phases[1].rate`) and its new value. */
export interface SetOverride {
  path: (string | number)[];
  /** The path as written, for messages. */
  text: string;
  value: unknown;
  /** Set by applySets: the shortest part of the path that was not in the file (the override made it). */
  made?: (string | number)[];
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d+\])*)$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Parses `path=value`. The value is read as YAML, as the file would write it: `50` is a number,
 * `30s` a string, `[a, b]` a list, `{ type: block, maxWait: 5s }` a mapping.
 * @example parseSet('traffic.phases[1].rate=200') // { path: ['traffic', 'phases', 1, 'rate'], value: 200 }
 */
export function parseSet(spec: string): SetOverride {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set ${showValue(spec)}: expected path=value, like service.capacity=50 or traffic.phases[1].rate=200`, 'GD_ERR_USAGE');
  const text = spec.slice(0, eq).trim();
  const path: (string | number)[] = [];
  for (const part of text.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m || FORBIDDEN.has(m[1]))
      throw new ConfigError(
        `--set ${showValue(text)}: not a field path; write names joined by dots, list items as [n] (traffic.phases[1].rate)`,
        'GD_ERR_USAGE',
      );
    path.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  // The value lands path.length levels down: with its own nesting, no deeper than a file may go.
  const room = MAX_YAML_DEPTH - path.length;
  if (room < 0 || nestingPastLimit(spec.slice(eq + 1), room)) throw tooDeep(`--set ${showValue(text)}`, 'GD_ERR_USAGE');
  let value: unknown;
  try {
    value = parseYaml(spec.slice(eq + 1), { maxAliasCount: 0 });
  } catch (err) {
    throw new ConfigError(`--set ${text}: the value is not valid YAML: ${(err as Error).message.split('\n')[0]}`, 'GD_ERR_USAGE');
  }
  if (depthOf(value, room) > room) throw tooDeep(`--set ${showValue(text)}`, 'GD_ERR_USAGE');
  return { path, text, value };
}

/** Writes each override into the parsed document; a mapping on the way is created, a list item must exist (or be the next one). */
export function applySets(raw: Record<string, unknown>, sets: readonly SetOverride[]): void {
  for (const set of sets) {
    let node: unknown = raw;
    set.path.forEach((key, i) => {
      const last = i === set.path.length - 1;
      const where = `--set ${set.text}`;
      if (typeof key === 'number') {
        if (!Array.isArray(node)) throw new ConfigError(`${where}: ${pathText(set.path.slice(0, i))} is not a list`, 'GD_ERR_USAGE');
        if (key > node.length)
          throw new ConfigError(`${where}: ${pathText(set.path.slice(0, i))} has ${node.length} items; [${key}] would leave a gap`, 'GD_ERR_USAGE');
      } else if (typeof node !== 'object' || node === null || Array.isArray(node)) {
        throw new ConfigError(`${where}: ${pathText(set.path.slice(0, i)) || 'the scenario'} is not a mapping`, 'GD_ERR_USAGE');
      }
      const container = node as Record<string | number, unknown>;
      const missing = container[key] === undefined || container[key] === null;
      // A mistyped list name would otherwise be made empty, and the index step would blame a gap in it.
      if (missing && typeof key === 'string' && typeof set.path[i + 1] === 'number') refuseUnknown(where, set.path.slice(0, i), key);
      if (missing) set.made ??= set.path.slice(0, i + 1);
      if (last) container[key] = set.value;
      else {
        if (missing) container[key] = typeof set.path[i + 1] === 'number' ? [] : {};
        node = container[key];
      }
    });
  }
}

function refuseUnknown(where: string, parent: (string | number)[], key: string): void {
  const known = knownFields(parent);
  if (!known || known.includes(key)) return;
  const close = closestField(key, known);
  throw new ConfigError(
    `${where}: ${pathText(parent) || '(top level)'}: Unknown field \`${key}\`${close ? ` (did you mean \`${close}\`?)` : ''}`,
    'GD_ERR_SCENARIO',
  );
}

function pathText(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** True when `path` is `prefix` or lies under it. */
export function isUnder(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}
