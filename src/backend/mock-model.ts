import { promised, replyWith, waitOn, type Reply } from '../time/index.js';
import { AnswerDraws } from './mock-draws.js';
import { errorBody } from './errors-body.js';
import { OpenFaults } from '../fault/index.js';
import { BackendLimits } from './limits.js';
import { ABORTED_KEY, DROPPED_KEY, STREAM_ERROR_KEY, VIRTUAL_EPOCH_MS, type MockConfig, type MockDeps } from './mock-config.js';
import { CHUNK_TOKENS, ConnectionDropped, messageStream, type StreamEnd } from './sse.js';
import { addUsage, AnswerFeatures, requestIdOf, SuccessAnswer, type CacheUsage } from './mock-answer.js';
import type { BackendStats, MessageUsage, MockAnswer, MockCall } from './types.js';
import { shownUrl, type Upstream } from './upstream.js';
import { forwardMessages } from './upstream-answer.js';

/** How long an error answer takes: errors come back fast from the real API too. */
const ERROR_LATENCY_MS = 5;

/**
 * The mock Claude Messages API: one model behind every adapter (msw in-process, the loopback HTTP
 * server, and direct calls in virtual time). A call passes the faults, then the limits (spend,
 * rate, capacity); then it waits a latency drawn on the injected clock and answers a valid
 * Messages body with token usage, or, asked to stream, a paced SSE answer. Every call and every
 * answer is reported to the observer.
 */
export class MockClaude {
  private readonly draws: AnswerDraws;
  private readonly limits: BackendLimits;
  private readonly faults: OpenFaults;
  private readonly features: AnswerFeatures;
  private seq = 0;
  readonly stats: BackendStats = { calls: 0, ok: 0, byStatus: {}, inputTokens: 0, outputTokens: 0 };

  constructor(
    private readonly config: MockConfig,
    private readonly deps: MockDeps,
  ) {
    this.features = new AnswerFeatures(config, deps);
    this.faults = new OpenFaults(deps.faults ?? []);
    this.limits = new BackendLimits(config, deps.epochMs ?? VIRTUAL_EPOCH_MS, this.faults);
    this.draws = new AnswerDraws(config, deps.seed, deps.clock, this.faults, () => this.limits.busy.now);
    if (deps.upstream) this.stats.upstream = { url: shownUrl(deps.upstream.config.url), calls: 0 };
  }

  /** The model name it answers as (what `GET /v1/models` lists). */
  get modelName(): string {
    return this.config.model;
  }
  /** Model ids it serves besides the documented ones (the scenario's `backend.models`). */
  get extraModels(): readonly string[] {
    return this.config.models ?? [];
  }

  /** The real API behind the door, if any. */
  get upstream(): Upstream | undefined {
    return this.deps.upstream;
  }

  /** Calls in progress now, and the most at once. */
  get inProgress(): { now: number; peak: number } {
    return this.limits.busy;
  }

  /** The answer to one call, as a promise (the HTTP adapters' way); see `answerTo`. */
  answer(call: MockCall, signal?: AbortSignal): Promise<MockAnswer> {
    return promised((reply) => this.answerTo(call, signal, reply));
  }

  /**
   * Answers one call: replies the answer once its latency has passed on the clock, or the
   * signal's reason if the caller went away first (a dropped connection replies ConnectionDropped).
   * Waits on the clock's timers, without a promise: direct calls in virtual time take this path.
   */
  answerTo(call: MockCall, signal: AbortSignal | undefined, reply: Reply<MockAnswer>): void {
    if (this.config.maxCalls !== undefined && this.stats.calls >= this.config.maxCalls) return reply(undefined, this.capped(call));
    this.stats.calls++;
    const seq = ++this.seq;
    const now = this.deps.clock.now();
    this.deps.observer?.onCall?.(call.requestIds, now);
    const failure = this.failureStatus();
    const gate = failure ? undefined : this.limits.admit(call, now);
    if (!gate || !gate.ok) {
      const refuse = () => {
        const refusal = gate
          ? this.error(gate.status, requestIdOf(seq), gate.headers, gate.message, gate.errorCode)
          : this.error(failure!, requestIdOf(seq), this.limits.headers(now));
        this.record(call, refusal.status, undefined);
        reply(undefined, refusal);
      };
      return waitOn(this.deps.clock, ERROR_LATENCY_MS, signal, refuse, reply);
    }
    if (this.deps.upstream) {
      const forwarded = this.forward(this.deps.upstream, call, gate.reservedOutput, signal);
      return forwarded instanceof Promise ? replyWith(forwarded, reply) : reply(undefined, forwarded);
    }
    // A stream's headers go out with its 200, before any work.
    if (call.stream) {
      const requestId = requestIdOf(seq);
      return reply(undefined, this.streamed(call, requestId, { ...this.limits.headers(now), 'request-id': requestId }, gate.reservedOutput, signal));
    }
    let out = this.config.stream ? this.draws.output(call) : 0;
    const answered = () => {
      if (this.faults.drops(this.deps.clock.now())) return reply(this.drop(call, gate.reservedOutput));
      // Drawn after the wait when not token-paced, as it always was, so seeded runs keep their figures.
      if (!this.config.stream) out = this.draws.output(call);
      this.limits.release(gate.reservedOutput, out, this.deps.clock.now());
      const answer = new SuccessAnswer(call, seq, this.features.usage(call, out), this.limits, this.deps.clock.now(), this.features.tool(call));
      this.record(call, 200, answer.usage);
      reply(undefined, answer);
    };
    const abandoned = (reason: unknown) => {
      this.limits.release(gate.reservedOutput, 0, this.deps.clock.now());
      if (signal?.aborted) this.record(call, ABORTED_KEY, undefined);
      reply(reason);
    };
    waitOn(this.deps.clock, this.config.stream ? this.draws.tokenPaced(out) : this.draws.latency(), signal, answered, abandoned);
  }

  /** The API answers what the door let through; past the cap nothing more is sent and the caller is told not to retry. */
  private forward(up: Upstream, call: MockCall, reservedOutput: number, signal?: AbortSignal): Promise<MockAnswer> | MockAnswer {
    const release = (out: number) => this.limits.release(reservedOutput, out, this.deps.clock.now());
    if (up.refuses()) {
      release(0);
      const refusal = this.pastUpstreamCap(up);
      this.record(call, 429, undefined);
      return refusal;
    }
    const end = (how: number | StreamEnd, usage?: MessageUsage) => {
      if (typeof how === 'number') release(usage?.output_tokens ?? 0);
      if (typeof how === 'number') this.record(call, how, how === 200 ? usage : undefined);
      else this.endStream(call, how, 0, reservedOutput);
    };
    const now = () => this.deps.clock.now();
    const hooks = {
      clock: this.deps.clock,
      factor: () => this.draws.factor(),
      added: () => this.draws.added(),
      drops: () => this.faults.drops(now()),
      interruption: () => this.outageNow(),
      end,
    };
    const answer = forwardMessages(up, call, hooks, signal);
    this.stats.upstream!.calls = up.calls; // counted as it is sent, before the first await
    return answer;
  }

  /** No backend fault acts from `from` on (held while the steady state is checked); undefined: they act as scheduled. */
  holdFaults(from: number | undefined): void {
    this.faults.holdFrom(from);
  }

  /** The door's answer to any call past the API cap (the caller checked `up.refuses()`): nothing sent, told not to retry. */
  pastUpstreamCap(up: Upstream): MockAnswer {
    this.stats.capped = up.capped;
    return this.error(429, this.nextRequestId(), { 'x-should-retry': 'false' }, `gameday request cap of ${up.config.cap} calls to the API reached`);
  }

  /** What Message Batches need of the model: its clock, its observer, its batch timing and latency draws. */
  get batchDeps() {
    const epoch = this.deps.epochMs ?? VIRTUAL_EPOCH_MS;
    const epochMs = typeof epoch === 'function' ? epoch : () => epoch;
    return { clock: this.deps.clock, observer: this.deps.observer, config: this.config.batches, rng: this.draws.latencyRng, stats: this.stats, epochMs };
  }

  /** One request of a Message Batch, settled at the batch's end: errored by a fault or the error rate, else succeeded with drawn output. */
  settleBatched(call: MockCall, at: number): { status: number } | { usage: { input_tokens: number; output_tokens: number } } {
    const refused = this.failureStatus(at);
    return refused !== undefined ? { status: refused } : { usage: { input_tokens: call.inputTokens, output_tokens: this.draws.output(call) } };
  }

  /** `POST /v1/messages/count_tokens`: the input token count, at once; counted apart, never a completion. */
  countTokens(inputTokens: number): MockAnswer {
    this.stats.countTokens = (this.stats.countTokens ?? 0) + 1;
    return this.reply({ input_tokens: inputTokens });
  }

  /** A plain 200 JSON answer that is not a Messages call (count_tokens, the model list), with the headers every answer carries. */
  reply(body: unknown): MockAnswer {
    return { status: 200, headers: { ...this.commonHeaders(), 'content-type': 'application/json' }, body };
  }

  /** An answer for a call the real API refuses before any work (bad key, unknown route or model, invalid or oversized body): counted apart. */
  refuse(status: 400 | 401 | 404 | 413, message: string): MockAnswer {
    this.stats.invalid = (this.stats.invalid ?? 0) + 1;
    const headers: Record<string, string> = { ...this.commonHeaders(), 'content-type': 'application/json' };
    return { status, headers, body: errorBody(status, headers['request-id'], message) };
  }

  /** Under `auth: required`, only MOCK_API_KEY is served (see routeMockRequest). */
  get requiresKey(): boolean {
    return this.config.auth === 'required';
  }

  /** A fresh `request-id` and the rate-limit headers: what the API puts on every answer. */
  private commonHeaders(): Record<string, string> {
    return { ...this.limits.headers(this.deps.clock.now()), 'request-id': this.nextRequestId() };
  }

  /** Past the request cap: no work, no wait; the caller is told not to retry. Reported as a backend refusal. */
  private capped(call: MockCall): MockAnswer {
    this.stats.capped = (this.stats.capped ?? 0) + 1;
    const now = this.deps.clock.now();
    this.deps.observer?.onCall?.(call.requestIds, now);
    const answer = this.error(
      429,
      this.nextRequestId(),
      { ...this.limits.headers(now), 'x-should-retry': 'false' },
      `gameday request cap of ${this.config.maxCalls} reached`,
    );
    this.deps.observer?.onAnswer(call.requestIds, 429, undefined, now);
    return answer;
  }

  private nextRequestId(): string {
    return requestIdOf(++this.seq);
  }

  private failureStatus(at = this.deps.clock.now()): number | undefined {
    const refused = this.faults.refusal(at, this.draws.outcomeRng);
    if (refused !== undefined) return refused;
    return this.config.errorRate > 0 && this.draws.outcomeRng.next() < this.config.errorRate ? 500 : undefined;
  }

  private streamed(call: MockCall, requestId: string, headers: Record<string, string>, reservedOutput: number, signal?: AbortSignal): MockAnswer {
    const timing = this.config.stream ?? { ttft: this.config.latency, perToken: 0, errorRate: 0 };
    const out = this.draws.output(call);
    const fails = timing.errorRate > 0 && this.draws.streamRng.next() < timing.errorRate;
    const plan = {
      id: `msg_mock_${requestId.slice(4)}`,
      model: call.model,
      requestLabel: call.requestIds.join(', ') || 'an unknown request',
      inputTokens: call.inputTokens,
      outputTokens: out,
      ...this.features.streamed(call, out),
      ttftMs: this.draws.ttft(timing.ttft),
      perTokenMs: timing.perToken * this.draws.factor(),
      // A chunk boundary before the end, so the error always comes after the 200 and before message_stop.
      failAfterTokens: fails ? Math.floor(this.draws.streamRng.next() * Math.ceil(out / CHUNK_TOKENS)) * CHUNK_TOKENS : undefined,
    };
    const hooks = {
      interruption: () => this.outageNow(),
      dropped: () => this.faults.drops(this.deps.clock.now()),
      onEnd: (end: StreamEnd, sent: number) => this.endStream(call, end, sent, reservedOutput, plan.cache),
    };
    const stream = messageStream(plan, this.deps.clock, hooks, signal);
    return { status: 200, headers: { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: undefined, stream };
  }

  /** A fault that opens while a stream is going (an outage) cuts it with its error type. */
  private outageNow(): { type: string; message: string } | undefined {
    const status = this.faults.interruption(this.deps.clock.now());
    return status !== undefined ? (errorBody(status, '') as { error: { type: string; message: string } }).error : undefined;
  }

  private endStream(call: MockCall, end: StreamEnd, sent: number, reservedOutput: number, cache?: CacheUsage): void {
    this.limits.release(reservedOutput, sent, this.deps.clock.now());
    if (end === 'ok') this.record(call, 200, cache ? { ...cache, output_tokens: sent } : { input_tokens: call.inputTokens, output_tokens: sent });
    else if (end === 'error') this.record(call, STREAM_ERROR_KEY, undefined);
    else if (end === 'dropped') this.record(call, DROPPED_KEY, undefined);
    else this.record(call, ABORTED_KEY, undefined);
  }

  /** The work was done, the answer never arrives: no tokens charged, the call counted as dropped. Returns what the caller gets. */
  private drop(call: MockCall, reservedOutput: number): ConnectionDropped {
    this.limits.release(reservedOutput, 0, this.deps.clock.now());
    this.record(call, DROPPED_KEY, undefined);
    return new ConnectionDropped();
  }

  private error(status: number, requestId: string, extra: Record<string, string>, message?: string, errorCode?: string): MockAnswer {
    const headers = { 'x-should-retry': 'true', ...extra, 'request-id': requestId, 'content-type': 'application/json' };
    return { status, headers, body: errorBody(status, requestId, message, errorCode) };
  }

  private record(call: MockCall, status: number | string, usage: MockAnswer['usage']): void {
    const s = this.stats;
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
    if (usage) {
      s.ok++;
      this.limits.charge(usage.input_tokens, usage.output_tokens, addUsage(s, usage));
    }
    const now = this.deps.clock.now();
    if (status === ABORTED_KEY) return void this.deps.observer?.onAbort?.(call.requestIds, now);
    // A stream that failed after its 200 is reported as the overload it stands for; a dropped connection as no answer (0).
    const reported = typeof status === 'number' ? status : status === DROPPED_KEY ? 0 : 529;
    this.deps.observer?.onAnswer(call.requestIds, reported, usage, now, call.content);
  }
}
