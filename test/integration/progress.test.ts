import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { liveCheckProgress, progressPrinter, sweepProgress } from '../../src/cli/progress.js';
import type { Harness } from '../../src/engine/harness/harness.js';
import { tick } from '../../src/engine/watch/timers.js';
import type { RunEvent } from '../../src/index.js';
import type { Ledger } from '../../src/model/index.js';
import type { Plan } from '../../src/scenario/index.js';

class Capture extends Writable {
  text = '';
  isTTY?: boolean;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function context(tty: boolean): CliContext & { stderr: Capture } {
  const stderr = new Capture();
  stderr.isTTY = tty;
  return { stdout: new Capture(), stderr, env: {}, exitCode: 0, signal: new AbortController().signal, debug: false };
}

const start = {
  type: 'start',
  scenario: 's',
  strategy: 'persistent',
  run: 'gd-0badcafe',
  mode: 'live',
  scheduled: 300,
  trafficMs: 10_000,
  drainMs: 60_000,
  faults: [],
} satisfies RunEvent;
const TICK = {
  type: 'tick' as const,
  elapsedMs: 22_000,
  trafficMs: 10_000,
  drainMs: 60_000,
  launched: 300,
  sent: 300,
  scheduled: 300,
  targetSoFar: 300,
  depth: 3,
  accepted: 250,
  completed: 224,
  shed: 50,
  rejected: 0,
  failed: 12,
  errors: 0,
  pending: 14,
  inFlight: 2,
  drainEndsMs: 70_000,
};

afterEach(() => void vi.useRealTimers());

describe('the progress line during the drain', () => {
  it('says what the run waits for: held jobs, calls in flight, accepted work unfinished, and the time left', () => {
    const ctx = context(false);
    const print = progressPrinter(ctx);
    print(start);
    print(TICK);
    const line = ctx.stderr.text.split('\n')[1];
    expect(line).toBe(
      '[drain +12s, 48s left] · waiting for 3 held jobs · 2 calls in flight · 14 accepted unfinished · sent 300 of 300 (13.6/s) · completed 224 · shed 50 · rejected 0 · failed 12 · conn/timeout 0',
    );
  });

  it('says what it cannot see, and keeps the traffic line as it was', () => {
    const ctx = context(false);
    const print = progressPrinter(ctx);
    print(start);
    print({ ...TICK, depth: null, inFlight: null, pending: 1 });
    expect(ctx.stderr.text).toContain('· waiting for held jobs (not visible) · calls in flight not visible · 1 accepted unfinished ·');
    const traffic = context(false);
    const again = progressPrinter(traffic);
    again(start);
    again({ ...TICK, elapsedMs: 3000, sent: 90, targetSoFar: 90 });
    expect(traffic.stderr.text.split('\n')[1]).toBe(
      '[3s/10s] · sent 90 of 300 (30.0/s) · depth 3 · completed 224 · shed 50 · rejected 0 · failed 12 · conn/timeout 0',
    );
  });

  it('the tick reads the harness, the ledger and the drain end it is given, and nothing else', () => {
    const events: RunEvent[] = [];
    const h = { clock: { now: () => 22_000 }, depth: () => 3, inFlight: () => 2 } as unknown as Harness;
    const ledger = {
      live: { sent: 300, accepted: 250, shed: 50, rejected: 0, network: 0, timeout: 0, completed: 224, failed: 12 },
      pending: 14,
    } as unknown as Ledger;
    // At 22 s: all three arrivals are due (scheduled); one of them by more than the 50 ms grace (the target).
    const plan = { count: 3, at: [0, 21_960, 22_000], trafficMs: 10_000 } as unknown as Plan;
    const once = (fire: () => void) => (fire(), () => undefined);
    tick(h, plan, ledger, { launched: 300 }, { ms: 60_000, ends: () => 70_000 }, (e) => events.push(e), once)();
    expect(events).toEqual([{ ...TICK, scheduled: 3, targetSoFar: 1 }]);
    // The traffic stopped at 21 s (an abort): what was due from then on was never offered.
    tick(
      h,
      plan,
      ledger,
      { launched: 300 },
      { ms: 60_000, ends: () => 70_000 },
      (e) => events.push(e),
      once,
      () => 21_000,
    )();
    expect(events.at(-1)).toMatchObject({ scheduled: 1, targetSoFar: 1 });
    events.length = 1;
    // A harness that cannot see its calls in flight says null.
    tick({ ...h, inFlight: undefined }, plan, ledger, { launched: 300 }, { ms: 60_000, ends: () => 70_000 }, (e) => events.push(e), once)();
    expect(events[1]).toMatchObject({ inFlight: null });
  });
});

describe('progress in a log without a terminal', () => {
  it('a run prints a plain line at most every 5 s of wall time, however fast its clock goes', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const ctx = context(false);
    const print = progressPrinter(ctx);
    print({ ...start, mode: 'sim' });
    for (let s = 0; s < 12; s++) {
      print({ ...TICK, elapsedMs: s * 60_000 }); // a simulation: a minute of run time a second
      vi.advanceTimersByTime(1000);
    }
    expect(ctx.stderr.text.split('\n').filter((l) => l.startsWith('['))).toHaveLength(3); // at 0, 5 and 10 s
  });

  it('a sweep says how far it is every 5 s, even while no point finishes; on a terminal it redraws one line', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const ctx = context(false);
    const p = sweepProgress(ctx, 40);
    vi.advanceTimersByTime(5000);
    p.onPoint(10);
    vi.advanceTimersByTime(5000);
    vi.advanceTimersByTime(5000);
    p.stop();
    vi.advanceTimersByTime(20_000);
    expect(ctx.stderr.text.split('\n')).toEqual([
      'sweep: 0 of 40 points done after 5s',
      'sweep: 10 of 40 points done after 10s, about 30s left',
      'sweep: 10 of 40 points done after 15s, about 45s left',
      '',
    ]);
    const tty = context(true);
    const q = sweepProgress(tty, 3);
    q.onPoint(1);
    q.onPoint(2);
    q.stop();
    expect(tty.stderr.text).toBe('\r\u001b[2Ksweep: 1/3 points\r\u001b[2Ksweep: 2/3 points\n');
  });

  it("a sweep's live check names each run before its own progress", () => {
    const ctx = context(false);
    const listen = liveCheckProgress(ctx)(1, 2, 'service.capacity=20');
    listen({ ...start, strategy: 'reject-429' });
    expect(ctx.stderr.text).toBe('live check 1 of 2: service.capacity=20\ngameday: s · reject-429 · live · 300 requests over 10s (+ up to 1m drain)\n');
  });
});
