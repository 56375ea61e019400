import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../model/index.js';
import { scaleScenario } from './scale.js';
import { scenarioSchema, type ParsedScenario } from './schema.js';

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
}

/** Reads, parses and validates a scenario file; every problem is reported at once, with its line. */
export function loadScenario(path: string, catalog: StrategyCatalog, overrides: Overrides = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read scenario ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'GD_ERR_SCENARIO_READ');
  }
  return parseScenario(text, path, catalog, overrides);
}

export function parseScenario(text: string, source: string, catalog: StrategyCatalog, overrides: Overrides = {}): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const { line, col } = lines.linePos(e.pos[0]);
    throw new ConfigError(`${source}:${line}:${col}: malformed YAML: ${e.message.split('\n')[0]}`, 'GD_ERR_SCENARIO_YAML');
  }
  const raw = doc.toJS() as unknown;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${source}: expected a scenario mapping (name, traffic, service, ...)`, 'GD_ERR_SCENARIO');
  }
  applyOverrides(raw as Record<string, unknown>, overrides);
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw scenarioError(source, doc, lines, parsed.error.issues);
  const scenario = resolveStrategy(parsed.data, source, doc, lines, catalog);
  return overrides.timeScale === undefined ? scenario : scaleScenario(scenario, overrides.timeScale);
}

function applyOverrides(raw: Record<string, unknown>, o: Overrides): void {
  if (o.seed !== undefined) raw.seed = o.seed;
  if (o.strategy !== undefined) {
    const service = (raw.service ?? {}) as Record<string, unknown>;
    // A --strategy override replaces the type; options written for another type would not fit it.
    service.strategy = o.strategy;
    raw.service = service;
  }
}

/** Names a run against the user's own service (service.url): there is no gameday strategy in it. */
export const EXTERNAL_SERVICE = 'external';

function resolveStrategy(s: ParsedScenario, source: string, doc: Document, lines: LineCounter, catalog: StrategyCatalog): Scenario {
  if (s.service.url !== undefined) return { ...s, service: { ...s.service, strategy: { type: EXTERNAL_SERVICE, options: {} } }, source };
  const spec = s.service.strategy!;
  const { type, ...rest } = typeof spec === 'string' ? { type: spec } : spec;
  const schema = catalog.optionsSchema(type);
  if (!schema) {
    const where = at(doc, lines, ['service', 'strategy']);
    throw new ConfigError(`${source}${where}: service.strategy: unknown strategy ${JSON.stringify(type)}; expected one of: ${catalog.names().join(', ')}`, 'GD_ERR_STRATEGY');
  }
  const options = schema.safeParse(rest);
  if (!options.success) {
    const issues = options.error.issues.map((i) => ({ ...i, path: ['service', 'strategy', ...i.path] }));
    throw scenarioError(source, doc, lines, issues);
  }
  return { ...s, service: { ...s.service, strategy: { type, options: options.data as Record<string, unknown> } }, source };
}

type Issue = { path: PropertyKey[]; message: string };

function scenarioError(source: string, doc: Document, lines: LineCounter, issues: Issue[]): ConfigError {
  const messages = issues.map((i) => `${source}${at(doc, lines, i.path)}: ${formatPath(i.path)}: ${friendly(i, doc)}`);
  return new ConfigError(messages.join('\n'), 'GD_ERR_SCENARIO');
}

/** Zod's defaults say "expected number, received undefined"; a user wants "missing field". */
function friendly(i: Issue & { code?: string; input?: unknown; keys?: string[]; expected?: unknown; minimum?: unknown; maximum?: unknown; inclusive?: boolean }, doc: Document): string {
  const field = String(i.path.at(-1));
  const value = () => JSON.stringify(doc.getIn(i.path as (string | number)[]));
  if (i.code === 'invalid_type' && doc.getIn(i.path as (string | number)[]) === undefined) return `Missing required field \`${field}\``;
  if (i.code === 'too_small' && i.minimum !== undefined) return `Expected \`${field}\` to be ${i.inclusive ? '>=' : '>'} ${String(i.minimum)}, got ${value()}`;
  if (i.code === 'too_big' && i.maximum !== undefined) return `Expected \`${field}\` to be ${i.inclusive ? '<=' : '<'} ${String(i.maximum)}, got ${value()}`;
  if (i.code === 'invalid_type') return `Expected \`${field}\` to be a ${String(i.expected)}, got ${value()}`;
  if (i.code === 'invalid_value') return `${i.message.replace(/^Invalid option: /, '')}, got ${value()}`;
  if (i.code === 'unrecognized_keys' && i.keys) return `Unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `\`${k}\``).join(', ')}`;
  return i.message;
}

export function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(top level)';
}

/** ":line" of the deepest node on the path that exists in the document. */
function at(doc: Document, lines: LineCounter, path: PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return `:${lines.linePos(node.range[0]).line}`;
  }
  return '';
}
