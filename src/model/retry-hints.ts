/**
 * The two retry hints servers send, parsed once for every client gameday plays (the load
 * generator, the worker's SDK path, the virtual-time path). A header is read through `get`, so
 * plain records, fetch Headers and raw Node headers all fit.
 */
export type HeaderLookup = (name: string) => string | undefined;

const DELTA_SECONDS = /^\d+(\.\d+)?$/;

/**
 * The wait a server asks for, in ms, or undefined without a (usable) hint. `retry-after-ms`
 * (which the Anthropic SDK honours) wins when positive; else `retry-after` as delta-seconds
 * (0 is no hint) or as an HTTP-date (RFC 9110), read against the answer's own `date` header, else
 * against `nowEpochMs`. A date already past, or with nothing to read it against, gives 0 or less:
 * "come back", the wait is the caller's least.
 */
export function retryAfterMs(get: HeaderLookup, nowEpochMs?: number): number | undefined {
  const ms = Number(get('retry-after-ms')?.trim());
  if (ms > 0) return ms;
  const value = get('retry-after')?.trim();
  if (!value) return undefined;
  if (DELTA_SECONDS.test(value)) return Number(value) > 0 ? Number(value) * 1000 : undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const answeredAt = Date.parse(get('date')?.trim() ?? '');
  const reference = Number.isNaN(answeredAt) ? nowEpochMs : answeredAt;
  return reference === undefined ? 0 : at - reference;
}

/** A hint as a worker waits it: a date already past (or nothing to read it against) still means "come back", the least wait, 1 s. */
export function leastWait(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms > 0 ? ms : 1000;
}

/** `x-should-retry`: true or false when the server says so, undefined otherwise. */
export function shouldRetryHint(get: HeaderLookup): boolean | undefined {
  const hint = get('x-should-retry')?.trim();
  return hint === 'true' ? true : hint === 'false' ? false : undefined;
}

/** A lookup over a plain header record (names in lower case), or raw Node headers (first value). */
export function headerLookup(headers: Record<string, string | string[] | undefined>): HeaderLookup {
  return (name) => {
    const h = headers[name];
    return Array.isArray(h) ? h[0] : h;
  };
}
