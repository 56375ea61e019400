import { ConfigError } from '../model/index.js';
import { faultModule } from '../fault/index.js';
import type { Scenario } from './load.js';
import { phaseSegments, type Segment } from './plan.js';

/**
 * Heap bytes one arrival holds while it is in flight (its client's attempt, timers, promises and
 * the service's hold on it), measured with a burst in virtual time (`npm run bench`, README
 * "Limits"). A strategy that holds its callers (`block`) keeps a waiter, a timer and a listener
 * each besides.
 */
export const IN_FLIGHT_BYTES = 3_600;
export const IN_FLIGHT_BYTES_HELD = 6_500;
/** Heap bytes every arrival of the plan costs for the whole run, in flight or not: the plan, the ledger and the figures read from it. */
export const ARRIVAL_BYTES = 200;
/** The share of the heap a plan may count on: the rest is the process itself and a collector that needs room to work. */
export const HEAP_SHARE = 0.75;

export interface MemoryEstimate {
  /** The most arrivals that can be in flight at once. */
  atOnce: number;
  /** Arrivals in the whole plan. */
  arrivals: number;
  /** How long one request can live: attempts × (timeout + the longest retry wait). */
  lifetimeMs: number;
  /** Heap bytes the run needs at its peak. */
  bytes: number;
}

/** How long gameday's service takes at most to answer an attempt it does not hold: admission answers at once (202, 429, 503). */
const ANSWER_MS = 1_000;

/**
 * How long one logical request can stay in flight. A service that holds its callers (`block`, or
 * your own, whose answer may wait for the work) keeps each attempt up to the client's timeout;
 * gameday's other strategies answer at admission, so what a request holds longer is its retries'
 * waits. (Counting every attempt up to its timeout there refused plans that fit with room to spare.)
 */
export function requestLifetimeMs(s: Pick<Scenario, 'client' | 'service' | 'faults'>, callers: CallerHandling): number {
  const r = s.client.retry;
  const attempts = r.policy === 'none' ? 1 : r.maxAttempts;
  const wait = r.policy === 'honor-retry-after' ? r.maxDelay : 0;
  if (holdsCallers(s, callers)) return attempts * (s.client.timeout + wait);
  return ANSWER_MS + (neverRefuses(s, callers) ? 0 : (attempts - 1) * wait);
}

/**
 * How the strategy treats its callers, from its declared traits: the scenario does not know
 * strategies, so the engine passes them.
 */
export interface CallerHandling {
  /** Answers every offer 202 (`drop`, `unbounded`), whatever it does with the job. */
  acceptsEveryOffer: boolean;
  /** Holds each caller until a slot frees (`block`). */
  holdsCallers: boolean;
}

/**
 * A service that answers every caller 202 gives no answer a client retries, unless a fault kills
 * its process and it refuses connections: no request of it waits to retry. (Measured: 1,000,000
 * arrivals at 100,000/s peak at 0.28 GB with `drop`, 2.4 GB with `reject-429` and three attempts.)
 */
const neverRefuses = (s: Pick<Scenario, 'faults'>, callers: CallerHandling) => callers.acceptsEveryOffer && !s.faults.some((f) => faultModule(f).killsProcess);

const holdsCallers = (s: Pick<Scenario, 'service'>, callers: CallerHandling) => s.service.url !== undefined || callers.holdsCallers;

/**
 * What a run of `s` needs in memory, from its phases alone (no plan is built): the most arrivals
 * that fall within one request's lifetime of each other (a burst arrives all at once), times what
 * each holds while in flight, plus what every arrival costs for the run's length.
 */
export function estimateMemory(s: Pick<Scenario, 'client' | 'traffic' | 'service' | 'faults'>, callers: CallerHandling): MemoryEstimate {
  const segments = phaseSegments(s.traffic);
  const arrivals = segments.reduce((n, g) => n + g.burst + ((g.r0 + g.r1) / 2) * (g.ms / 1000), 0);
  const lifetimeMs = Math.min(requestLifetimeMs(s, callers), trafficEnd(segments) + s.traffic.drain);
  const atOnce = Math.ceil(Math.min(arrivals, mostWithin(segments, lifetimeMs)));
  const each = holdsCallers(s, callers) ? IN_FLIGHT_BYTES_HELD : IN_FLIGHT_BYTES;
  return { atOnce, arrivals: Math.ceil(arrivals), lifetimeMs, bytes: atOnce * each + Math.ceil(arrivals) * ARRIVAL_BYTES };
}

/**
 * Refuses a plan whose estimate does not fit in `heapLimitBytes` (the heap this process may grow
 * to; a share of it is left for the process and the collector): it would end in a heap
 * out-of-memory crash with nothing written, so it is bad input, said before anything runs.
 */
export function checkMemory(s: Pick<Scenario, 'client' | 'traffic' | 'service' | 'faults' | 'source'>, heapLimitBytes: number, callers: CallerHandling): void {
  const e = estimateMemory(s, callers);
  const room = heapLimitBytes * HEAP_SHARE;
  if (e.bytes <= room) return;
  throw new ConfigError(
    `${s.source}: traffic: this plan could hold about ${count(e.atOnce)} arrivals at once (${count(e.arrivals)} in all, ~${gb(e.bytes)}), ` +
      `more than this process's memory (~${gb(room)} usable of ~${gb(heapLimitBytes)} heap left); ` +
      'split the burst, lower the rate or client.timeout, or give node more heap (NODE_OPTIONS=--max-old-space-size=MB)',
    'GD_ERR_MEMORY',
  );
}

const count = (n: number) => Math.ceil(n).toLocaleString('en');
const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GB`;

const trafficEnd = (segments: readonly Segment[]) => segments.reduce((end, g) => Math.max(end, g.start + g.ms), 0);

/** Expected arrivals in [from, to] (bursts at `from` and `to` included). */
function arrivalsIn(segments: readonly Segment[], from: number, to: number): number {
  let n = 0;
  for (const g of segments) {
    if (g.burst > 0 && g.start >= from && g.start <= to) n += g.burst;
    const a = Math.max(from, g.start);
    const b = Math.min(to, g.start + g.ms);
    if (b <= a) continue;
    // The rate is linear within the segment: the mean over [a, b] is the rate at its middle.
    const mid = (a + b) / 2 - g.start;
    n += (g.r0 + ((g.r1 - g.r0) * mid) / g.ms) * ((b - a) / 1000);
  }
  return n;
}

/** Windows checked between the phases' own edges: a ramp's busiest window can start anywhere. */
const GRID = 2_000;

/** The most expected arrivals in any window of `ms`: windows starting or ending at each phase edge, and on a grid between. */
function mostWithin(segments: readonly Segment[], ms: number): number {
  const end = trafficEnd(segments);
  const starts = new Set<number>();
  for (const g of segments) for (const edge of [g.start, g.start + g.ms]) starts.add(edge).add(edge - ms);
  for (let k = 0; k <= GRID; k++) starts.add(-ms + ((end + ms) * k) / GRID);
  let most = 0;
  for (const t of starts) most = Math.max(most, arrivalsIn(segments, t, t + ms));
  return most;
}
