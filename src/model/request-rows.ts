/**
 * One column per field, one entry per request in the plan's order (index i of every column is
 * request i): compact in JSON, and every request once, whatever its outcome.
 */
export interface RequestRows {
  /** The run-unique request id (what the mock and the service see). */
  id: string[];
  priority: string[];
  /** When the request was due, in ms since the traffic began. */
  intended_ms: number[];
  outcome: string[];
  /** Client attempts, its retries included. */
  attempts: number[];
  /** From the intended time to completion (ms); null unless completed. */
  latency_ms: (number | null)[];
  /** What the client last heard: accepted, shed, rejected, network, timeout, or none. */
  answer: string[];
}
