/** What the client heard for one attempt. */
export type ClientAnswer = { kind: 'status'; status: number; retryAfterS?: number } | { kind: 'network'; code: string } | { kind: 'timeout' };

export interface JobOffer {
  index: number;
  id: string;
  priority: string;
  inputTokens: number;
  maxTokens: number;
}

/**
 * How an attempt reaches the service: real HTTP in live mode, a direct call in virtual time.
 * `onWritten` is called once the attempt has left the client (its bytes handed to a socket, or
 * handed to the service in virtual time): the generator's proof that it sent what it promised,
 * as opposed to launching it into a queue of its own.
 */
export interface Transport {
  /** An answer known at once (virtual time, a service that admits without waiting) may be returned as it is, not as a promise. */
  send(offer: JobOffer, signal: AbortSignal, onWritten?: () => void): ClientAnswer | Promise<ClientAnswer>;
  close(): Promise<void>;
  /** Connections it may hold open to the service at once (over HTTP). */
  readonly connections?: number;
  /**
   * Whatever it adds to an attempt's signal is removed, or acts on nothing, once it has answered:
   * the attempt's controller can serve the next attempt without looking (see reusable). An HTTP
   * client that unhooks only when garbage collected does not say this.
   */
  readonly releasesSignal?: boolean;
}

/** Backpressure with guidance (a wait, or "retry now": `Retry-After: 0`) counts as shed; any other refusal is a rejection without guidance. */
export function isShed(a: ClientAnswer): boolean {
  return a.kind === 'status' && (a.status === 429 || a.status === 503) && a.retryAfterS !== undefined;
}

export function isAccepted(a: ClientAnswer): boolean {
  return a.kind === 'status' && a.status >= 200 && a.status < 300;
}

/**
 * Connection errors that are the service's doing (nothing listening, the connection cut by the
 * peer): the client did send, and what happened is the service's result. Any other failure to
 * send (no file descriptors, no local port) is the generator's own shortfall.
 */
const SERVICE_SIDE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export function isServiceSideError(a: ClientAnswer): boolean {
  return a.kind === 'network' && SERVICE_SIDE_CODES.has(a.code);
}
