import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadScenario, parseVary, planSweep, runSweep, type SweepResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';

/**
 * A one-second spike worked by hand. 100 arrivals, one every 10 ms from t = 0. Each worker takes
 * a job at t = 0, 0.1, ..., 0.9 (a fixed 100 ms service time), so by the last arrival (t = 0.99)
 * W workers have taken 10 W requests and the other 100 - 10 W wait in the queue at once: the
 * spike's excess (100 - 10 W req/s) times its duration (1 s). `drop` loses what a full queue
 * cannot hold, silently, so `lost == 0` passes exactly when capacity >= 100 - 10 W, and
 * lost = max(0, 100 - 10 W - capacity).
 */
const SPIKE = `
name: one-second-spike
seed: 7
traffic:
  phases:
    - { duration: 1s, rate: 100 }
  drain: 30s
client:
  timeout: 60s
service:
  strategy: drop
  capacity: 10
  workers: 1
backend:
  kind: mock
  latency: { p50: 100ms, p99: 100ms }
gates:
  - lost == 0
`;

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepResult;
const needed = (workers: number) => 100 - 10 * workers;

describe('gameday sweep', () => {
  it('--find-min finds the queue a spike needs: excess x duration, for each worker count', async () => {
    const file = scenarioFile(SPIKE);
    const out = tempDir();
    const r = await cli(
      'sweep',
      file,
      '--vary',
      'service.workers=1..3',
      '--vary',
      'service.capacity=65..95:5',
      '--find-min',
      'service.workers,service.capacity',
      '--gates',
      '--out',
      out,
      '--force',
    );
    // Nothing on stderr but the progress a log without a terminal gets every 5 s.
    expect(r.stderr.replace(/^sweep: \d+ of 21 points done after .*\n/gm, '')).toBe('');
    expect(r.code).toBe(0);
    const s = read(out);
    expect(s.points).toHaveLength(3 * 7);
    for (const p of s.points) {
      const [workers, capacity] = p.values as number[];
      expect(p.totals.lost, `workers ${workers}, capacity ${capacity}`).toBe(Math.max(0, needed(workers) - capacity));
      expect(p.totals.scheduled).toBe(100);
      expect(p.pass).toBe(capacity >= needed(workers));
    }
    // Lexicographic, workers first: one worker and the 90 slots it needs (not 2 workers and 80).
    expect(s.search).toEqual({ kind: 'find-min', paths: ['service.workers', 'service.capacity'], found: expect.any(Number), runs: 21 });
    expect(s.points[s.search!.found!].values).toEqual([1, needed(1)]);
    expect(r.stdout).toContain('find-min: service.workers=1, service.capacity=90 is the smallest configuration that passes every gate');
    expect(r.stdout).toMatch(/^gates: lost == 0$/m); // what "pass" was judged by, under the title
    // The strategy every point ran is named: in the title, sweep.json and sweep.html.
    expect(r.stdout).toMatch(/^sweep one-second-spike · strategy drop: 21 points in sim/m);
    expect(s.strategies).toEqual(['drop']);
    expect(new Set(s.points.map((p) => p.strategy))).toEqual(new Set(['drop']));
    // The order given decides: capacity first asks for the smallest queue, which takes 3 workers.
    const queueFirst = tempDir();
    const byQueue = await cli(
      'sweep',
      file,
      '--vary',
      'service.workers=1..3',
      '--vary',
      'service.capacity=65..95:5',
      '--find-min',
      'service.capacity,service.workers',
      '--quiet',
      '--out',
      queueFirst,
    );
    expect(byQueue.code).toBe(0);
    const q = read(queueFirst);
    expect(q.points[q.search!.found!].values).toEqual([3, needed(3)]);
    const html = readFileSync(join(out, 'sweep.html'), 'utf8');
    expect(html).toContain('data-chart="pareto"');
    expect(html).toContain('data-heat="lost"');
    // The chart rings the search's answer (one worker, 90 slots).
    expect(html).toMatch(/data-answer><title>the search.{1,6}s answer: service\.workers=1, service\.capacity=90<\/title>/);
    expect(html).not.toMatch(/<script|https?:\/\//); // self-contained: opens offline
    // Every frontier point is drawn as a frontier dot (points at the same spot share one).
    const drawn = [...html.matchAll(/<circle class="front(?: fail)?" [^>]*data-point="([\d ]+)"/g)].flatMap((m) => m[1].split(' ').map(Number));
    expect(drawn.sort((a, b) => a - b)).toEqual([...s.frontier].sort((a, b) => a - b));
  }, 120_000);

  it('--find-max bisects to the largest spike that passes, and says how many sim runs it took', async () => {
    // With 2 workers and 50 slots, lost = max(0, rate - 20 - 50): rates up to 70 pass.
    // Values 10..200 (20 of them). Bisection: 10 passes, 200 fails; then between them
    // 100 fails, 50 passes, 70 passes, 80 fails: 6 runs, where running all would be 20.
    const file = scenarioFile(SPIKE);
    const out = tempDir();
    const r = await cli(
      'sweep',
      file,
      '--set',
      'service.workers=2',
      '--set',
      'service.capacity=50',
      '--vary',
      'traffic.phases[0].rate=10..200:10',
      '--find-max',
      'traffic.phases[0].rate',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const s = read(out);
    expect(s.search).toMatchObject({ kind: 'find-max', path: 'traffic.phases[0].rate', top_passed: false, runs: 6 });
    expect(s.points.map((p) => p.values[0])).toEqual([10, 50, 70, 80, 100, 200]);
    expect(s.points.find((p) => p.index === s.search!.found)!.values).toEqual([70]);
    for (const p of s.points) expect(p.totals.lost).toBe(Math.max(0, (p.values[0] as number) - 70));
    expect(r.stdout).toContain('find-max: traffic.phases[0].rate=70 is the largest that passes every gate (bisection over 20 values: 6 sim runs)');
    // Nothing passes: the answer is none, and the exit code says the search failed.
    const none = await cli(
      'sweep',
      file,
      '--vary',
      'traffic.phases[0].rate=100..200:50',
      '--find-max',
      'traffic.phases[0].rate',
      '--quiet',
      '--out',
      tempDir(),
    );
    expect(none.code).toBe(1);
  }, 120_000);

  it('is deterministic: twice, on 1 thread and on 2, the same sweep.json apart from wall times', async () => {
    const file = scenarioFile(SPIKE);
    const args = ['sweep', file, '--strategies', 'drop,reject-429,persistent', '--vary', 'service.capacity=20,60', '--quiet'];
    const [a, b] = [tempDir(), tempDir()];
    expect((await cli(...args, '--threads', '1', '--out', a)).code).toBe(0);
    expect((await cli(...args, '--threads', '2', '--out', b)).code).toBe(0);
    const strip = (s: SweepResult) => ({ ...s, wall: undefined, points: s.points.map((p) => ({ ...p, wall: undefined })) });
    const [sa, sb] = [read(a), read(b)];
    expect(sa.wall.threads).toBe(1);
    expect(sb.wall.threads).toBe(2);
    expect(strip(sa)).toEqual(strip(sb));
    expect(sa.points).toHaveLength(6);
    expect(sa.strategies).toEqual(['drop', 'reject-429', 'persistent']);
    for (const p of sa.points) expect(p.strategy).toBe(p.values[0]);
    // reject-429 sheds what drop loses: the same requests, told instead of dropped.
    const at = (strategy: string, capacity: number) => sa.points.find((p) => p.values[0] === strategy && p.values[1] === capacity)!;
    expect(at('drop', 20).totals.lost).toBe(at('reject-429', 20).totals.shed);
  }, 120_000);

  it.each([
    [
      ['--vary', 'service.capcity=10,20'],
      /sweep point 1 of 2 \(service\.capcity=10\): --vary service\.capcity: service: Unknown field `capcity` \(did you mean `capacity`\?\)/,
    ],
    [['--vary', 'service.worker=1,2'], /--vary service\.worker: service: Unknown field `worker` \(did you mean `workers`\?\)/],
    [['--vary', 'traffic.phase[0].rate=1,2'], /--vary traffic\.phase\[0\]\.rate: traffic: Unknown field `phase` \(did you mean `phases`\?\)/],
    [['--vary', 'service.workers=8..2'], /--vary service\.workers: the range "8\.\.2" is empty/],
    [['--vary', 'service.workers=1,2,0'], /sweep point 3 of 3 \(service\.workers=0\): --vary service\.workers: .*>= 1, got 0/],
    [
      ['--vary', 'service.workers=1,2', '--vary', 'traffic.drain=10s,30'],
      /sweep point 2 of 4 \(service\.workers=1, traffic\.drain=30\): --vary traffic\.drain: .*unit/,
    ],
    [['--strategies', 'drop,nope'], /sweep point 2 of 2 \(service\.strategy=nope\): .*unknown strategy "nope"/],
    [['--vary', 'service.workers=1,2', '--find-min', 'service.capacity'], /--find-min service\.capacity: not a varied field/],
    [['--vary', 'service.workers=1,2', '--set', 'gates=[]', '--gates'], /--gates: "passes" means every gate passes, and there is none/],
    [['--vary', 'service.workers=1,2', '--gates', 'shed == 0'], /sweep takes one scenario file, and also got "shed == 0"; a gate expression goes after --gate/],
    [['--vary', 'service.workers=1,2', '--mode', 'live'], /--mode live: a sweep runs every point in virtual time/],
    [
      ['--vary', 'service.capacity=10,20', '--set', 'service.strategy={type: persistent, path: q.db}'],
      /sweep point 1 \(service\.capacity=10\): service\.strategy\.path names one queue file/,
    ],
  ])('bad input %j: exit 2 naming the field and the point, no folder made', async (flags, message) => {
    const out = join(tempDir(), 'never');
    const r = await cli('sweep', scenarioFile(SPIKE), ...flags, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('validates every point before running any: a bad last point stops the sweep with nothing run', () => {
    const file = scenarioFile(SPIKE);
    const load = vi.fn((sets: string[]) => loadScenario(file, { set: sets }));
    const onPoint = vi.fn();
    const plan = () => planSweep({ axes: [parseVary('service.capacity=10,20,30,-1')], load, gates: [], threads: 1, onPoint });
    expect(plan).toThrow(ConfigError);
    expect(plan).toThrow(/sweep point 4 of 4 \(service\.capacity=-1\)/);
    expect(load).toHaveBeenCalledTimes(2 * 4);
    expect(onPoint).not.toHaveBeenCalled();
  });

  it('an interrupted sweep runs nothing more and answers no search from the points it lacks', async () => {
    const file = scenarioFile(SPIKE);
    const load = (sets: string[]) => loadScenario(file, { set: sets });
    const stopped = AbortSignal.abort();
    const grid = await runSweep(
      planSweep({ axes: [parseVary('service.capacity=10,90')], load, gates: ['lost == 0'], threads: 1, findMin: ['service.capacity'], signal: stopped }),
    );
    expect(grid).toMatchObject({ points: [], interrupted: true });
    expect(grid.search).toBeUndefined();
    const bisect = await runSweep(
      planSweep({ axes: [parseVary('service.capacity=10,90')], load, gates: ['lost == 0'], threads: 1, findMax: 'service.capacity', signal: stopped }),
    );
    expect(bisect).toMatchObject({ points: [], interrupted: true });
    expect(bisect.search).toBeUndefined();
  });

  it('a point an abort condition stopped fails, as `run` judges it, however its gates read', async () => {
    // Three seconds of the spike: by the first check (t = 1 s) reject-429 has refused 100 - 10 - 10 = 80 at
    // capacity 10 and stops there; at capacity 300 it refuses nothing in 3 s. The gate passes either way.
    const threeSeconds = SPIKE.replace('duration: 1s', 'duration: 3s').replace('strategy: drop', 'strategy: reject-429');
    const file = scenarioFile(threeSeconds.replace('  - lost == 0', '  - completed >= 0\nabort:\n  - shed > 5'));
    const load = (sets: string[]) => loadScenario(file, { set: sets });
    const s = await runSweep(planSweep({ axes: [parseVary('service.capacity=10,300')], load, gates: [], threads: 1 }));
    expect(s.points.map((p) => [p.totals.shed, p.gates.every((g) => g.pass), p.pass])).toEqual([
      [80, true, false],
      [0, true, true],
    ]);
  });
});

/**
 * An overload as a file: 1 s at 10 req/s, then 3 s at 160. The schedule tolerance is wide so a
 * busy test machine cannot turn the live runs invalid (exit 4). The backend is slow (p50 600 ms)
 * so the live service's own per-call overhead, which a busy machine stretches, is a small part of
 * each call: at p50 100 ms a loaded CI runner completed 8.4% live against 13.9% in sim.
 */
const OVERLOAD = `
name: overload
seed: 7
traffic:
  phases:
    - { duration: 1s, rate: 10 }
    - { duration: 3s, rate: 160 }
  priorities: { critical: 0.1, high: 0.2, normal: 0.4, low: 0.3 }
  drain: 15s
  tolerance: { late: 4s }
client:
  timeout: 20s
service:
  strategy: reject-429
  capacity: 20
  workers: 8
backend:
  latency: { p50: 600ms, p99: 1500ms }
`;

describe('gameday sweep --verify-live', () => {
  it('re-runs the frontier live and sets the outcome fractions side by side, within 5 points', async () => {
    const out = tempDir();
    const r = await cli(
      'sweep',
      scenarioFile(OVERLOAD),
      '--strategies',
      'reject-429,drop',
      '--vary',
      'service.capacity=10,20',
      '--verify-live',
      '2',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const s = read(out);
    expect(s.verify).toHaveLength(Math.min(2, s.frontier.length));
    for (const check of s.verify!) {
      const point = s.points.find((p) => p.index === check.index)!;
      expect(s.frontier).toContain(check.index);
      // The sim side is the point's own totals; the live side a whole run (its shares add up to 1).
      for (const o of ['completed', 'shed', 'rejected', 'failed', 'lost'] as const) expect(check.sim[o]).toBe(point.totals[o] / point.totals.scheduled);
      expect(Object.values(check.live).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      const widest = Math.max(...Object.keys(check.sim).map((o) => Math.abs(check.sim[o] - check.live[o])));
      expect(check.max_diff_points).toBe(Math.round(widest * 1000) / 10);
      expect(check.max_diff_points, JSON.stringify(check)).toBeLessThanOrEqual(5);
    }
    expect(s.verify!.every((c) => c.live_valid)).toBe(true);
    expect(r.stdout).toContain('live check: frontier points re-run live');
    expect(readFileSync(join(out, 'sweep.html'), 'utf8')).toContain('data-live=');
  }, 120_000);
});
