import { logNormal } from '../time/index.js';
import { errorType } from './errors-body.js';
import { maxOutputOf } from './mock-models.js';
import { refusalOf, type Refusal } from './mock-validate.js';
import { contentFingerprint, estimateTokens, findRequestIds } from './request-id.js';
import type { MockClaude } from './mock-model.js';
import type { MockAnswer, MockCall } from './types.js';

type Settled =
  | { type: 'succeeded'; usage: { input_tokens: number; output_tokens: number } }
  | { type: 'errored'; status: number; message?: string }
  | { type: 'canceled' }
  | { type: 'expired' };

interface BatchRequest {
  customId: string;
  call: MockCall;
  /** What the API would refuse in its params (an unknown model, a bad field): it ends errored. */
  refused?: Refusal;
  result?: Settled;
}

interface Batch {
  id: string;
  createdAt: number;
  /** When processing ends on its own (drawn at creation), or expires, whichever is first. */
  endsAt: number;
  expiresAt: number;
  canceledAt?: number;
  requests: BatchRequest[];
  /** Results went out once: a second download is not the work done again. */
  delivered: boolean;
}

/** The most requests one batch may hold, and its custom_id form, as the API documents. */
const MAX_REQUESTS = 100_000;
const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
/** How long a cancel takes to end the batch. */
const CANCEL_MS = 100;

/**
 * Message Batches in the mock: create, retrieve, list, cancel, delete and results (JSONL). A batch
 * ends after a processing time drawn once per batch (`backend.batches.processing`); its unfinished
 * requests are `canceled` after a cancel, `expired` past `expireAfter`. Each request settles at the
 * batch's end, faults and the error rate applying then (`errored`), else `succeeded` with usage.
 * Ids are found in each request (its custom_id, then its params, as in a Messages call). A request
 * reaches the backend when its batch is created; it is credited (or counted an error) when the
 * results go out, the first time only: a result nobody downloads completes nothing. Batches do
 * not draw on the Messages rate limits, as the API documents; their tokens are counted apart.
 */
export class MockBatches {
  private readonly batches = new Map<string, Batch>();
  private seq = 0;

  constructor(private readonly model: MockClaude) {}

  create(body: unknown, origin: string): MockAnswer {
    const requests = (body as { requests?: unknown })?.requests;
    if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_REQUESTS)
      return this.model.refuse(400, `requests: Expected a list of 1 to ${MAX_REQUESTS} requests`);
    const seen = new Set<string>();
    const parsed: BatchRequest[] = [];
    for (const [k, r] of requests.entries()) {
      const { custom_id: customId, params } = (r ?? {}) as { custom_id?: unknown; params?: Record<string, unknown> };
      if (typeof customId !== 'string' || !CUSTOM_ID.test(customId))
        return this.model.refuse(400, `requests.${k}.custom_id: Expected 1-64 letters, digits, - or _`);
      if (seen.has(customId)) return this.model.refuse(400, `requests.${k}.custom_id: \`${customId}\` is used twice`);
      if (typeof params !== 'object' || params === null || !Array.isArray(params.messages) || !Number.isInteger(params.max_tokens))
        return this.model.refuse(400, `requests.${k}.params: Expected model, max_tokens and messages`);
      seen.add(customId);
      const fromId = findRequestIds(customId, undefined);
      const requestIds = fromId.length ? fromId : findRequestIds(null, params);
      const call = {
        requestIds,
        model: String(params.model),
        maxTokens: params.max_tokens as number,
        inputTokens: estimateTokens(params),
        content: contentFingerprint(params),
      };
      // The API validates each request's params once the batch is processing, not at creation: it ends errored.
      const refused = refusalOf('messages', params, { beta: false, maxOutput: (id) => maxOutputOf(this.model, id) });
      parsed.push({ customId, call, refused });
    }
    const { clock, observer, config, rng, stats } = this.model.batchDeps;
    const now = clock.now();
    const processing = config ? logNormal(rng, config.processing.p50, config.processing.p99) : 2_000;
    const expiresAt = now + (config?.expireAfter ?? 86_400_000);
    const batch: Batch = {
      id: `msgbatch_mock_${String(++this.seq).padStart(6, '0')}`,
      createdAt: now,
      endsAt: Math.min(now + processing, expiresAt),
      expiresAt,
      requests: parsed,
      delivered: false,
    };
    this.batches.set(batch.id, batch);
    const s = (stats.batches ??= { created: 0, requests: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0, input_tokens: 0, output_tokens: 0 });
    s.created++;
    s.requests += parsed.length;
    for (const r of parsed) observer?.onCall?.(r.call.requestIds, now);
    return this.model.reply(this.view(batch, origin));
  }

  retrieve(id: string, origin: string): MockAnswer {
    const b = this.batches.get(id);
    return b ? this.model.reply(this.view(b, origin)) : this.model.refuse(404, `message batch ${id}`);
  }

  list(origin: string): MockAnswer {
    const data = [...this.batches.values()].reverse().map((b) => this.view(b, origin));
    return this.model.reply({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
  }

  cancel(id: string, origin: string): MockAnswer {
    const b = this.batches.get(id);
    if (!b) return this.model.refuse(404, `message batch ${id}`);
    const now = this.model.batchDeps.clock.now();
    if (now < b.endsAt && b.canceledAt === undefined) {
      b.canceledAt = now;
      b.endsAt = Math.min(b.endsAt, now + CANCEL_MS);
    }
    return this.model.reply(this.view(b, origin));
  }

  remove(id: string): MockAnswer {
    const b = this.batches.get(id);
    if (!b) return this.model.refuse(404, `message batch ${id}`);
    if (this.model.batchDeps.clock.now() < b.endsAt) return this.model.refuse(400, 'A batch can only be deleted once it has ended; cancel it first');
    this.batches.delete(id);
    return this.model.reply({ id, type: 'message_batch_deleted' });
  }

  /** The results as JSONL, once the batch has ended; the first download credits each request. */
  results(id: string): MockAnswer {
    const b = this.batches.get(id);
    if (!b) return this.model.refuse(404, `message batch ${id}`);
    if (this.model.batchDeps.clock.now() < b.endsAt) return this.model.refuse(400, `message batch ${id} is still processing: its results are not ready`);
    const lines = b.requests.map((r) => JSON.stringify({ custom_id: r.customId, result: resultBody(r, this.settle(b, r), b.id) }));
    if (!b.delivered) this.deliver(b);
    const answer = this.model.reply({});
    return { ...answer, headers: { ...answer.headers, 'content-type': 'application/binary' }, text: lines.join('\n') + '\n' };
  }

  /** A request's end, drawn once: canceled, expired, or settled by the model at the batch's end. */
  private settle(b: Batch, r: BatchRequest): Settled {
    if (r.result) return r.result;
    if (b.canceledAt !== undefined) return (r.result = { type: 'canceled' });
    if (b.endsAt >= b.expiresAt) return (r.result = { type: 'expired' });
    if (r.refused) return (r.result = { type: 'errored', ...r.refused });
    const s = this.model.settleBatched(r.call, b.endsAt);
    return (r.result = 'usage' in s ? { type: 'succeeded', usage: s.usage } : { type: 'errored', status: s.status });
  }

  private deliver(b: Batch): void {
    b.delivered = true;
    const { clock, observer, stats } = this.model.batchDeps;
    const s = stats.batches!;
    const now = clock.now();
    for (const r of b.requests) {
      const end = r.result!;
      s[end.type]++;
      if (end.type === 'succeeded') {
        s.input_tokens += end.usage.input_tokens;
        s.output_tokens += end.usage.output_tokens;
        observer?.onAnswer(r.call.requestIds, 200, end.usage, now, r.call.content);
      } else observer?.onAnswer(r.call.requestIds, end.type === 'errored' ? end.status : 0, undefined, now);
    }
  }

  /** The batch as the API shows it; `results_url` absolute on the origin the caller used, as the API gives it. */
  private view(b: Batch, origin: string) {
    const { clock, epochMs } = this.model.batchDeps;
    const now = clock.now();
    const epoch = epochMs();
    const ended = now >= b.endsAt;
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const r of b.requests) counts[ended ? this.settle(b, r).type : 'processing']++;
    const at = (ms: number) => new Date(epoch + ms).toISOString();
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : b.canceledAt !== undefined ? 'canceling' : 'in_progress',
      request_counts: counts,
      created_at: at(b.createdAt),
      expires_at: at(b.expiresAt),
      ended_at: ended ? at(b.endsAt) : null,
      cancel_initiated_at: b.canceledAt === undefined ? null : at(b.canceledAt),
      archived_at: null,
      results_url: ended ? `${origin}/v1/messages/batches/${b.id}/results` : null,
    };
  }
}

function resultBody(r: BatchRequest, end: Settled, batchId: string) {
  if (end.type === 'succeeded') {
    const message = {
      id: `msg_mock_${batchId.slice(-6)}_${r.customId}`.slice(0, 80),
      type: 'message',
      role: 'assistant',
      model: r.call.model,
      content: [{ type: 'text', text: `Mock answer for ${r.call.requestIds.join(', ') || 'an unknown request'}.` }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: end.usage,
    };
    return { type: 'succeeded', message };
  }
  if (end.type === 'errored')
    return {
      type: 'errored',
      error: { type: 'error', error: { type: errorType(end.status), message: end.message ?? 'mock batch request failed' } },
    };
  return { type: end.type };
}
