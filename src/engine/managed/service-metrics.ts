import { ConfigError, type MetricsPollReport, type ServiceCounters } from '../../model/index.js';
import { type Clock } from '../../time/index.js';
import type { MetricsMap, ServiceMetricsConfig } from '../../scenario/index.js';
import { parsePrometheusText } from './prometheus-text.js';

const FETCH_TIMEOUT_MS = 2_000;
type Field = keyof MetricsMap;
const COUNTERS: Field[] = ['received', 'accepted', 'shed', 'rejected', 'processed', 'failed'];

export type { MetricsPollReport };

/**
 * Your service's own metrics, read during the run (service.metrics). Counters are taken as their
 * increase since the first reading (before any traffic), so what an earlier run counted is not
 * charged to this one. A counter has reset when its value went down, counter by counter, as
 * Prometheus' increase() reads it. A process restart alone is not a reset: a counter kept outside
 * the process (in Redis, in a database) goes on from where it was. The price, as in Prometheus: a
 * restarted process whose counter climbed past its old value between two readings is read as
 * having counted only the difference (a shorter `interval` narrows that window). What a process
 * counted between its last reading and its death is never seen: polling cannot, and the ledger's
 * totals stand. Depth is the latest reading, null while unreadable.
 */
export class ServiceMetrics {
  private raw: Partial<Record<Field, number>> = {};
  private carried: Partial<Record<Field, number>> = {};
  private baseline: Partial<Record<Field, number>> | undefined;
  private depthNow: number | null = null;
  private polls = 0;
  private failed = 0;
  private lastError: string | undefined;
  /** When the last reading that succeeded was taken (run time), if one did. */
  private lastReadAt: number | undefined;
  private cancel = () => undefined as void;
  private stopped = false;

  constructor(
    private readonly cfg: ServiceMetricsConfig,
    private readonly clock: Clock,
  ) {}

  /** The first reading, before traffic: a wrong URL or an unmapped name is bad input (exit 2), not a run of zeros. */
  async first(): Promise<void> {
    const problem = await this.poll();
    if (problem) throw new ConfigError(`service.metrics: ${problem}`, 'GD_ERR_METRICS');
  }

  /** Polls every `interval` on the run's clock until stopped. */
  start(): void {
    const next = () => {
      // A poll in flight when stop() came must not arm another: the loop would outlive the run.
      if (!this.stopped) this.cancel = this.clock.setTimer(this.cfg.interval, () => void this.poll().then(next));
    };
    next();
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  /** One reading; returns what went wrong, or undefined. */
  async poll(): Promise<string | undefined> {
    this.polls++;
    try {
      const res = await fetch(this.cfg.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      const body = await res.text();
      if (res.status < 200 || res.status >= 300) throw new Error(`${this.cfg.url} answered ${res.status}`);
      const lookup = this.cfg.format === 'prometheus' ? promLookup(body) : jsonLookup(body);
      this.take(this.read(lookup));
      this.lastReadAt = this.clock.now();
      return undefined;
    } catch (e) {
      this.failed++;
      this.depthNow = null; // unknown while unreadable: never the last good value dressed as now
      this.lastError = e instanceof Error ? e.message : String(e);
      return this.lastError;
    }
  }

  /**
   * Reads once more, just before a kill: what the process counted until then is kept. Returns how
   * old the last good reading is (ms; null: none ever succeeded).
   */
  async readBeforeKill(): Promise<number | null> {
    await this.poll();
    return this.lastReadAt === undefined ? null : Math.round(this.clock.now() - this.lastReadAt);
  }

  /** Latest queue depth from the service; null when not mapped or not readable now. */
  depth(): number | null {
    return this.depthNow;
  }

  /** The mapped counters, summed over restarts; unmapped fields are absent (never compared). */
  counters(): Partial<ServiceCounters> {
    const out: Partial<ServiceCounters> = {};
    for (const f of COUNTERS) if (this.raw[f] !== undefined) out[f] = (this.carried[f] ?? 0) + this.raw[f] - (this.baseline?.[f] ?? 0);
    if (this.depthNow !== null) out.depth = this.depthNow;
    return out;
  }

  report(): MetricsPollReport {
    return {
      url: this.cfg.url,
      format: this.cfg.format,
      polls: this.polls,
      failed_polls: this.failed,
      ...(this.lastError ? { last_error: this.lastError } : {}),
    };
  }

  private take(values: Partial<Record<Field, number>>): void {
    for (const f of COUNTERS) {
      const v = values[f];
      if (v === undefined) continue;
      const before = this.raw[f];
      if (before !== undefined && v < before) this.carried[f] = (this.carried[f] ?? 0) + before;
      this.raw[f] = v;
    }
    if (values.depth !== undefined) this.depthNow = values.depth;
    this.baseline ??= { ...this.raw };
  }

  /** The mapped fields from one body; a mapped name that is missing is an error naming it. */
  private read(lookup: (name: string) => number | undefined): Partial<Record<Field, number>> {
    const out: Partial<Record<Field, number>> = {};
    for (const [field, name] of Object.entries(this.cfg.map) as [Field, string][]) {
      const v = lookup(name);
      if (v === undefined || !Number.isFinite(v)) throw new Error(`map.${field}: ${this.cfg.url} has no finite number named ${name}`);
      out[field] = v;
    }
    return out;
  }
}

function promLookup(body: string): (name: string) => number | undefined {
  const values = parsePrometheusText(body);
  return (name) => values.get(name);
}

function jsonLookup(body: string): (path: string) => number | undefined {
  const doc: unknown = JSON.parse(body);
  return (path) => {
    let node = doc;
    for (const key of path.split('.')) {
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return typeof node === 'number' ? node : undefined;
  };
}
