import type { BackendOutcome } from '../backend/index.js';
import type { Reply } from '../time/index.js';

/** One backend call, started when the egress lets it go; it replies the outcome (or why it could not be made). */
export type EgressCall = (reply: Reply<BackendOutcome>) => void;

/**
 * Egress pacing: how workers' calls reach the backend. `fixed` adds nothing (the worker count is
 * the concurrency); paced kinds wait for permission before a call and learn from its outcome.
 * `run` starts `call` once it may go and replies what it replied.
 */
export interface Egress {
  run(call: EgressCall, reply: Reply<BackendOutcome>): void;
}

export const fixedEgress: Egress = { run: (call, reply) => call(reply) };
