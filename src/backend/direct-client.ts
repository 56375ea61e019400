import type { MockClaude } from './mock-model.js';
import type { BackendClient } from './types.js';

/** The mock model called directly, with no HTTP and no SDK: the virtual-time path. */
export function directClient(model: MockClaude, modelId: string): BackendClient {
  return {
    async call(req, signal) {
      const a = await model.answer({ requestId: req.id, model: modelId, maxTokens: req.maxTokens, inputTokens: req.inputTokens }, signal);
      if (a.usage) return { ok: true, inputTokens: a.usage.input_tokens, outputTokens: a.usage.output_tokens };
      const retryAfter = Number(a.headers['retry-after']);
      return { ok: false, status: a.status, message: `mock answered ${a.status}`, retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined };
    },
  };
}
