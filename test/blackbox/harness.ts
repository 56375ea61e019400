import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { RunResult } from '../../src/index.js';
import type { IdTruth, TruthTable } from './services/kit.js';

/** The Redis the BullMQ services use (scripts/ensure-redis.sh starts one; .ci/run does). */
export const connection = { host: '127.0.0.1', port: 6379 };

export function redisAnswers(): boolean {
  try {
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'ping'], { encoding: 'utf8', timeout: 2000 }).trim() === 'PONG';
  } catch {
    return false;
  }
}

export interface RunningService {
  url: string;
  truth(): Promise<TruthTable>;
  stop(): Promise<void>;
}

/** A free loopback port, for a mock the service must know before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts one of ./services/*.ts in its own process (through tsx), pointed at the mock by ANTHROPIC_BASE_URL. */
export async function startService(name: string, env: Record<string, string | number>): Promise<RunningService> {
  const file = fileURLToPath(new URL(`./services/${name}.ts`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (l) => resolve((JSON.parse(l) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it listened:\n${stderr}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/jobs`,
    truth: async () => (await fetch(`${base}/truth`)).json() as Promise<TruthTable>,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The service's own account, in gameday's terms, computed from its per-id truth alone. */
export function expectedFromTruth(table: TruthTable) {
  const ids = Object.values(table);
  const lastAnswer = (t: IdTruth) => t.answers.at(-1);
  const accepted = ids.filter((t) => lastAnswer(t) === 202);
  return {
    completed: accepted.filter((t) => t.gotBack > 0).length,
    lost: accepted.filter((t) => t.gotBack === 0).length,
    shed: ids.filter((t) => lastAnswer(t) === 503).length,
    duplicates: accepted.reduce((n, t) => n + Math.max(0, t.gotBack - 1), 0),
    messagesSent: ids.reduce((n, t) => n + t.messagesSent, 0),
    countTokensSent: ids.reduce((n, t) => n + t.countTokensSent, 0),
    neverReachedBackend: accepted.filter((t) => t.gotBack === 0 && t.callsCarrying === 0).length,
    everyCallFailed: accepted.filter((t) => t.gotBack === 0 && t.callsCarrying > 0 && !t.aborted).length,
    callerAborted: accepted.filter((t) => t.gotBack === 0 && t.aborted).length,
    dropped: ids.filter((t) => t.dropped).length,
  };
}

/**
 * gameday's counts equal the service's own truth, field by field. `calls` is the truth of every
 * backend call made during the run, when that includes work for other runs' jobs (a backlog).
 */
export function expectMatchesTruth(r: RunResult, table: TruthTable, calls: TruthTable = table): ReturnType<typeof expectedFromTruth> {
  const truth = { ...expectedFromTruth(table), messagesSent: expectedFromTruth(calls).messagesSent, countTokensSent: expectedFromTruth(calls).countTokensSent };
  expect(Object.keys(table)).toHaveLength(r.totals.scheduled);
  expect({
    completed: r.totals.completed,
    lost: r.totals.lost,
    shed: r.totals.shed,
    duplicates: r.totals.duplicates,
    // Every POST /v1/messages the mock received: served, or refused past the request cap.
    messagesSent: r.backend_calls.total + (r.backend_calls.capped ?? 0),
    countTokensSent: r.backend_calls.count_tokens ?? 0,
    neverReachedBackend: r.lost_breakdown.never_reached_backend ?? 0,
    everyCallFailed: r.lost_breakdown.backend_refused_every_call ?? 0,
    callerAborted: r.lost_breakdown.backend_call_aborted ?? 0,
  }).toEqual({
    completed: truth.completed,
    lost: truth.lost,
    shed: truth.shed,
    duplicates: truth.duplicates,
    messagesSent: truth.messagesSent,
    countTokensSent: truth.countTokensSent,
    neverReachedBackend: truth.neverReachedBackend,
    everyCallFailed: truth.everyCallFailed,
    callerAborted: truth.callerAborted,
  });
  expect(r.backend_calls.in_flight_at_end).toBe(0);
  expect(r.backend_ids?.without_id).toBe(0);
  return truth;
}
