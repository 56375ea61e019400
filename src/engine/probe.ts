import autocannon from 'autocannon';
import { ConfigError, Ledger, RequestIds } from '../model/index.js';
import { requestBuilder } from '../load/index.js';
import { serviceTls } from './harness/service-tls.js';
import { logNormalMean, RealClock } from '../time/index.js';
import { startExternalMock } from './harness/external.js';
import { preflight } from './preflight.js';
import { checkTargets } from './targets.js';
import type { Scenario } from '../scenario/index.js';
import { createLiveHarness } from './harness/live.js';
import { openQueueStore, tempWorkDir } from './queue/run-store.js';

export interface ProbeResult {
  scenario: string;
  strategy: string;
  connections: number;
  duration_s: number;
  /** Jobs the service finished per second under closed-loop saturation. */
  throughput_rps: number;
  latency_ms: { p50: number; p99: number; max: number };
  non_2xx: number;
  errors: number;
  /** workers / mean backend latency: what the throughput should approach (null for your own service: its workers are unknown). */
  expected_rps: number | null;
  /** Your own service (service.url): successful Messages calls the mock answered during the probe. */
  backend_ok?: number;
  /** Stopped before `duration_s` by this signal: the figures are over the time it ran. */
  interrupted?: 'SIGINT' | 'SIGTERM';
}

export interface ProbeOptions {
  durationS?: number;
  connections?: number;
  /** Aborted (its reason `{ signal }`) to stop the callers early; the probe still answers with what it measured. */
  signal?: AbortSignal;
  /** Hosts beyond this machine the probe may reach (the CLI's `--target`). */
  targets?: string[];
  /** Where `${VAR}` in service.request is read. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * autocannon's closed loop, stopped early when `signal` aborts: autocannon ends at its next
 * one-second sample and reports over the time it ran.
 */
async function saturate(opts: autocannon.Options, signal: AbortSignal | undefined): Promise<autocannon.Result & Pick<ProbeResult, 'interrupted'>> {
  const run = autocannon(opts) as unknown as Promise<autocannon.Result> & { stop(): void };
  const stop = () => run.stop();
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();
  try {
    const r = await run;
    const why = signal?.aborted ? (signal.reason as { signal?: string } | undefined)?.signal : undefined;
    return why === undefined ? r : { ...r, interrupted: why === 'SIGTERM' ? 'SIGTERM' : 'SIGINT' };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * A closed-loop saturation run with autocannon: `connections` callers each post a job with
 * `?wait=1` (answered when processed) and send the next as soon as the last returns. That makes
 * it measure what the service can sustain — the capacity a spike is measured against — which an
 * open-loop spike cannot, and autocannon is built for.
 */
export async function probeCapacity(s: Scenario, opts: ProbeOptions = {}): Promise<ProbeResult> {
  // The same checks as a run: a real-API probe needs a key and a cap, like any run.
  checkTargets(s, opts.targets);
  preflight(s, 'live');
  // autocannon's callers accept any certificate: an https probe says so in the scenario first.
  if (s.service.url?.startsWith('https:') && !s.service.tls?.insecure)
    throw new ConfigError(
      `${s.source}: probe cannot check an https service's certificate (its closed-loop callers accept any): set service.tls.insecure: true to probe it anyway`,
      'GD_ERR_TLS',
    );
  if (s.service.url !== undefined) return probeExternal(s, opts);
  // A durable strategy probes on its own queue file in a temporary folder.
  const temp = tempWorkDir();
  const ledger = new Ledger(0, new Uint8Array(0), new Float64Array(0));
  const store = await openQueueStore(s, temp.dir, ledger.ids.nonce);
  const shared = store?.kind === 'redis' ? store.shared : undefined;
  const h = await createLiveHarness(s, ledger, new RealClock(), store?.store, undefined, shared).catch(async (e: unknown) => {
    await store?.close();
    temp.cleanup();
    throw e;
  });
  // Enough callers to keep every worker busy, few enough that a bounded queue never refuses.
  const connections = opts.connections ?? Math.min(s.service.workers * 2, s.service.workers + s.service.capacity);
  const duration = opts.durationS ?? 5;
  try {
    let n = 0;
    const r = await saturate(
      {
        url: `${h.serviceUrl}/v1/jobs?wait=1`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // A fresh id per request (autocannon's idReplacement keeps the template's content-length).
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({ id: `probe-${++n}`, priority: 'normal', input_tokens: 200, max_tokens: s.traffic.maxTokens }),
            }),
          },
        ],
        connections,
        duration,
        timeout: 30,
      },
      opts.signal,
    );
    return {
      scenario: s.name,
      strategy: s.service.strategy.type,
      connections,
      duration_s: r.duration,
      throughput_rps: Math.round((r['2xx'] / r.duration) * 100) / 100,
      latency_ms: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
      non_2xx: r.non2xx,
      errors: r.errors,
      expected_rps: Math.round((s.service.workers / (logNormalMean(s.backend.latency.p50, s.backend.latency.p99) / 1000)) * 100) / 100,
      ...(r.interrupted && { interrupted: r.interrupted }),
    };
  } finally {
    await h.close();
    await store?.close();
    temp.cleanup();
  }
}

/**
 * Your own service: `connections` callers post jobs to service.url, each sending the next as soon
 * as its last is answered, and the mock counts what the service gets done. A service that answers
 * 202 at once is saturated at the door, so the throughput is what it completes at the backend per
 * second — its capacity — not how fast it says "queued".
 */
async function probeExternal(s: Scenario, opts: ProbeOptions): Promise<ProbeResult> {
  const clock = new RealClock();
  const ids = new RequestIds();
  const ledger = new Ledger(0, new Uint8Array(0), new Float64Array(0), ids);
  // Bad input (an unset ${VAR}, an unreadable certificate) is found before the mock starts.
  const build = requestBuilder({ template: s.service.request, env: opts.env, withPrompt: true });
  const tls = serviceTls(s);
  const mock = await startExternalMock(s, ledger, clock);
  const connections = opts.connections ?? 10;
  const duration = opts.durationS ?? 5;
  try {
    let n = 0;
    const r = await saturate(
      {
        url: s.service.url!,
        requests: [
          {
            setupRequest: (req) => {
              const index = n++;
              const { method, headers, body } = build({ index, id: ids.id(index), priority: 'normal', inputTokens: 200, maxTokens: s.traffic.maxTokens });
              return { ...req, method: method as autocannon.Request['method'], headers, body };
            },
          },
        ],
        ...(tls && { tlsOptions: { ca: tls.ca, cert: tls.cert, key: tls.key } }),
        connections,
        duration,
        timeout: 30,
      },
      opts.signal,
    );
    await mock.flush();
    const ok = mock.stats().ok;
    return {
      scenario: s.name,
      strategy: 'external',
      connections,
      duration_s: r.duration,
      throughput_rps: Math.round((ok / r.duration) * 100) / 100,
      latency_ms: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
      non_2xx: r.non2xx,
      errors: r.errors,
      expected_rps: null,
      backend_ok: ok,
      ...(r.interrupted && { interrupted: r.interrupted }),
    };
  } finally {
    await mock.close();
  }
}
