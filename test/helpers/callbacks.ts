import type { BackendClient, BackendOutcome } from '../../src/backend/index.js';
import type { Egress } from '../../src/service/index.js';
import { promised, replyWith } from '../../src/time/index.js';

/** An egress run of an async call, as a promise: how tests write a call that waits on the clock. */
export function runThrough(egress: Egress, call: () => Promise<BackendOutcome>): Promise<BackendOutcome> {
  return promised((reply) => egress.run((r) => replyWith(call(), r), reply));
}

/** A backend call, as a promise. */
export function callBackend(
  backend: BackendClient,
  req: { id: string; inputTokens: number; maxTokens: number },
  signal?: AbortSignal,
): Promise<BackendOutcome> {
  return promised((reply) => backend.call(req, signal, reply));
}

/** A BackendClient answering from an async function (a test's scripted backend). */
export function asyncBackend(
  call: (req: { id: string; inputTokens: number; maxTokens: number }, signal?: AbortSignal) => Promise<BackendOutcome>,
): BackendClient {
  return { call: (req, signal, reply) => replyWith(call(req, signal), reply) };
}
