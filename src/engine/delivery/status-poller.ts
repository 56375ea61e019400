import { FAILED_WITHOUT_REASON, parseJsonCondition, parseJsonPath, valueAt, type DeliveryReport, type JsonCondition, type Ledger } from '../../model/index.js';
import { request, type Dispatcher } from 'undici';
import { type Clock } from '../../time/index.js';
import { statusPath, type DeliveryConfig } from '../../scenario/index.js';

/** How a poll reaches your service: the credentials its jobs carry, and its TLS. */
export interface StatusHttp {
  headers?: (id: string) => Record<string, string>;
  dispatcher?: Dispatcher;
}

/** How often the poller looks for jobs due a poll. */
const TICK_MS = 50;
/** Polls in flight at once: a bound on the sockets the poller holds beside the load. */
const MAX_IN_FLIGHT = 32;
/**
 * Ledger entries one tick looks at, at most: the poller shares the load generator's event loop, so
 * a tick stays short however many requests the run holds (round robin: the next tick goes on).
 */
const SCAN_PER_TICK = 4_096;
const POLL_TIMEOUT_MS = 2_000;

/**
 * `service.delivery: { status: "GET /jobs/{id}", done, failed }`: polls every accepted job's status
 * on the service's origin until `done` (a delivery: `completed`) or `failed` (`failed`, with the
 * reason at `reason`) holds, or the run ends. Each job at most once per `every`; all of them at
 * most `maxRate` polls a second, round robin, so a large backlog is polled slower, never harder.
 * A poll that fails (no answer, not 2xx, not JSON) changes nothing; the job is polled again.
 */
export class StatusPoller {
  private readonly done: JsonCondition;
  private readonly failed: JsonCondition | undefined;
  private readonly reason: string[] | undefined;
  private readonly nextAt: Float64Array;
  private cursor = 0;
  private budget = 0;
  private inFlight = 0;
  private stopped = false;
  private cancel = () => undefined as void;
  private readonly counts = { reports: 0, unknown_ids: 0, invalid: 0, polls: 0, failed_polls: 0 };
  private lastError: string | undefined;

  constructor(
    private readonly ledger: Ledger,
    private readonly clock: Clock,
    private readonly origin: string,
    private readonly config: DeliveryConfig,
    private readonly http: StatusHttp = {},
  ) {
    // Parsed once more here: the schema refused anything these cannot read.
    this.done = parseJsonCondition(config.done!) as JsonCondition;
    this.failed = config.failed === undefined ? undefined : (parseJsonCondition(config.failed) as JsonCondition);
    this.reason = config.reason === undefined ? undefined : parseJsonPath(config.reason);
    this.nextAt = new Float64Array(ledger.count);
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.budget = Math.min(this.config.maxRate, this.budget + (this.config.maxRate * TICK_MS) / 1000);
      this.pollDue();
      this.cancel = this.clock.setTimer(TICK_MS, tick);
    };
    this.cancel = this.clock.setTimer(TICK_MS, tick);
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
    void this.http.dispatcher?.close();
  }

  report(): DeliveryReport {
    return { signal: 'status', endpoint: this.config.status!, ...this.counts, ...(this.lastError && { last_error: this.lastError }) };
  }

  /** One pass, round robin from where the last one stopped, over jobs awaiting delivery and due a poll. */
  private pollDue(): void {
    const now = this.clock.now();
    const n = this.ledger.count;
    for (let seen = 0; seen < Math.min(n, SCAN_PER_TICK) && this.budget >= 1 && this.inFlight < MAX_IN_FLIGHT; seen++) {
      const i = this.cursor;
      this.cursor = (this.cursor + 1) % n;
      if (!this.ledger.awaitingDelivery(i) || this.nextAt[i] > now) continue;
      this.budget--;
      this.nextAt[i] = now + this.config.every;
      void this.poll(i);
    }
  }

  private async poll(i: number): Promise<void> {
    this.inFlight++;
    this.counts.polls++;
    const id = this.ledger.ids.id(i);
    try {
      const res = await request(`${this.origin}${statusPath(this.config).replace('{id}', encodeURIComponent(id))}`, {
        signal: AbortSignal.timeout(POLL_TIMEOUT_MS),
        headers: this.http.headers?.(id),
        dispatcher: this.http.dispatcher,
      });
      const text = await res.body.text();
      if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`${this.config.status!.replace('{id}', id)} answered ${res.statusCode}`);
      this.judge(i, JSON.parse(text));
    } catch (e) {
      this.counts.failed_polls++;
      this.lastError = e instanceof Error ? e.message : String(e);
    } finally {
      this.inFlight--;
    }
  }

  private judge(i: number, doc: unknown): void {
    if (this.stopped || !this.ledger.awaitingDelivery(i)) return;
    if (this.done(doc)) {
      this.counts.reports++;
      this.ledger.complete(i, this.clock.now());
    } else if (this.failed?.(doc)) {
      this.counts.reports++;
      const why = this.reason ? valueAt(doc, this.reason) : undefined;
      this.ledger.fail(i, why === undefined || why === null || why === '' ? FAILED_WITHOUT_REASON : String(why), this.clock.now());
    }
  }
}
