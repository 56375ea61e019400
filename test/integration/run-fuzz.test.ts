import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createRng, type Rng } from '../../src/time/index.js';
import { scenarioFile, tempDir } from '../helpers/cli.js';

const BIN = new URL('../../bin/gameday.js', import.meta.url).pathname;
/** A hang guard, not a timing: the slowest mutant (a million arrivals) takes ~15 s on two busy cores. */
const HANG_MS = 180_000;

/** The built binary in a child process, awaited (a synchronous spawn would stall the test runner's own messages). */
function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const opts = { timeout: HANG_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } };
    execFile(process.execPath, [BIN, ...args], opts, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/**
 * A seeded run test: scenarios from the generators that once made a run spin or take minutes
 * without a word. Whatever they say, `run --mode sim` through the built binary is refused (exit 2)
 * or ends with its verdict (0 or 1): never a hang (a 3-minute guard kills it), a crash or
 * a stack trace. Needs `npm run build`.
 */
const LOOP_DRIVERS: [string[], string][] = [
  [['service', 'strategy', 'lease'], 'persistent'],
  [['service', 'strategy', 'poll'], 'persistent'],
  [['service', 'strategy', 'retryBackoff'], 'persistent'],
  [['client', 'retry', 'baseDelay'], 'reject-429'],
  [['client', 'retry', 'maxDelay'], 'reject-429'],
  [['backend', 'rateLimits', 'burst'], 'reject-429'],
  [['service', 'egress', 'window'], 'reject-429'],
  [['traffic', 'drain'], 'persistent'],
];
const FAULT_KINDS = ['backend-outage', 'backend-errors', 'backend-latency', 'backend-rate-limit', 'backend-reset', 'crash-worker', 'crash-service'];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)];

function base(strategy: string): Record<string, unknown> {
  const type = strategy === 'persistent' ? { type: 'persistent', store: 'memory' } : { type: strategy };
  return {
    name: 'fuzz',
    seed: 1,
    traffic: { phases: [{ duration: '2s', rate: 50 }], drain: '5s' },
    client: { timeout: '5s', retry: { policy: 'honor-retry-after', maxAttempts: 3 } },
    service: { strategy: type, capacity: 10, workers: 2 },
    backend: { latency: { p50: '50ms', p99: '200ms' } },
  };
}

function setAt(doc: Record<string, unknown>, path: string[], value: unknown): void {
  let node = doc;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function fault(rng: Rng, at: string): Record<string, unknown> {
  const kind = pick(rng, FAULT_KINDS);
  const timed = kind.startsWith('backend-') ? { duration: pick(rng, ['0ms', '1ms', '1s']) } : {};
  const extra: Record<string, Record<string, unknown>> = {
    'backend-errors': { rate: pick(rng, [0, 1, 1e-9]) },
    'backend-latency': { factor: pick(rng, [1e-9, 1000]) },
    'backend-rate-limit': { rpm: pick(rng, [1e-9, 1]) },
    'crash-service': { restartAfter: pick(rng, ['0ms', '1ms']) },
  };
  return { at, kind, ...timed, ...extra[kind] };
}

/** A duration that drives a loop, at 0 or 1 ms. */
function zeroLoopDriver(rng: Rng): Record<string, unknown> {
  const [path, strategy] = pick(rng, LOOP_DRIVERS);
  const doc = base(strategy);
  if (path[1] === 'rateLimits') setAt(doc, ['backend', 'rateLimits', 'rpm'], 600);
  if (path[1] === 'egress') setAt(doc, ['service', 'egress', 'kind'], 'gradient');
  setAt(doc, path, pick(rng, ['0ms', '1ms']));
  return doc;
}

/** A million arrivals in a burst, with faults at 0. */
function millionBurst(rng: Rng): Record<string, unknown> {
  const doc = base(pick(rng, ['drop', 'unbounded']));
  setAt(doc, ['traffic', 'phases'], [{ duration: '10s', rate: 100_000 }]);
  setAt(doc, ['traffic', 'drain'], '1s');
  setAt(doc, ['faults'], [fault(rng, '0s'), fault(rng, '0s')]);
  return doc;
}

/** Priorities of tiny weights, with many faults. */
function tinyPrioritiesManyFaults(rng: Rng): Record<string, unknown> {
  const doc = base('priority-shed');
  setAt(doc, ['traffic', 'priorities'], { critical: 1e-9, high: pick(rng, [1e-12, 0]), normal: 1e-9, low: pick(rng, [1, 1e-9]) });
  setAt(
    doc,
    ['faults'],
    Array.from({ length: 40 }, () => fault(rng, `${Math.floor(rng.next() * 2000)}ms`)),
  );
  return doc;
}

/** A day-long run at the 24-hour limit (a day of per-second points in every report), at a rate a sim gets through in seconds. */
function dayLong(rng: Rng): Record<string, unknown> {
  const doc = base(pick(rng, ['reject-429', 'persistent', 'block']));
  setAt(doc, ['traffic', 'phases'], [{ duration: pick(rng, ['23h', '1430m']), rate: pick(rng, [0.02, 0.05]) }]);
  setAt(doc, ['traffic', 'drain'], pick(rng, ['59s', '10m']));
  setAt(doc, ['faults'], [fault(rng, '1h')]);
  return doc;
}

/** A token bucket that can never hold a whole call, or barely one. */
function burstBelowOne(rng: Rng): Record<string, unknown> {
  const doc = base('reject-429');
  setAt(doc, ['service', 'egress'], { kind: 'token-bucket', rate: pick(rng, [1e-9, 5, 1000]), burst: pick(rng, [0.5, 1e-9, 0.999, 1]) });
  return doc;
}

/** A name and description written to take over a terminal or a Markdown page. */
function hostileNames(rng: Rng): Record<string, unknown> {
  const doc = base(pick(rng, ['drop', 'reject-429']));
  doc.name = pick(rng, ['\u001b]0;owned\u0007\u001b[2J', 'a\u202eb\u2066c', '[x](http://evil.example/)', 'nul\u0000\u009bbell\u0007']);
  doc.description = '![img](http://evil.example/i.png) \u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007';
  return doc;
}

/** YAML nested far past any scenario's depth: not a crash of the parser's recursion. */
function deepYaml(rng: Rng): string {
  const depth = pick(rng, [10_000, 100_000]);
  return `${stringify(base('drop'))}description: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
}

// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const RAW_CONTROL = /[\u202a-\u202e\u2066-\u2069\u0000\u0007\u001b\u0080-\u009f]/;

describe('run under generated scenarios (seeded, built binary)', () => {
  it(
    'refuses or ends every one: zero-duration loop drivers, a million-arrival burst with faults at 0, tiny priorities with many faults, day-long runs, token buckets below one call, hostile names, deep YAML',
    { timeout: 900_000 },
    async () => {
      const rng = createRng(20261207);
      const mutants = [
        ...Array.from({ length: 10 }, () => zeroLoopDriver(rng)),
        millionBurst(rng),
        ...Array.from({ length: 4 }, () => tinyPrioritiesManyFaults(rng)),
        ...Array.from({ length: 2 }, () => dayLong(rng)),
        ...Array.from({ length: 3 }, () => burstBelowOne(rng)),
        ...Array.from({ length: 3 }, () => hostileNames(rng)),
        ...Array.from({ length: 2 }, () => deepYaml(rng)),
      ];
      const codes = new Map<number, number>();
      for (const [n, doc] of mutants.entries()) {
        const text = typeof doc === 'string' ? doc : stringify(doc);
        // Not quiet: the summary is part of what must stay inert.
        const r = await run(['run', scenarioFile(text), '--mode', 'sim', '--out', tempDir()]);
        if (process.env.FUZZ_LOG) appendFileSync(process.env.FUZZ_LOG, `${n} ${r.code} ${Math.round(r.ms)} ${r.stderr.slice(0, 200)}\n`);
        const context = `mutant ${n} (exit ${r.code}):\n${text}\n${r.stderr.slice(0, 600)}`;
        expect([0, 1, 2], context).toContain(r.code);
        expect(r.stderr, context).not.toMatch(/\n\s+at |looks like a bug/);
        expect(`${r.stdout}${r.stderr}`, context).not.toMatch(RAW_CONTROL);
        if (r.code === 2) expect(r.stderr.trim(), context).toMatch(/^gameday: .+/);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
      }
      // The generators reach both sides: some mutants are refused, some run to their verdict.
      expect(codes.get(2) ?? 0).toBeGreaterThan(0);
      expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0);
    },
  );
});
