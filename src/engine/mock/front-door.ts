import { DEFAULT_UPSTREAM, shownUrl, Upstream, type BackendStats, type RequestBudget, type UpstreamConfig } from '../../backend/index.js';
import { BackendError, ConfigError } from '../../model/index.js';
import type { Scenario } from '../../scenario/index.js';

/**
 * gameday's front door to the real API (`backend.kind: claude`): the service calls the same
 * endpoint it calls with the mock, and the door sends on what the scenario's faults and limits
 * let through. The key is read from the environment here and in the mock's thread, never copied
 * into a configuration, a result or a log.
 */

/** The API behind the door: backend.upstream, else ANTHROPIC_BASE_URL, else the Claude API. */
export function upstreamUrl(s: Scenario): string {
  return s.backend.upstream ?? process.env.ANTHROPIC_BASE_URL ?? DEFAULT_UPSTREAM;
}

/** The door's upstream as plain data (a thread builds its own from it): its cap is the run's `maxRequests`, what the budget left after the model check. */
export function upstreamConfig(s: Scenario): UpstreamConfig | undefined {
  return s.backend.kind === 'claude' ? { url: upstreamUrl(s), cap: s.backend.maxRequests ?? 0 } : undefined;
}

/** The door's upstream, with the key from the environment. */
export function openUpstream(config: UpstreamConfig | undefined): Upstream | undefined {
  return config && new Upstream(config, process.env.ANTHROPIC_API_KEY ?? '');
}

/** The API version the model check asks for (the service's own calls carry theirs). */
const ANTHROPIC_VERSION = '2023-06-01';

/** How long the model check may take: an API that does not answer it will not carry a game day. */
const CHECK_TIMEOUT_MS = 30_000;

/**
 * Before any traffic: one `GET /v1/models/{model}` at the API, counted in the budget. A model it
 * does not know, or a key it refuses, stops the run with the fix and nothing sent. Returns the
 * scenario with the cap the run may still spend, and the calls the check made.
 */
export async function checkUpstream(s: Scenario, budget: RequestBudget): Promise<Door> {
  const url = upstreamUrl(s);
  const model = s.backend.model;
  // A budget an earlier run of a comparison spent leaves this one nothing: it runs, and every call
  // is answered capped, as a call past the cap is in any run.
  if (budget.used >= budget.cap) return door(s, url, budget, 0);
  budget.used++;
  let res: Response;
  try {
    // Sent as the door sends (its key, its headers), by an upstream of its own with room for this one call.
    const check = openUpstream({ url, cap: 1 })!;
    const version = (name: string) => (name === 'anthropic-version' ? ANTHROPIC_VERSION : undefined);
    res = await check.send('GET', `/v1/models/${encodeURIComponent(model)}`, version, undefined, AbortSignal.timeout(CHECK_TIMEOUT_MS));
    await res.arrayBuffer();
  } catch (e) {
    const why = (e as { cause?: { code?: string } }).cause?.code ?? (e instanceof Error ? e.message : String(e));
    throw new BackendError(`the API at ${shownUrl(url)} could not be reached to check backend.model (${why}): check backend.upstream or ANTHROPIC_BASE_URL`);
  }
  if (res.status === 404)
    throw new ConfigError(
      `${s.source}: backend.model ${model} is not a model the API at ${shownUrl(url)} knows (404): set backend.model to one GET /v1/models lists`,
      'GD_ERR_MODEL',
    );
  if (res.status === 401 || res.status === 403)
    throw new ConfigError(
      `${s.source}: the API at ${shownUrl(url)} refused ANTHROPIC_API_KEY (${res.status}): set a valid key in the environment`,
      'GD_ERR_NO_KEY',
    );
  if (!res.ok) throw new BackendError(`the API at ${shownUrl(url)} answered the model check with ${res.status}: try again later, or check backend.upstream`);
  return door(s, url, budget, 1);
}

function door(s: Scenario, url: string, budget: RequestBudget, checkCalls: number): Door {
  const usedBefore = budget.used;
  return {
    scenario: { ...s, backend: { ...s.backend, maxRequests: budget.cap - usedBefore } },
    charge(stats) {
      const sent = stats.upstream?.calls ?? 0;
      budget.used = usedBefore + sent; // the same figure however often it is read
      return { ...stats, upstream: { url: shownUrl(url), calls: sent + checkCalls } };
    },
  };
}

/** A run through the front door: the scenario with the cap it may still spend, and how its calls are charged. */
export interface Door {
  scenario: Scenario;
  /** The backend's stats with the model check's call added, the door's calls charged to the budget. */
  charge(stats: BackendStats): BackendStats;
}
