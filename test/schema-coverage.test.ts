/**
 * scenarios/schema.json is what an editor checks a scenario against while it is written. It must
 * accept every scenario in the repository, know every option of every strategy and fault kind
 * (a new option shows up in it by itself), and refuse what the loader refuses where JSON Schema
 * can say so, checked here with a real JSON Schema validator.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { starterScenario } from '../src/cli/commands/init.js';
import { faultKinds, faultSchema } from '../src/fault/index.js';
import { parseScenario } from '../src/index.js';
import { substituteEnv } from '../src/scenario/source-text.js';
import { strategyCatalog } from '../src/strategy/index.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON Schema read back from its file

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA_PATH = join(ROOT, 'scenarios', 'schema.json');
const schema: Json = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
// Strict: a keyword or format Ajv does not know is an error, not skipped. Not strictRequired: a
// `required` inside an `if` names fields the object lists beside it. enumDescriptions is an
// editor's annotation (the line shown beside each name it offers), not a check.
const check = new Ajv2020({ allErrors: true, strict: true, strictRequired: false })
  .addKeyword('enumDescriptions')
  .addFormat('uri', (s: string) => URL.canParse(s))
  .compile(schema);
const problems = (doc: unknown): string[] => (check(doc) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`));

/** YAML files under scenarios/ and examples/ that are not scenarios, and what they are instead. */
const NOT_SCENARIOS: Record<string, string> = { 'examples/ci/gameday.yml': 'a GitHub Actions workflow' };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(e.name) ? [relative(ROOT, path)] : [];
  });
}

const FILES = ['scenarios', 'examples']
  .flatMap((d) => yamlFiles(join(ROOT, d)))
  .filter((f) => !(f in NOT_SCENARIOS))
  .sort();
const STARTERS: [string, string][] = [
  ['gameday init', starterScenario()],
  ['gameday init --service-url', starterScenario('http://127.0.0.1:3000/jobs')],
];
const MODELINE = /^# yaml-language-server: \$schema=(.+)$/m;

describe('every scenario in the repository passes scenarios/schema.json', () => {
  it('finds the scenario files', () => {
    expect(FILES).toEqual(expect.arrayContaining(['scenarios/spike.yaml', 'examples/my-service.yaml', 'examples/own-service/game-day.yaml']));
  });

  it.each(FILES)('%s: the JSON Schema accepts it, as the loader does', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    // The staging example's token is read from the environment, as a user's would be.
    expect(() => parseScenario(text, file, { env: { ...process.env, STAGING_TOKEN: 'example' } })).not.toThrow();
    expect(problems(parse(text))).toEqual([]);
  });

  it.each(FILES)('%s: its schema line, if any, points at scenarios/schema.json', (file) => {
    const line = MODELINE.exec(readFileSync(join(ROOT, file), 'utf8'));
    if (line) expect(resolve(dirname(join(ROOT, file)), line[1])).toBe(SCHEMA_PATH);
  });

  it.each(STARTERS)('what `%s` writes passes it (with its ${VAR:-default} filled in) and points at it', (_cmd, text) => {
    expect(problems(parse(substituteEnv(text, {}, 'starter.yaml')))).toEqual([]);
    expect(MODELINE.exec(text)?.[1]).toBe(SCHEMA_PATH);
  });
});

const strategies: Json[] = schema.properties.service.properties.strategy.oneOf;
const faults: Json[] = schema.properties.faults.items.oneOf;

describe('scenarios/schema.json knows every plug-in and every option', () => {
  it('offers every registered strategy by name, with what it does', () => {
    expect(strategies[0].enum).toEqual(strategyCatalog.names());
    expect(strategies[0].enumDescriptions).toEqual(strategyCatalog.names().map((n) => strategyCatalog.describe(n)));
  });

  it.each(strategyCatalog.names())('strategy %s: `{ type, ...options }` takes exactly the options its schema accepts', (name) => {
    const options = strategyCatalog.optionsSchema(name);
    expect(options).toBeInstanceOf(z.ZodObject);
    const written = strategies.filter((s) => s.properties?.type?.const === name);
    expect(written).toHaveLength(1);
    expect(Object.keys(written[0].properties).sort()).toEqual(['type', ...Object.keys((options as z.ZodObject).shape)].sort());
    expect(written[0].additionalProperties).toBe(false);
    expect(written[0].required).toContain('type');
  });

  it.each(faultKinds())('fault %s: takes exactly the options its schema accepts', (kind) => {
    const options = faultSchema.options.filter((o) => o.shape.kind.value === kind);
    const written = faults.filter((f) => f.properties.kind.const === kind);
    expect([options.length, written.length]).toEqual([1, 1]);
    expect(Object.keys(written[0].properties).sort()).toEqual(Object.keys(options[0].shape).sort());
    expect(written[0].additionalProperties).toBe(false);
  });

  it('leaves no field open: every object lists its fields and refuses others, and nothing takes any value', () => {
    const open: string[] = [];
    for (const [path, node] of subschemas(schema, '')) {
      if (Object.keys(node).length === 0 && !path.endsWith('/not')) open.push(`${path || '/'}: takes any value`);
      if (node.properties && node.type === 'object' && node.additionalProperties !== false) open.push(`${path}: takes fields it does not list`);
    }
    expect(open).toEqual([]);
  });
});

/** Every place in a JSON Schema that is itself a schema, with its path (defaults and examples are values, not schemas). */
function* subschemas(node: Json, path: string): Generator<[string, Json]> {
  yield [path, node];
  for (const [name, s] of Object.entries<Json>(node.properties ?? {})) yield* subschemas(s, `${path}/${name}`);
  for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else'])
    if (typeof node[key] === 'object' && node[key] !== null) yield* subschemas(node[key], `${path}/${key}`);
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const [i, s] of (node[key] ?? []).entries()) yield* subschemas(s, `${path}/${key}[${i}]`);
}

const BASE = { name: 'probe', traffic: { phases: [{ duration: '1s', rate: 1 }] }, service: { strategy: 'reject-429' } };
const withService = (service: Json): Json => ({ ...BASE, service });
const withStrategy = (strategy: unknown): Json => withService({ strategy });

/** Each strategy with every option that has a default written out at it: the schema's own defaults must pass both. */
const atDefaults = strategies.slice(1).map((s) => ({
  type: s.properties.type.const,
  ...Object.fromEntries(Object.entries<Json>(s.properties).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, v.default]]))),
}));

const ACCEPTED: [string, Json][] = [
  ['a strategy by name', BASE],
  ...atDefaults.map((o): [string, Json] => [`${o.type} with its defaults written out`, withStrategy(o)]),
  ['persistent on redis with its url', withStrategy({ type: 'persistent', store: 'redis', url: 'redis://127.0.0.1:6379' })],
  ['token-bucket egress with its rate', withService({ strategy: 'block', egress: { kind: 'token-bucket', rate: 5, burst: 2 } })],
  [
    'gradient egress with its options',
    withService({ strategy: 'block', egress: { kind: 'gradient', window: '5s', tolerance: 2, smoothing: 0.5, queueSize: 1 } }),
  ],
  ['vegas egress with its options', withService({ strategy: 'block', egress: { kind: 'vegas', window: '5s', alpha: 1, beta: 3 } })],
];

const REFUSED: [string, Json, string][] = [
  ['an unknown strategy option', withStrategy({ type: 'reject-503', shedAtt: 0.5 }), 'shedAtt'],
  ["another strategy's option", withStrategy({ type: 'reject-429', maxWait: '1s' }), 'maxWait'],
  ['an unknown strategy name', withStrategy('reject-404'), 'reject-404'],
  ['an unknown strategy type', withStrategy({ type: 'reject-404' }), 'reject-404'],
  ['a strategy object without a type', withStrategy({ shedAt: 0.5 }), 'service.strategy'],
  ['a duration option without its unit', withStrategy({ type: 'persistent', lease: 400 }), 'lease'],
  ['an option out of range', withStrategy({ type: 'unbounded', maxItems: 0 }), 'maxItems'],
  ['a redis url on a sqlite queue', withStrategy({ type: 'persistent', url: 'redis://127.0.0.1:6379' }), 'url'],
  ['an egress option of another kind', withService({ strategy: 'block', egress: { kind: 'gradient', alpha: 1 } }), 'alpha'],
  ['an egress option of the default kind (fixed)', withService({ strategy: 'block', egress: { window: '5s' } }), 'window'],
  ['token-bucket egress without its rate', withService({ strategy: 'block', egress: { kind: 'token-bucket' } }), 'rate'],
  ['an unknown fault option', { ...BASE, faults: [{ at: '1s', kind: 'backend-outage', duration: '1s', factor: 2 }] }, 'factor'],
  ['an unknown fault kind', { ...BASE, faults: [{ at: '1s', kind: 'backend-flood', duration: '1s' }] }, 'backend-flood'],
  ['a retired field', { ...BASE, traffic: { ...BASE.traffic, tolerance: { lagP99: '5ms' } } }, 'lagP99'],
];

describe('scenarios/schema.json decides as the loader does', () => {
  it.each(ACCEPTED)('accepts %s', (_what, doc) => {
    expect(() => parseScenario(stringify(doc), 'probe.yaml')).not.toThrow();
    expect(problems(doc)).toEqual([]);
  });

  it.each(REFUSED)('refuses %s', (_what, doc, named) => {
    expect(() => parseScenario(stringify(doc), 'probe.yaml')).toThrow(named);
    expect(problems(doc)).not.toEqual([]);
  });
});
