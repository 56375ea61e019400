/**
 * In sim, a `persistent` queue without a `path` is simulated in memory: the same semantics and
 * durability as the SQLite file, without a statement per job. The same run on the file (a `path`
 * given) must say exactly the same, request by request, through a kill and through a stop.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type RunResult } from '../../src/index.js';
import { tempDir } from '../helpers/cli.js';

const CRASH_RESTART = new URL('../../scenarios/crash-restart.yaml', import.meta.url).pathname;

/** The result without what differs by nature between two runs: wall time, the queue's file, the run's nonce in its ids. */
function comparable(r: RunResult): string {
  const { wall: _wall, config: _config, ...rest } = r;
  return JSON.stringify(rest)
    .replace(/gd-[0-9a-f]{8}-/g, 'gd-*-')
    .replace(/queue file [^"]*|the simulated queue file \(in memory\)/g, 'the queue');
}

async function bothWays(set: string[]): Promise<[RunResult, RunResult]> {
  const run = (more: string[]) => runScenario(loadScenario(CRASH_RESTART, { set: [...set, ...more] }), { mode: 'sim', requests: true });
  return [await run([]), await run([`service.strategy.path=${join(tempDir(), 'queue.db')}`])];
}

describe('the durable queue in sim, in memory and on its file', () => {
  it('a kill and restart mid-backlog: the same run, request by request', async () => {
    const [memory, file] = await bothWays([]);
    expect(memory.crashes[0].queued_at_kill).toBeGreaterThan(0); // the kill found a backlog to keep
    expect(memory.crashes[0].recovered_after_restart).toBeGreaterThan(0);
    expect(memory.totals.lost).toBe(0);
    expect(comparable(memory)).toBe(comparable(file));
  });

  it('a run stopped with jobs still queued: the same jobs held at the stop', async () => {
    // One worker: a backlog that the abort's short drain cannot clear.
    const [memory, file] = await bothWays(['abort[0]=completed > 50', 'service.workers=1']);
    expect(memory.unfinished_at_stop?.queue?.where).toBe('the simulated queue file (in memory)');
    expect(file.unfinished_at_stop?.queue?.where).toMatch(/^queue file .*queue\.db$/);
    expect(memory.totals.unfinished_at_stop).toBeGreaterThan(0);
    expect(comparable(memory)).toBe(comparable(file));
  });
});
