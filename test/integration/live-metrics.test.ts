/**
 * Live metrics (`--metrics-port`): a run's figures as Prometheus text while it goes, and once it
 * ended, the totals result.json has. Checked against the run's own per-request rows (every
 * completion's latency in its bucket) and, live, by scraping a real process's endpoint over HTTP.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunMetrics, runScenario, type RunEvent, type RunOptions, type RunResult } from '../../src/index.js';
import { cli, scenarioFile, tempDir } from '../helpers/cli.js';
import { overload } from '../helpers/scenario.js';

const BIN = new URL('../../bin/gameday.js', import.meta.url).pathname;

/** Every sample of a Prometheus text, keyed `name{labels}` exactly as written (labels in the exporter's order). */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+) (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    out.set(m[1], Number(m[2]));
  }
  return out;
}

/** The value of one series: `name` with exactly these labels, run and strategy first. */
function value(all: Map<string, number>, name: string, labels: Record<string, string>): number | undefined {
  const written = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  return all.get(`${name}{${written}}`);
}

/** A progress tick at some moment of the run (only the time matters to the fault gauges). */
const TICK = {
  type: 'tick',
  elapsedMs: 0,
  trafficMs: 20_000,
  drainMs: 5000,
  launched: 0,
  sent: 0,
  scheduled: 0,
  targetSoFar: 0,
  depth: null,
  accepted: 0,
  completed: 0,
  shed: 0,
  rejected: 0,
  failed: 0,
  errors: 0,
  pending: 0,
  inFlight: null,
  drainEndsMs: 25_000,
} satisfies RunEvent;

const OUTCOMES = ['completed', 'shed', 'rejected', 'failed', 'lost'] as const;

/** What the endpoint says once the run ended equals result.json: every total, the sent count, each latency in its bucket. */
function expectFinalEqualsResult(all: Map<string, number>, r: RunResult, run: string): void {
  const l = { run, strategy: r.strategy };
  // The offered load: every scheduled request less those not yet due when a stop came (none, in a run that ran its course).
  expect(value(all, 'gameday_requests_scheduled_total', l)).toBe(r.totals.scheduled - (r.generator.not_due ?? 0));
  expect(value(all, 'gameday_requests_sent_total', l)).toBe(r.generator.sent);
  for (const outcome of OUTCOMES) expect(value(all, 'gameday_requests', { ...l, outcome }), outcome).toBe(r.totals[outcome]);
  expect(value(all, 'gameday_phase', { ...l, phase: 'ended' })).toBe(1);
  expect(value(all, 'gameday_phase', { ...l, phase: 'traffic' })).toBe(0);
}

/** The reference overload on reject-429 in sim, fed to a RunMetrics as the CLI feeds it; its result and what the endpoint would then serve. */
async function simulated(opts: Pick<RunOptions, 'requests' | 'abort'>) {
  const metrics = new RunMetrics();
  let run = '';
  const r = await runScenario(overload('reject-429'), {
    ...opts,
    mode: 'sim',
    onEvent: (e) => {
      if (e.type === 'start') run = e.run;
      metrics.onEvent(e);
    },
    onCompletion: metrics.onCompletion,
  });
  metrics.finish(r);
  return { r, run, all: samples(await metrics.registry.metrics()) };
}

describe('a simulated run, read through its metrics', () => {
  it('ends at result.json: totals by outcome, sent, and every completion in its latency bucket by priority', async () => {
    const { r, run, all } = await simulated({ requests: true });
    expect(r.totals.shed).toBeGreaterThan(0); // an overload: more than one outcome to tell apart
    expectFinalEqualsResult(all, r, run);
    // The histogram, checked request by request against the run's own rows (latency in ms, to 0.1).
    const rows = r.requests!;
    for (const priority of ['critical', 'high', 'normal', 'low']) {
      const mine = rows.latency_ms.filter((ms, i): ms is number => ms !== null && rows.priority[i] === priority);
      const l = { run, strategy: 'reject-429', priority };
      expect(value(all, 'gameday_request_latency_seconds_count', l), priority).toBe(mine.length);
      for (const le of [0.25, 1, 5]) {
        const within = mine.filter((ms) => ms / 1000 <= le).length;
        // A latency within 0.05 ms of a bound may round across it in the rows: none sits there in this run.
        expect(mine.some((ms) => Math.abs(ms / 1000 - le) < 0.0001)).toBe(false);
        expect(value(all, 'gameday_request_latency_seconds_bucket', { le: String(le), ...l }), `${priority} ≤ ${le}s`).toBe(within);
      }
    }
  });

  it('a run stopped by an abort: offered up to the stop, the unsent named apart, and totals as result.json has them', async () => {
    const { r, run, all } = await simulated({ abort: ['shed > 10'] });
    expect(r.generator.not_due).toBeGreaterThan(0);
    expectFinalEqualsResult(all, r, run);
    expect(value(all, 'gameday_requests', { run, strategy: 'reject-429', outcome: 'not_sent' })).toBe(r.totals.not_sent);
  });

  it('a fault acting over a window is active only inside it, and never once the steady state called the faults off', async () => {
    const metrics = new RunMetrics();
    const outage = (run: string) => ({ run, strategy: 'reject-429', kind: 'backend-outage' });
    const start = (run: string): RunEvent => ({
      type: 'start',
      scenario: 's',
      strategy: 'reject-429',
      run,
      mode: 'live',
      scheduled: 100,
      trafficMs: 20_000,
      drainMs: 5000,
      faults: [
        { kind: 'backend-outage', fromMs: 8000, toMs: 14_000 },
        { kind: 'crash-service', fromMs: 5000, toMs: 5000 },
      ],
    });
    const at = async (elapsedMs: number): Promise<Map<string, number>> => {
      metrics.onEvent({ ...TICK, elapsedMs });
      return samples(await metrics.registry.metrics());
    };
    metrics.onEvent(start('gd-00000001'));
    const held = outage('gd-00000001');
    expect(value(await at(7999), 'gameday_fault_active', held)).toBe(0);
    expect(value(await at(8000), 'gameday_fault_active', held)).toBe(1);
    expect(value(await at(13_999), 'gameday_fault_active', held)).toBe(1);
    metrics.onEvent({ type: 'fault', atMs: 5000, kind: 'crash-service', detail: 'killed' });
    const after = await at(14_000);
    expect(value(after, 'gameday_fault_active', held)).toBe(0);
    // A kill is a moment: counted as it happens, never "active".
    expect(value(after, 'gameday_fault_events_total', { run: 'gd-00000001', strategy: 'reject-429', kind: 'crash-service' })).toBe(1);
    expect(value(after, 'gameday_fault_active', { run: 'gd-00000001', strategy: 'reject-429', kind: 'crash-service' })).toBeUndefined();

    // The next run (a comparison's next strategy, a repeat): its own series; its steady state fails at 8 s.
    metrics.onEvent(start('gd-00000002'));
    metrics.onEvent({ type: 'steady-state', atMs: 8000, held: false, detail: 'completed 0 > 1000000' });
    const calledOff = await at(9000);
    expect(value(calledOff, 'gameday_fault_active', outage('gd-00000002'))).toBe(0);
    expect(value(calledOff, 'gameday_fault_active', held)).toBe(0); // the first run's series stay, as they ended
  });
});

describe('--metrics-port refusals', () => {
  const file = () => scenarioFile('name: m\ntraffic: { phases: [{ duration: 1s, rate: 2 }] }\nservice: { strategy: drop }\n');

  it('--metrics-hold without --metrics-port is refused before anything runs', async () => {
    const { code, stderr } = await cli('run', file(), '--mode', 'sim', '--metrics-hold', '5s', '--out', join(tempDir(), 'x'));
    expect(code).toBe(2);
    expect(stderr).toContain('--metrics-hold');
    expect(stderr).toContain('--metrics-port');
  });

  it('a port out of range, or one in use, names the flag; nothing is left behind', async () => {
    const bad = await cli('run', file(), '--mode', 'sim', '--metrics-port', '70000');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--metrics-port expects a port');
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const out = join(tempDir(), 'busy');
      const r = await cli('run', file(), '--mode', 'sim', '--metrics-port', `127.0.0.1:${port}`, '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--metrics-port: cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      busy.close();
    }
  });
});

describe('a live run, scraped over HTTP while it goes', () => {
  let kill: (() => void) | undefined;
  afterEach(() => kill?.());

  const SCRAPED = (seconds: number, latency = 'p50: 100ms, p99: 200ms') => `name: scraped
traffic: { phases: [{ duration: ${seconds}s, rate: 20 }], drain: 5s }
service: { strategy: reject-429, capacity: 5, workers: 1 }
backend: { latency: { ${latency} } }
`;

  /** Runs the binary with --metrics-port 0; scrapes once its traffic shows, and once the final figures are held. */
  async function scrapedRun(scenario: string, ...more: string[]) {
    const out = join(tempDir(), 'run');
    const child = spawn(
      process.execPath,
      [BIN, 'run', scenarioFile(scenario), '--mode', 'live', '--out', out, '--metrics-port', '0', '--metrics-hold', '2m', ...more],
      {
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    kill = () => child.kill('SIGKILL');
    let stderr = '';
    const waitFor = (re: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const m = re.exec(stderr);
          if (m) resolve(m);
        };
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          check();
        });
        child.once('exit', () => reject(new Error(`gameday exited before ${re}: ${stderr}`)));
        check();
      });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = (await waitFor(/metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/))[1];
    // During the traffic: the run's series, with requests sent.
    let during = new Map<string, number>();
    let run = '';
    for (;;) {
      during = samples(await (await fetch(url)).text());
      run = /run="(gd-[0-9a-f]{8})"/.exec([...during.keys()].join('\n'))?.[1] ?? '';
      if (run && (value(during, 'gameday_requests_sent_total', { run, strategy: 'reject-429' }) ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // After: the process waits for a scrape of the final figures (its hold is 2 minutes), then exits at once.
    await waitFor(/holding the final figures/);
    const final = samples(await (await fetch(url)).text());
    const code = await exited;
    return { during, final, run, code, r: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult };
  }

  it('shows the traffic while it runs; after, holds the final figures until scraped, and they equal result.json', async () => {
    const { during, final, run, code, r } = await scrapedRun(SCRAPED(4));
    expect(value(during, 'gameday_phase', { run, strategy: 'reject-429', phase: 'traffic' })).toBe(1);
    expect(code).toBe(0);
    expect(r.totals.shed).toBeGreaterThan(0);
    expectFinalEqualsResult(final, r, run);
    // Every completion observed once, in a run where every completion stayed completed.
    expect(value(final, 'gameday_request_latency_seconds_count', { run, strategy: 'reject-429', priority: 'normal' })).toBe(r.totals.completed);
  }, 60_000);

  it('an abort mid-traffic: offered stops where the traffic did, and the final figures still equal result.json', async () => {
    // A second a call: the backlog left at the stop drains for seconds, while the ticks go on.
    const { final, run, code, r } = await scrapedRun(SCRAPED(30, 'p50: 1s, p99: 1200ms'), '--abort', 'shed > 10');
    expect(r.duration_ms.run - r.abort!.at_ms).toBeGreaterThan(2000);
    expect(code).toBe(5);
    expect(r.generator.not_due).toBeGreaterThan(100); // stopped seconds before the traffic's end
    expectFinalEqualsResult(final, r, run);
    expect(value(final, 'gameday_requests', { run, strategy: 'reject-429', outcome: 'not_sent' })).toBe(r.totals.not_sent);
  }, 60_000);
});

describe('the example Grafana dashboard', () => {
  it('reads only metrics and labels the endpoint serves', async () => {
    const served = new RunMetrics();
    const names = new Set<string>();
    const labels = new Set(['le']);
    for (const m of await served.registry.getMetricsAsJSON()) {
      const suffixes = String(m.type) === 'histogram' ? ['_bucket', '_count', '_sum'] : [''];
      for (const suffix of suffixes) names.add(m.name + suffix);
    }
    // Feed one run through it, so every label it writes shows in its text.
    served.onEvent({
      type: 'start',
      scenario: 's',
      strategy: 'drop',
      run: 'gd-00000003',
      mode: 'sim',
      scheduled: 1,
      trafficMs: 10,
      drainMs: 0,
      faults: [{ kind: 'backend-outage', fromMs: 0, toMs: 5 }],
    });
    served.onCompletion({ atMs: 1, latencyMs: 1, priority: 'normal' });
    served.onEvent({ type: 'fault', atMs: 1, kind: 'crash-service', detail: '' });
    for (const m of (await served.registry.metrics()).matchAll(/(\w+)="/g)) labels.add(m[1]);
    const dashboard = JSON.parse(readFileSync(new URL('../../examples/grafana/gameday-dashboard.json', import.meta.url), 'utf8')) as {
      panels: { title: string; targets: { expr: string; legendFormat: string }[] }[];
      templating: { list: { definition?: string }[] };
    };
    const exprs = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: p.title, expr: t.expr, legend: t.legendFormat }))),
      ...dashboard.templating.list.filter((v) => v.definition).map((v) => ({ where: 'variables', expr: v.definition!, legend: '' })),
    ];
    expect(exprs.length).toBeGreaterThan(8);
    for (const { where, expr, legend } of exprs) {
      for (const [name] of expr.matchAll(/\bgameday_\w+/g)) expect(names, `${where}: ${name}`).toContain(name);
      const used = [
        ...[...expr.matchAll(/[{,]\s*(\w+)\s*(?:=~|!=|=)/g)].map((m) => m[1]),
        ...[...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((x) => x.trim())),
        ...[...expr.matchAll(/label_values\([^,]+,\s*(\w+)\)/g)].map((m) => m[1]),
        ...[...legend.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]),
      ];
      for (const label of used) expect(labels, `${where}: label ${label}`).toContain(label);
    }
  });
});
