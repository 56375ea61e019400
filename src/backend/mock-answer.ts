import type { BackendLimits } from './limits.js';
import type { MockAnswer, MockCall } from './types.js';

/** The `request-id` of the mock's seq-th answer. */
export function requestIdOf(seq: number): string {
  return `req_${seq.toString(36).padStart(8, '0')}`;
}

/**
 * A successful Messages answer. Body and headers are built only when read (the HTTP adapters read
 * both as the answer goes out): the virtual-time client reads only `usage`, and building the rest
 * was a third of the garbage of a simulated request. Headers give the rate limits as they stood
 * when it was answered. A class, not an object literal with getters (those cost about a kilobyte
 * per answer); its own state is private, and `toJSON` gives what an answer is.
 */
export class SuccessAnswer implements MockAnswer {
  readonly status = 200;
  readonly #call: MockCall;
  readonly #seq: number;
  readonly #limits: BackendLimits;
  readonly #at: number;
  #body: object | undefined;
  #headers: Record<string, string> | undefined;

  constructor(
    call: MockCall,
    seq: number,
    readonly usage: { input_tokens: number; output_tokens: number },
    limits: BackendLimits,
    at: number,
  ) {
    this.#call = call;
    this.#seq = seq;
    this.#limits = limits;
    this.#at = at;
  }

  get headers(): Record<string, string> {
    return (this.#headers ??= { ...this.#limits.headers(this.#at), 'request-id': requestIdOf(this.#seq), 'content-type': 'application/json' });
  }

  get body(): object {
    const call = this.#call;
    const out = this.usage.output_tokens;
    return (this.#body ??= {
      id: `msg_mock_${requestIdOf(this.#seq).slice(4)}`,
      type: 'message',
      role: 'assistant',
      model: call.model,
      content: [{ type: 'text', text: `Mock answer for ${call.requestIds.join(', ') || 'an unknown request'}.` }],
      stop_reason: out >= call.maxTokens ? 'max_tokens' : 'end_turn',
      stop_sequence: null,
      usage: { ...this.usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
  }

  toJSON(): MockAnswer {
    return { status: this.status, headers: this.headers, body: this.body, usage: this.usage };
  }
}
