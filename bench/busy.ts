/**
 * A busy machine: the scenario library run live while two CPU-bound processes run at normal
 * priority, each judged as the CLI judges it (gates, then validity by effect), beside the same
 * scenario in virtual time (the reference). Goals: at least 8 of the 9 valid; every valid run's
 * replayed effect within its stated uncertainty; a generator pushed past what it can send
 * (10,000 req/s) and `block` at 3,000 req/s still invalid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stringify } from 'yaml';
import {
  decideValidity,
  evaluateGates,
  loadScenario,
  OUTCOMES,
  parseScenario,
  runScenario,
  type RunReplay,
  type RunResult,
  type Scenario,
} from '../src/index.js';

export interface BusyRow {
  scenario: string;
  verdict: string;
  behind_D: number;
  uncertainty: number;
  replay_diff: number | string;
  within_bound: boolean | string;
  live_vs_sim: number;
  lag_p99_ms: number;
  load_avg: string;
}

const LIBRARY = ['spike', 'sustained-overload', 'backend-outage', 'rate-limit', 'retry-storm', 'slow-drain', 'latency-collapse', 'crash-restart', 'gameday'];

/** Two processes spinning at normal priority, as a shared CI runner's neighbours. */
function hogs(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
}

/** As the CLI judges a run: its gates, then its validity by them. */
function judged(r: RunResult, s: Scenario): RunResult {
  r.gates = evaluateGates(r, s.gates);
  r.validity = decideValidity(r, s.traffic.tolerance, (f) => evaluateGates(f, s.gates));
  return r;
}

function row(name: string, live: RunResult, sim: RunResult | null): BusyRow {
  const v = live.validity;
  const replay = v.replay && 'on_time' in v.replay ? (v.replay as RunReplay) : undefined;
  const u = v.count_uncertainty ?? 0;
  const m = live.wall.machine;
  return {
    scenario: name,
    verdict: v.valid ? 'valid' : 'INVALID',
    behind_D: v.displacement?.arrivals ?? 0,
    uncertainty: u,
    replay_diff: replay ? replay.max_difference : 'no replay',
    within_bound: replay ? replay.max_difference <= u : 'n/a',
    live_vs_sim: sim ? Math.max(...OUTCOMES.map((o) => Math.abs(live.totals[o] - sim.totals[o]))) : -1,
    lag_p99_ms: live.generator.lag_ms?.p99 ?? 0,
    load_avg: m ? `${m.load_average.start}→${m.load_average.end}` : '?',
  };
}

/** A generator asked for more than it can send, and a service that holds every connection. */
function overdriven(): [string, Scenario][] {
  const doc = (rate: number, strategy: string, latency: string) => ({
    name: `overdriven-${strategy}-${rate}`,
    traffic: { phases: [{ duration: '3s', rate }], drain: '5s' },
    client: { timeout: '5s' },
    service: { strategy, capacity: 50, workers: 4 },
    backend: { latency: { p50: latency, p99: latency } },
    gates: ['lost == 0'],
  });
  return [
    ['10,000 req/s (reject-429)', parseScenario(stringify(doc(10_000, 'reject-429', '20ms')), 'bench-10k.yaml')],
    ['block at 3,000 req/s', parseScenario(stringify(doc(3_000, 'block', '100ms')), 'bench-block.yaml')],
  ];
}

export async function benchBusy(library = LIBRARY): Promise<{ rows: BusyRow[]; valid: number; of: number }> {
  const rows: BusyRow[] = [];
  const running = hogs();
  try {
    for (const name of library) {
      const s = loadScenario(`scenarios/${name}.yaml`);
      const live = judged(await runScenario(s, { mode: 'live' }), s);
      const sim = await runScenario(s, { mode: 'sim' });
      rows.push(row(name, live, sim));
    }
    for (const [name, s] of overdriven()) rows.push(row(name, judged(await runScenario(s, { mode: 'live' }), s), null));
  } finally {
    for (const h of running) h.kill('SIGKILL');
  }
  const scenarios = rows.slice(0, library.length);
  return { rows, valid: scenarios.filter((r) => r.verdict === 'valid').length, of: library.length };
}
