import Anthropic from '@anthropic-ai/sdk';
import { leastWait, retryAfterMs, shouldRetryHint } from '../model/index.js';
import { replyWith } from '../time/index.js';
import { statusOfErrorType } from './errors-body.js';
import { makePrompt, REQUEST_ID_HEADER } from './request-id.js';
import type { BackendClient, BackendOutcome, RequestBudget } from './types.js';

export interface SdkClientOptions {
  baseURL?: string;
  apiKey: string;
  model: string;
  /** The SDK retries 429/5xx itself; 0 by default so every attempt is the worker's, and visible. */
  maxRetries: number;
  timeoutMs?: number;
  /** Ask for streamed (SSE) answers through `messages.stream`, as a chat-style service would. @default false */
  stream?: boolean;
  /** A hard cap on HTTP attempts, counted in the SDK's own transport so its retries count too. */
  budget?: RequestBudget;
}

/** The worker's path to Claude through @anthropic-ai/sdk `messages.create`, exactly as a service would call it. */
export function sdkClient(o: SdkClientOptions): BackendClient {
  const fetch = countingFetch(o.budget);
  const client = new Anthropic({ apiKey: o.apiKey, baseURL: o.baseURL, maxRetries: o.maxRetries, timeout: o.timeoutMs ?? 600_000, fetch });
  const capped = (): BackendOutcome => ({ ok: false, status: 0, message: `request cap of ${o.budget!.cap} reached`, shouldRetry: false });
  const call = async (req: { id: string; inputTokens: number; maxTokens: number }, signal?: AbortSignal): Promise<BackendOutcome> => {
    if (o.budget && o.budget.used >= o.budget.cap) return capped(); // not even one attempt left: do not start
    const outcome = await callOnce(client, o.model, req, o.stream ?? false, signal);
    return !outcome.ok && outcome.status === 0 && o.budget && o.budget.used >= o.budget.cap ? capped() : outcome;
  };
  return { call: (req, signal, reply) => replyWith(call(req, signal), reply) };
}

/** The cap refuses the attempt itself: nothing is sent, and the SDK sees a connection error it may retry (into the cap again). */
class RequestCapReached extends Error {}

/** The fetch the SDK sends every HTTP attempt through: each one is counted, and refused past the cap. */
function countingFetch(budget: RequestBudget | undefined): typeof fetch {
  return (input, init) => {
    if (budget) {
      if (budget.used >= budget.cap) return Promise.reject(new RequestCapReached(`request cap of ${budget.cap} reached`));
      budget.used++;
    }
    return fetch(input, init);
  };
}

async function callOnce(
  client: Anthropic,
  model: string,
  req: { id: string; inputTokens: number; maxTokens: number },
  stream: boolean,
  signal?: AbortSignal,
): Promise<BackendOutcome> {
  const params = {
    model,
    max_tokens: req.maxTokens,
    messages: [{ role: 'user' as const, content: makePrompt(req.id, req.inputTokens) }],
    metadata: { user_id: req.id },
  };
  const options = { headers: { [REQUEST_ID_HEADER]: req.id }, signal };
  try {
    // A stream's `event: error` after the 200 rejects finalMessage() with an APIError carrying no status.
    const msg = stream ? await client.messages.stream(params, options).finalMessage() : await client.messages.create(params, options);
    return { ok: true, inputTokens: msg.usage.input_tokens, outputTokens: msg.usage.output_tokens };
  } catch (err) {
    return toFailure(err);
  }
}

/** Maps the SDK's errors to a status (0 for no answer at all) and the server's retry hints. */
export function toFailure(err: unknown): BackendOutcome {
  if (err instanceof Anthropic.APIError && err.status !== undefined) {
    const get = (name: string) => err.headers?.get(name) ?? undefined;
    return {
      ok: false,
      status: err.status,
      message: err.message.split('\n')[0],
      retryAfterMs: leastWait(retryAfterMs(get)),
      shouldRetry: shouldRetryHint(get),
    };
  }
  const midStream = err instanceof Anthropic.APIError && !(err instanceof Anthropic.APIUserAbortError) ? statusOfErrorType(err.type) : undefined;
  if (midStream) return { ok: false, status: midStream, message: `stream ended with ${(err as InstanceType<typeof Anthropic.APIError>).type} after the 200` };
  return { ok: false, status: 0, message: err instanceof Error ? err.message : String(err) };
}
