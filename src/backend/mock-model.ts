import { deriveRng, logNormal, type Clock, type Rng } from '../model/index.js';
import { errorBody } from './errors-body.js';
import { activeFaults, type BackendFault } from './faults.js';
import type { BackendObserver, BackendStats, MockAnswer, MockCall } from './types.js';

export interface MockConfig {
  latency: { p50: number; p99: number };
  outputTokens: { p50: number; p99: number };
  errorRate: number;
  model: string;
}

export interface MockDeps {
  clock: Clock;
  seed: number;
  faults?: readonly BackendFault[];
  observer?: BackendObserver;
}

/** How long an error answer takes: errors come back fast from the real API too. */
const ERROR_LATENCY_MS = 5;

/**
 * The mock Claude Messages API: one model behind every adapter (msw in-process, the loopback HTTP
 * server, and direct calls in virtual time). It waits a latency drawn from the configured
 * distribution on the injected clock, then answers a valid Messages body with token usage, or an
 * API error when a fault or the error rate says so. Every answer is reported to the observer.
 */
export class MockClaude {
  private readonly latencyRng: Rng;
  private readonly outcomeRng: Rng;
  private seq = 0;
  readonly stats: BackendStats = { calls: 0, ok: 0, byStatus: {}, inputTokens: 0, outputTokens: 0 };

  constructor(
    private readonly config: MockConfig,
    private readonly deps: MockDeps,
  ) {
    this.latencyRng = deriveRng(deps.seed, 'backend-latency');
    this.outcomeRng = deriveRng(deps.seed, 'backend-outcome');
  }

  async answer(call: MockCall, signal?: AbortSignal): Promise<MockAnswer> {
    this.stats.calls++;
    const requestId = `req_${(++this.seq).toString(36).padStart(8, '0')}`;
    const failure = this.failureStatus();
    const latency = failure ? ERROR_LATENCY_MS : this.drawLatency();
    await this.deps.clock.sleep(latency, signal);
    const answer = failure ? this.error(failure, requestId) : this.success(call, requestId);
    this.record(call, answer);
    return answer;
  }

  private failureStatus(): number | undefined {
    const now = this.deps.clock.now();
    for (const f of activeFaults(this.deps.faults ?? [], now)) {
      if (f.kind === 'backend-outage') return f.status;
      if (f.kind === 'backend-errors' && this.outcomeRng.next() < f.rate) return f.status;
    }
    return this.config.errorRate > 0 && this.outcomeRng.next() < this.config.errorRate ? 500 : undefined;
  }

  private drawLatency(): number {
    const factor = activeFaults(this.deps.faults ?? [], this.deps.clock.now()).reduce((f, x) => (x.kind === 'backend-latency' ? f * x.factor : f), 1);
    return logNormal(this.latencyRng, this.config.latency.p50, this.config.latency.p99) * factor;
  }

  private success(call: MockCall, requestId: string): MockAnswer {
    const out = Math.min(call.maxTokens, Math.max(1, Math.round(logNormal(this.outcomeRng, this.config.outputTokens.p50, this.config.outputTokens.p99))));
    const usage = { input_tokens: call.inputTokens, output_tokens: out };
    const body = {
      id: `msg_mock_${requestId.slice(4)}`,
      type: 'message',
      role: 'assistant',
      model: call.model,
      content: [{ type: 'text', text: `Mock answer for ${call.requestId ?? 'an unknown request'}.` }],
      stop_reason: out >= call.maxTokens ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
    return { status: 200, headers: { 'request-id': requestId, 'content-type': 'application/json' }, body, usage };
  }

  private error(status: number, requestId: string): MockAnswer {
    return { status, headers: { 'request-id': requestId, 'content-type': 'application/json', 'x-should-retry': 'true' }, body: errorBody(status, requestId) };
  }

  private record(call: MockCall, a: MockAnswer): void {
    const s = this.stats;
    s.byStatus[a.status] = (s.byStatus[a.status] ?? 0) + 1;
    if (a.usage) {
      s.ok++;
      s.inputTokens += a.usage.input_tokens;
      s.outputTokens += a.usage.output_tokens;
    }
    this.deps.observer?.onAnswer(call.requestId, a.status, a.usage, this.deps.clock.now());
  }
}
