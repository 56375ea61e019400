import { LineCounter, parseDocument, isMap, isNode, isSeq, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError, replaceVariables } from '../model/index.js';
import { MAX_SCENARIO_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH, escapeUnsafe, showValue } from '../units/index.js';
import { boundsIssues } from './bounds.js';
import { closestField, knownFields } from './field-names.js';
import { scaleScenario } from './scale.js';
import { scenarioSchema, type ParsedScenario } from './schema.js';
import { lessonIssues } from './lesson-check.js';
import { applySets, isUnder, parseSet, type SetOverride } from './set-override.js';
import { readScenarioText, substituteEnv, tooBig } from './source-text.js';
import { depthOf, nestingPastLimit, tooDeep } from './yaml-depth.js';
import { unresolvedAliasError, yamlSyntaxError } from './yaml-errors.js';

/** What the loader needs to know about strategies, injected so scenario/ never imports strategy/. */
export interface StrategyCatalog {
  names(): string[];
  optionsSchema(name: string): z.ZodType | undefined;
}

/** A validated scenario, with the strategy resolved to a type and its validated options. */
export interface Scenario extends Omit<ParsedScenario, 'service'> {
  service: Omit<ParsedScenario['service'], 'strategy'> & { strategy: { type: string; options: Record<string, unknown> } };
  /** Where it came from, for messages. */
  source: string;
  /** Set when the timeline was scaled (`--time-scale`): the factor applied. */
  timeScale?: number;
}

export interface Overrides {
  strategy?: string;
  seed?: number;
  /** Multiplies traffic phase durations and fault times (see scaleScenario); 0.1 runs a tenth of the scenario. */
  timeScale?: number;
  /** `path=value` overrides of any field (`service.capacity=50`), applied to the file before it is validated. */
  set?: readonly string[];
  /** Where `${VAR}` is looked up. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Reads, parses and validates a scenario file; every problem is reported at once, with its line. */
export function loadScenario(path: string, catalog: StrategyCatalog, overrides: Overrides = {}): Scenario {
  const sets = (overrides.set ?? []).map(parseSet); // a bad --set is found before the file is opened
  return parseWith(readScenarioText(path), path, catalog, overrides, sets);
}

export function parseScenario(text: string, source: string, catalog: StrategyCatalog, overrides: Overrides = {}): Scenario {
  return parseWith(text, source, catalog, overrides, (overrides.set ?? []).map(parseSet));
}

/** Where a problem is reported: the file's line, or the --set that put the value there. */
interface Origin {
  source: string;
  doc: Document;
  lines: LineCounter;
  raw: Record<string, unknown>;
  sets: readonly SetOverride[];
  /** The --strategy flag, when it replaced the file's strategy: a problem there is the flag's. */
  strategyFlag?: string;
}

function parseWith(text: string, source: string, catalog: StrategyCatalog, overrides: Overrides, sets: SetOverride[]): Scenario {
  if (text.length > MAX_SCENARIO_BYTES) throw tooBig(source, Buffer.byteLength(text));
  const { doc, lines, raw } = readYaml(substituteEnv(text, overrides.env ?? process.env, source, sentAsWritten(text)), source);
  applySets(raw, sets);
  applyOverrides(raw, overrides);
  const origin: Origin = { source, doc, lines, raw, sets, strategyFlag: overrides.strategy };
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw scenarioError(origin, parsed.error.issues);
  const lessons = lessonIssues(parsed.data.lessons, catalog.names());
  if (lessons.length) throw scenarioError(origin, lessons);
  const timed = overrides.timeScale === undefined ? parsed.data : scaleScenario(parsed.data, overrides.timeScale);
  const bounds = boundsIssues(timed);
  if (bounds.length) throw scenarioError(origin, bounds);
  const scenario = resolveStrategy(timed, origin, catalog);
  EXPRESSION_LINES.set(scenario, expressionLines(scenario, origin));
  return scenario;
}

/**
 * Where `${VAR}` is left as written (see substituteEnv), so a secret never reaches the scenario a
 * run writes out: the request templates (read when each request is sent) and your command lines
 * (the shell reads them when it runs them: `${VAR}` and `${VAR:-default}` mean the same there).
 */
function sentAsWrittenNodes(doc: Document): unknown[] {
  const items = (path: string[]) => {
    const seq = doc.getIn(path, true);
    return isSeq(seq) ? seq.items : [];
  };
  const field = (item: unknown, key: string) => (isMap(item) ? item.get(key, true) : undefined);
  return [
    doc.getIn(['service', 'request'], true),
    doc.getIn(['rollbacks'], true),
    ...items(['faults']).flatMap((f) => [field(f, 'run'), field(f, 'undo')]),
    ...items(['hypothesis', 'probes']).flatMap((p) => [field(p, 'command'), field(field(p, 'http'), 'headers')]),
  ];
}

function sentAsWritten(text: string): [number, number][] {
  if (!/request|run|undo|rollbacks|command|headers/.test(text) || nestingPastLimit(text)) return [];
  // Parsed with each variable as a plain word of its length, so the offsets are the text's own; a
  // file that does not parse so is reported by the real parse after substitution.
  let doc: Document;
  try {
    doc = parseDocument(
      replaceVariables(text, (v) => 'x'.repeat(v.whole.length), { askEscaped: true }),
      { prettyErrors: false },
    );
  } catch {
    return [];
  }
  if (doc.errors.length) return [];
  return sentAsWrittenNodes(doc).flatMap((node) => (isNode(node) && node.range ? [[node.range[0], node.range[1]] as [number, number]] : []));
}

/**
 * The lines of the scenario's expressions (gates, abort conditions, the steady state), by path:
 * they are checked by the expression language after loading, and a problem there is reported at
 * its line like any other (a WeakMap, so the Scenario stays plain data).
 */
const EXPRESSION_LINES = new WeakMap<Scenario, Map<string, string>>();

function expressionLines(s: Scenario, o: Origin): Map<string, string> {
  const lists: [string, (string | number)[], readonly string[]][] = [
    ['gates', ['gates'], s.gates],
    ['abort', ['abort'], s.abort],
    ['hypothesis.steadyState', ['hypothesis', 'steadyState'], s.hypothesis?.steadyState ?? []],
  ];
  return new Map(lists.flatMap(([name, path, items]) => items.map((_, i) => [`${name}[${i}]`, where(o, [...path, i])] as [string, string])));
}

/** Where an expression of the scenario was written: `file:line` (or the --set that put it there), else the file. */
export function expressionSource(s: Scenario, path: string): string {
  return EXPRESSION_LINES.get(s)?.get(path) ?? s.source;
}

function readYaml(text: string, source: string): { doc: Document; lines: LineCounter; raw: Record<string, unknown> } {
  const lines = new LineCounter();
  let doc: Document;
  let raw: unknown;
  const deep = nestingPastLimit(text);
  if (deep) throw tooDeep(`${source}:${deep.line}:${deep.col}`);
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  } catch (err) {
    throw yamlTooDeep(source, err);
  }
  if (doc.errors.length) {
    const e = doc.errors[0];
    const { line, col } = lines.linePos(e.pos[0]);
    // The parser catches its own stack overflow and reports it as the document's error.
    if (/call stack/i.test(e.message)) throw tooDeep(`${source}:${line}:${col}`);
    throw yamlSyntaxError(text, source, e, lines);
  }
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    if (err instanceof RangeError) throw yamlTooDeep(source, err);
    if (err instanceof ReferenceError && /unresolved alias/i.test(err.message)) throw unresolvedAliasError(text, source, err);
    // The yaml package refuses an alias bomb (aliases that expand past maxAliasCount) as a resource limit.
    throw new ConfigError(
      `${source}${firstAliasLine(doc, lines)}: YAML aliases expand too far; the limit is ${MAX_YAML_ALIASES} alias expansions (write the values out)`,
      'GD_ERR_SCENARIO_YAML',
    );
  }
  // Aliases can nest a value deeper than its text: the value is counted too.
  if (depthOf(raw) > MAX_YAML_DEPTH) throw tooDeep(source);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${source}: expected a scenario mapping (name, traffic, service, ...)`, 'GD_ERR_SCENARIO');
  }
  return { doc, lines, raw: raw as Record<string, unknown> };
}

function yamlTooDeep(source: string, err: unknown): ConfigError {
  if (!(err instanceof RangeError)) throw err;
  return tooDeep(source);
}

function firstAliasLine(doc: Document, lines: LineCounter): string {
  let where = '';
  visit(doc, {
    Alias(_key, node) {
      if (node.range) where = `:${lines.linePos(node.range[0]).line}`;
      return visit.BREAK;
    },
  });
  return where;
}

function applyOverrides(raw: Record<string, unknown>, o: Overrides): void {
  if (o.seed !== undefined) raw.seed = o.seed;
  if (o.strategy !== undefined) {
    const service = typeof raw.service === 'object' && raw.service !== null ? (raw.service as Record<string, unknown>) : {};
    // A --strategy override replaces the type; options written for another type would not fit it.
    service.strategy = o.strategy;
    raw.service = service;
  }
}

/** Names a run against the user's own service (service.url): there is no gameday strategy in it. */
export const EXTERNAL_SERVICE = 'external';

function resolveStrategy(s: ParsedScenario & { timeScale?: number }, origin: Origin, catalog: StrategyCatalog): Scenario {
  const source = origin.source;
  if (s.service.url !== undefined) return { ...s, service: { ...s.service, strategy: { type: EXTERNAL_SERVICE, options: {} } }, source };
  const spec = s.service.strategy!;
  const { type, ...rest } = typeof spec === 'string' ? { type: spec } : spec;
  const schema = catalog.optionsSchema(type);
  if (!schema) {
    const path = typeof spec === 'string' ? ['service', 'strategy'] : ['service', 'strategy', 'type'];
    throw scenarioError(origin, [{ path, message: `unknown strategy ${showValue(type)}; expected one of: ${catalog.names().join(', ')}` }]);
  }
  const options = schema.safeParse(rest);
  if (!options.success) {
    const issues = options.error.issues.map((i) => ({ ...i, path: ['service', 'strategy', ...i.path] }));
    throw scenarioError(origin, issues);
  }
  return { ...s, service: { ...s.service, strategy: { type, options: options.data as Record<string, unknown> } }, source };
}

type Issue = { path: PropertyKey[]; message: string };

function scenarioError(origin: Origin, issues: Issue[]): ConfigError {
  const messages = issues.map((i) => `${where(origin, blamedPath(i))}: ${formatPath(i.path)}: ${friendly(i, getAt(origin.raw, i.path))}`);
  return new ConfigError(messages.join('\n'), 'GD_ERR_SCENARIO');
}

/** Where the problem is written: an unknown field is its own key's line (and maybe a --set's), not its parent's. */
function blamedPath(i: Issue & { code?: string; keys?: string[] }): PropertyKey[] {
  return i.code === 'unrecognized_keys' && i.keys?.length ? [...i.path, i.keys[0]] : i.path;
}

function where(o: Origin, path: PropertyKey[]): string {
  const set = [...o.sets].reverse().find((s) => isUnder(path, s.made ?? s.path));
  if (set) return `--set ${set.text}`;
  if (o.strategyFlag !== undefined && isUnder(path, ['service', 'strategy'])) return `--strategy ${showValue(o.strategyFlag)}`;
  return `${o.source}${at(o.doc, o.lines, path)}`;
}

/** Zod's defaults say "expected number, received undefined"; a user wants "missing field". */
function friendly(
  i: Issue & { code?: string; keys?: string[]; expected?: unknown; minimum?: unknown; maximum?: unknown; inclusive?: boolean; options?: unknown[] },
  value: unknown,
): string {
  const field = String(i.path.at(-1));
  const shown = showValue(value);
  if (value === undefined && (i.code === 'invalid_type' || (i.code === 'custom' && i.message.endsWith('got nothing'))))
    return `Missing required field \`${field}\``;
  if (i.code === 'too_small' && i.minimum !== undefined && !i.message.startsWith('Expected'))
    return `Expected \`${field}\` to be ${i.inclusive ? '>=' : '>'} ${String(i.minimum)}, got ${shown}`;
  if (i.code === 'too_big' && i.maximum !== undefined && !i.message.startsWith('Expected'))
    return `Expected \`${field}\` to be ${i.inclusive ? '<=' : '<'} ${String(i.maximum)}, got ${shown}`;
  if (i.code === 'invalid_type' && !i.message.startsWith('Expected')) return `Expected \`${field}\` to be a ${String(i.expected)}, got ${shown}`;
  if (i.code === 'invalid_value') return `${i.message.replace(/^Invalid (option|input): /, '')}, got ${shown}`;
  if (i.code === 'invalid_union' && field === 'kind' && i.options?.length)
    return `Expected \`kind\` to be one of ${i.options.map(String).join(', ')}, got ${shown}`;
  if (i.code === 'invalid_union') return `Expected \`${field}\` to be one of its documented forms, got ${shown}`;
  if (i.code === 'unrecognized_keys' && i.keys) return unknownFields(i.keys, i.path);
  // A refinement cannot see the value it refused; the message names it here.
  if (i.code === 'custom' && i.message.startsWith('Expected `') && !i.message.includes(', got ')) return `${i.message}, got ${shown}`;
  return i.message;
}

function unknownFields(keys: string[], path: PropertyKey[]): string {
  const names = keys.map((k) => `\`${escapeUnsafe(k.length > 80 ? `${k.slice(0, 79)}…` : k)}\``).join(', ');
  // Options once named for their unit (leaseMs) are now plain names with a unit in the value.
  const renamed = keys.find((k) => /^[a-z][A-Za-z]*Ms$/.test(k));
  const known = keys.length === 1 && !renamed ? knownFields(path) : undefined;
  const close = known && closestField(keys[0], known);
  const hint = renamed ? ` (durations carry their unit now: write \`${renamed.slice(0, -2)}: 400ms\`)` : close ? ` (did you mean \`${close}\`?)` : '';
  return `Unknown field${keys.length > 1 ? 's' : ''} ${names}${hint}`;
}

function getAt(raw: unknown, path: PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

export function formatPath(path: PropertyKey[]): string {
  const text = path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(top level)';
  return escapeUnsafe(text.length > 120 ? `${text.slice(0, 119)}…` : text);
}

/** ":line" of the deepest node on the path that exists in the document. */
function at(doc: Document, lines: LineCounter, path: PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return `:${lines.linePos(node.range[0]).line}`;
  }
  return '';
}
