/** What the client heard for one attempt. */
export type ClientAnswer =
  | { kind: 'status'; status: number; retryAfterS?: number }
  | { kind: 'network'; code: string }
  | { kind: 'timeout' };

export interface JobOffer {
  index: number;
  id: string;
  priority: string;
  inputTokens: number;
  maxTokens: number;
}

/** How an attempt reaches the service: real HTTP in live mode, a direct call in virtual time. */
export interface Transport {
  send(offer: JobOffer, signal: AbortSignal): Promise<ClientAnswer>;
  close(): Promise<void>;
}

/** Backpressure with guidance counts as shed; any other refusal is a rejection without guidance. */
export function isShed(a: ClientAnswer): boolean {
  return a.kind === 'status' && (a.status === 429 || a.status === 503) && (a.retryAfterS ?? 0) > 0;
}

export function isAccepted(a: ClientAnswer): boolean {
  return a.kind === 'status' && a.status >= 200 && a.status < 300;
}
