import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Completion, RunEvent } from '../engine/index.js';
import { OUTCOMES, STOPPED, type RunResult } from '../model/index.js';

/** Every series names its run (its request-id prefix, as your service's logs see it) and strategy: a comparison's runs sit side by side. */
const RUN_LABELS = ['run', 'strategy'] as const;
type RunLabels = Record<(typeof RUN_LABELS)[number], string>;

/** Completion latency buckets (seconds), from a fast mock answer to a backlog minutes deep. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];

/** Where a run is: its phase is 1, the others 0. */
const PHASES = ['traffic', 'drain', 'ended'] as const;

/**
 * A run's figures as Prometheus metrics, fed by its events (`onEvent`) and completions
 * (`onCompletion`) while it goes, and set to the reconciled totals when it ends (`finish`).
 * Counters only ever rise, so `rate()` reads them; where a standing can fall (a shed request
 * retried and accepted), it is a gauge: `gameday_requests{outcome}` is the run as it stands, and
 * once it ended, result.json's totals (`lost` is only known then). One instance serves every run
 * of a command (a comparison, a repeat), each under its own labels.
 */
export class RunMetrics {
  readonly registry = new Registry();
  private readonly scheduled: Counter<string>;
  private readonly sent: Counter<string>;
  private readonly requests: Gauge<string>;
  private readonly pending: Gauge<string>;
  private readonly inFlight: Gauge<string>;
  private readonly depth: Gauge<string>;
  private readonly latency: Histogram<string>;
  private readonly phase: Gauge<string>;
  private readonly elapsed: Gauge<string>;
  private readonly faultActive: Gauge<string>;
  private readonly faultEvents: Counter<string>;
  private labels: RunLabels | undefined;
  private faults: { kind: string; fromMs: number; toMs: number }[] = [];
  /** The steady state did not hold: the faults were called off. */
  private faultsCalledOff = false;
  /** What the counters were last set from, so a tick adds only what is new. */
  private seen = { scheduled: 0, sent: 0 };

  constructor() {
    const r = [this.registry];
    const labelNames = [...RUN_LABELS];
    this.scheduled = new Counter({
      name: 'gameday_requests_scheduled_total',
      help: "Arrivals due so far on the run's schedule, until the traffic stopped if it did (the offered load); at the end, totals.scheduled less generator.not_due",
      labelNames,
      registers: r,
    });
    this.sent = new Counter({ name: 'gameday_requests_sent_total', help: 'Requests whose first attempt left the load generator', labelNames, registers: r });
    this.requests = new Gauge({
      name: 'gameday_requests',
      help: "Requests by outcome as the run stands (the client's last answer, completions, failure reports); at the run's end, its reconciled totals, lost included",
      labelNames: [...labelNames, 'outcome'],
      registers: r,
    });
    this.pending = new Gauge({ name: 'gameday_requests_pending', help: 'Accepted by the service and not yet completed or failed', labelNames, registers: r });
    this.inFlight = new Gauge({
      name: 'gameday_backend_in_flight',
      help: 'Backend calls the service has in flight (absent: not visible)',
      labelNames,
      registers: r,
    });
    this.depth = new Gauge({ name: 'gameday_queue_depth', help: "The service's queue depth (absent: not visible)", labelNames, registers: r });
    this.latency = new Histogram({
      name: 'gameday_request_latency_seconds',
      help: "Completion latency from each request's intended send time, at its first completion (one its client was refused stays shed or rejected, and is observed here too)",
      labelNames: [...labelNames, 'priority'],
      buckets: LATENCY_BUCKETS,
      registers: r,
    });
    this.phase = new Gauge({
      name: 'gameday_phase',
      help: "The run's phase: 1 for the current one (traffic, drain, ended)",
      labelNames: [...labelNames, 'phase'],
      registers: r,
    });
    this.elapsed = new Gauge({ name: 'gameday_run_elapsed_seconds', help: "Time since the traffic began, on the run's clock", labelNames, registers: r });
    this.faultActive = new Gauge({
      name: 'gameday_fault_active',
      help: 'A scheduled fault of this kind acting over a window acts now (1); 0 outside its windows and once the steady state called the faults off',
      labelNames: [...labelNames, 'kind'],
      registers: r,
    });
    this.faultEvents = new Counter({
      name: 'gameday_fault_events_total',
      help: 'Fault moments by kind, as they happen: a kill, a restart, your command',
      labelNames: [...labelNames, 'kind'],
      registers: r,
    });
  }

  /** The run listener: give it every event of a run (RunOptions.onEvent). */
  readonly onEvent = (e: RunEvent): void => {
    if (e.type === 'start') return this.start(e);
    const l = this.labels;
    if (!l) return;
    if (e.type === 'tick') this.tick(l, e);
    else if (e.type === 'fault') this.faultEvents.inc({ ...l, kind: e.kind });
    else if (e.type === 'steady-state' && !e.held) {
      this.faultsCalledOff = true;
      this.showFaults(l, -1);
    } else if (e.type === 'phase' && e.name === 'traffic-done') this.setPhase(l, 'drain');
  };

  /** The run's completion listener: give it every first completion (RunOptions.onCompletion). */
  readonly onCompletion = (c: Completion): void => {
    if (this.labels) this.latency.observe({ ...this.labels, priority: c.priority }, c.latencyMs / 1000);
  };

  /** The run ended: its totals as result.json has them. */
  finish(r: RunResult): void {
    const l = this.labels;
    if (!l) return;
    // The arrivals due before the traffic stopped (all of them, in a run that ran its course): at
    // least what the ticks counted, since the generator's cut is the ticks' or a moment later.
    this.scheduled.inc(l, Math.max(0, r.totals.scheduled - (r.generator.not_due ?? 0) - this.seen.scheduled));
    this.sent.inc(l, Math.max(0, (r.generator.sent ?? 0) - this.seen.sent));
    for (const outcome of [...OUTCOMES, ...STOPPED]) this.requests.set({ ...l, outcome }, r.totals[outcome] ?? 0);
    this.elapsed.set(l, r.duration_ms.run / 1000);
    // Measured while the run went, not at its end: gone, rather than a last tick's value read as final.
    for (const g of [this.pending, this.inFlight, this.depth]) g.remove(l);
    this.showFaults(l, -1);
    this.setPhase(l, 'ended');
  }

  private start(e: Extract<RunEvent, { type: 'start' }>): void {
    const l: RunLabels = { run: e.run, strategy: e.strategy };
    this.labels = l;
    this.faults = e.faults;
    this.faultsCalledOff = false;
    this.seen = { scheduled: 0, sent: 0 };
    // Every series of the run exists from its start, at 0: a panel shows the run before its first answer.
    this.scheduled.inc(l, 0);
    this.sent.inc(l, 0);
    for (const outcome of OUTCOMES) this.requests.set({ ...l, outcome }, 0);
    this.pending.set(l, 0);
    this.showFaults(l, 0);
    this.setPhase(l, 'traffic');
  }

  private tick(l: RunLabels, e: Extract<RunEvent, { type: 'tick' }>): void {
    this.scheduled.inc(l, Math.max(0, e.scheduled - this.seen.scheduled));
    this.sent.inc(l, Math.max(0, e.sent - this.seen.sent));
    this.seen = { scheduled: Math.max(this.seen.scheduled, e.scheduled), sent: Math.max(this.seen.sent, e.sent) };
    const standing = { completed: e.completed, shed: e.shed, rejected: e.rejected, failed: e.failed };
    for (const [outcome, n] of Object.entries(standing)) this.requests.set({ ...l, outcome }, n);
    this.pending.set(l, e.pending);
    if (e.inFlight !== null) this.inFlight.set(l, e.inFlight);
    if (e.depth !== null) this.depth.set(l, e.depth);
    this.elapsed.set(l, e.elapsedMs / 1000);
    this.showFaults(l, e.elapsedMs);
  }

  /** Each scheduled kind: 1 when one of its windows holds `atMs` (never, for -1 or once the faults were called off). */
  private showFaults(l: RunLabels, atMs: number): void {
    const open = new Map<string, number>();
    for (const f of this.faults) {
      if (f.toMs <= f.fromMs) continue; // a fault of one moment: gameday_fault_events_total counts it
      const acts = !this.faultsCalledOff && atMs >= f.fromMs && atMs < f.toMs;
      open.set(f.kind, Math.max(open.get(f.kind) ?? 0, acts ? 1 : 0));
    }
    for (const [kind, v] of open) this.faultActive.set({ ...l, kind }, v);
  }

  private setPhase(l: RunLabels, now: (typeof PHASES)[number]): void {
    for (const phase of PHASES) this.phase.set({ ...l, phase }, phase === now ? 1 : 0);
  }
}
