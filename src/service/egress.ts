import type { BackendOutcome } from '../backend/index.js';

/**
 * Egress pacing: how workers' calls reach the backend. `fixed` adds nothing (the worker count is
 * the concurrency); paced kinds wait for permission before a call and learn from its outcome.
 */
export interface Egress {
  run(call: () => Promise<BackendOutcome>): Promise<BackendOutcome>;
}

export const fixedEgress: Egress = { run: (call) => call() };
