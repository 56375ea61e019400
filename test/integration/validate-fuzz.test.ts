import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createRng, type Rng } from '../../src/time/index.js';
import { bin, cli, scenarioFile } from '../helpers/cli.js';

/**
 * A seeded mutation test of `validate` over every file in scenarios/: whatever the file says,
 * validate answers 0 (valid) or 2 (bad input, one short message per problem), never a crash
 * (exit 3), a hang or a stack trace. The mutants are the inputs that once crashed or hung it:
 * huge counts and rates, .inf, bare numbers, alias bombs, control and bidi characters, long
 * values, broken YAML.
 */
const SCENARIOS = new URL('../../scenarios/', import.meta.url).pathname;
const SEEDS = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ name: f, text: readFileSync(join(SCENARIOS, f), 'utf8') }));
const MUTANTS = 2000;

const HOSTILE: unknown[] = [
  0,
  -1,
  1e9,
  1e12,
  2147483648,
  1e308,
  -0.5,
  0.5,
  3.7,
  Infinity,
  -Infinity,
  NaN,
  null,
  true,
  '',
  'x',
  '5',
  '5 parsecs',
  '0ms',
  '1e9s',
  '25h',
  '100ms',
  '2m',
  [],
  {},
  [1, 2],
  { a: 1 },
  'a\u202eb',
  'bell\u0007\u001b[31m',
  '\u001b]0;title\u0007\u001b[2J\u0000',
  '[click](http://evil.example/) ![img](http://evil.example/x.png)',
  '23h59m',
  '24h',
  'x'.repeat(200_000),
  [[[[[[[[[[[[1]]]]]]]]]]]],
  'reject-429',
  'persistent',
  'naive',
  'poisson',
  'crash-worker',
  'backend-outage',
  'http://10.0.0.1/',
  'http://127.0.0.1:1/x',
];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)];

/** Every path to a value in the document (mappings and lists included). */
function paths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const here = prefix.length ? [prefix] : [];
  if (Array.isArray(node)) return [...here, ...node.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (node && typeof node === 'object') return [...here, ...Object.entries(node).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return here;
}

function setAt(doc: Record<string, unknown>, path: (string | number)[], value: unknown, remove = false): void {
  let node = doc as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove && Array.isArray(node)) node.splice(last as number, 1);
  else if (remove) delete node[last];
  else node[last] = value;
}

function structural(rng: Rng, text: string): string {
  const doc = parse(text) as Record<string, unknown>;
  const all = paths(doc);
  const rounds = 1 + Math.floor(rng.next() * 3);
  for (let r = 0; r < rounds; r++) {
    const path = pick(rng, all);
    const roll = rng.next();
    try {
      if (roll < 0.6) setAt(doc, path, structuredClone(pick(rng, HOSTILE)));
      else if (roll < 0.75) setAt(doc, path, undefined, true);
      else if (roll < 0.85) setAt(doc, [...path.slice(0, -1), pick(rng, ['extra', 'durationMs', '__proto__', 'at', 'kind'])], pick(rng, HOSTILE));
      else {
        // A number scaled far past its range, or a duration written as a bare number.
        const v = path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)?.[k], doc);
        if (typeof v === 'number') setAt(doc, path, v * pick(rng, [1e6, 1e9, -1, 0]));
        else if (typeof v === 'string') setAt(doc, path, Number.parseFloat(v) || v.length);
      }
    } catch {
      // A path removed by an earlier round: that round's mutation stands alone.
    }
  }
  return stringify(doc);
}

function textual(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const i = Math.floor(rng.next() * lines.length);
  switch (Math.floor(rng.next() * 9)) {
    case 0:
      return text.slice(0, Math.floor(rng.next() * text.length));
    case 1:
      lines.splice(i, 1);
      return lines.join('\n');
    case 2:
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    case 3: {
      const at = Math.floor(rng.next() * text.length);
      return text.slice(0, at) + pick(rng, ['\t', ':', '{', ']', '&a', '*a', '\u202e', '"', '${NOT_SET_ANYWHERE}', '${X:-1e9}']) + text.slice(at);
    }
    case 4: // an alias bomb appended
      return `${text}\nbomb: &a [x, x, x, x, x, x, x, x, x, x]\nb2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nb3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nb4: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
    case 5: // one anchor reused many times
      return text.replace(/^name: (.*)$/m, 'name: &n $1') + `\nnames:\n${'  - *n\n'.repeat(150)}`;
    case 6: {
      // Nested far past any scenario's depth: flow collections, or block mappings by indentation.
      const depth = pick(rng, [100, 5_000, 50_000]);
      const nested =
        rng.next() < 0.5
          ? `${'['.repeat(depth)}${']'.repeat(depth)}`
          : `\n${Array.from({ length: Math.min(depth, 2_000) }, (_, d) => `${' '.repeat(d + 2)}a:`).join('\n')} 1`;
      return `${text}\ndeep: ${nested}\n`;
    }
    case 7: // a name and description that try to take over the terminal or the Markdown
      return text
        .replace(
          /^name: .*$/m,
          `name: ${JSON.stringify(
            pick(
              rng,
              HOSTILE.filter((h) => typeof h === 'string'),
            ),
          )}`,
        )
        .concat(`\ndescription: ${JSON.stringify('\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007 \u202e ![x](http://evil.example/i.png)')}\n`);
    default:
      return lines
        .map((l) => (l.includes(': ') && rng.next() < 0.2 ? l.replace(/: .*/, `: ${pick(rng, ['1e9', '.inf', '-.nan', '0', '30000', '~'])}`) : l))
        .join('\n');
  }
}

/** The mutant's file, its exit code and what it printed. */
async function validateMutant(text: string) {
  const file = scenarioFile(text);
  const r = await cli('validate', file);
  return { ...r, text, file };
}

/** What no output line may hold: bidi controls, BEL, ESC, NUL, C1 controls (gameday's own colour is off: NO_COLOR). */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const RAW_CONTROL = /[\u202a-\u202e\u2066-\u2069\u0000\u0007\u001b\u0080-\u009f]/;

describe('validate under mutation (seeded)', () => {
  it(
    `answers 0 or 2 for each of ${MUTANTS} mutants of scenarios/*.yaml, never a crash or a trace; plan the same for every valid one`,
    { timeout: 600_000 },
    async () => {
      const rng = createRng(20261129);
      const codes = new Map<number, number>();
      const planCodes = new Map<number, number>();
      for (let n = 0; n < MUTANTS; n++) {
        const seed = SEEDS[n % SEEDS.length];
        const text = rng.next() < 0.6 ? structural(rng, seed.text) : textual(rng, seed.text);
        const r = await validateMutant(text);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        const context = `mutant ${n} of ${seed.name} (exit ${r.code}): ${r.stderr.slice(0, 400)}`;
        expect([0, 2], context).toContain(r.code);
        expect(r.stderr, context).not.toMatch(/\n\s+at |looks like a bug/);
        // Nothing echoed back at length, nothing raw that reorders a terminal line.
        for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) expect(line.length, context).toBeLessThanOrEqual(600);
        expect(`${r.stdout}${r.stderr}`, context).not.toMatch(RAW_CONTROL);
        if (r.code === 2) expect(r.stderr.trim(), context).not.toBe('');
        if (r.code !== 0) continue;
        // A valid scenario is planned (its forecast built from phases × faults) without a crash, a trace or raw control characters.
        const p = await cli('plan', r.file);
        const planned = `plan of mutant ${n} (exit ${p.code}): ${p.stderr.slice(0, 400)}`;
        expect([0, 2], planned).toContain(p.code);
        expect(p.stderr, planned).not.toMatch(/\n\s+at |looks like a bug/);
        expect(`${p.stdout}${p.stderr}`, planned).not.toMatch(RAW_CONTROL);
        planCodes.set(p.code, (planCodes.get(p.code) ?? 0) + 1);
      }
      if (process.env.FUZZ_LOG) console.log([...codes], [...planCodes]);
      // The mutants reach both answers: a mutator that breaks every file (or none) tests nothing.
      expect(codes.get(0) ?? 0).toBeGreaterThan(50);
      expect(codes.get(2) ?? 0).toBeGreaterThan(800);
      expect(planCodes.get(0) ?? 0).toBeGreaterThan(50);
    },
  );

  it('the binary gives the same answers to a handful of them', () => {
    const rng = createRng(7);
    for (let n = 0; n < 4; n++) {
      const text = n % 2 ? textual(rng, SEEDS[n].text) : structural(rng, SEEDS[n].text);
      const r = bin(['validate', scenarioFile(text)]);
      expect([0, 2], r.stderr).toContain(r.code);
      expect(r.stderr).not.toMatch(/\n\s+at |looks like a bug/);
    }
    const huge = bin(['validate', scenarioFile(SEEDS[0].text.replace(/rate: \d+/, 'rate: 1e9'))]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/rate.*<= 100,000/);
  });
});
