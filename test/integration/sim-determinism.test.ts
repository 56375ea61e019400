/**
 * Determinism of the simulation engine: every library scenario, run twice in sim at its full
 * length, writes the same result.json and requests.csv byte for byte, apart from what differs by
 * nature between two runs (the wall-clock section and the run's nonce in its ids). A same-instant
 * order that depended on anything but the scenario and its seed (a Map's history, a timer of the
 * real clock, the garbage collector) would show up here first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_ENGINE } from '../../src/model/index.js';
import { cli, tempDir } from '../helpers/cli.js';

const DIR = new URL('../../scenarios/', import.meta.url).pathname;
/** Scenarios on a real Redis: sim mode refuses them (exit 2); nothing to compare. */
const LIVE_ONLY = new Set(['redis-workers.yaml']);
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') && !LIVE_ONLY.has(f))
  .sort();

/** One sim run's files, without the wall-clock section and with the nonce masked. */
async function runOnce(file: string, out: string): Promise<{ result: string; requests: string }> {
  const r = await cli('run', join(DIR, file), '--mode', 'sim', '--requests', '--quiet', '--out', out);
  // 0 (passed) or 1 (a gate failed by design, as retry-storm's does); never bad input or an invalid run.
  expect([0, 1], r.stderr).toContain(r.code);
  const mask = (text: string) => text.replace(/gd-[0-9a-f]{8}/g, 'gd-*');
  const { wall, ...rest } = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as Record<string, unknown>;
  expect(wall).toBeDefined();
  return { result: mask(JSON.stringify(rest, null, 2)), requests: mask(readFileSync(join(out, 'requests.csv'), 'utf8')) };
}

describe(`the simulation engine (version ${SIM_ENGINE}) is deterministic`, () => {
  it('covers every library scenario that runs in sim', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(9);
  });

  it.each(FILES)('%s: two runs, the same result.json and requests.csv', async (file) => {
    const out = tempDir();
    const first = await runOnce(file, join(out, 'first'));
    const second = await runOnce(file, join(out, 'second'));
    expect(JSON.parse(first.result)).toMatchObject({ mode: 'sim', sim_engine: SIM_ENGINE });
    expect(first.requests.split('\n').length).toBeGreaterThan(10);
    expect(second.result).toBe(first.result);
    expect(second.requests).toBe(first.requests);
  });
});
