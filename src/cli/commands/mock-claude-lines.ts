import { isWildcardHost } from '../../backend/address.js';
import { API_MAX_BODY, DEFAULT_MAX_CONNECTIONS } from '../../backend/mock-body.js';
import { formatByteSize } from '../../units/byte-size.js';
import { formatDuration, type MockExchange, type RunningServer, type Scenario, type ScenarioMock } from '../../index.js';

type BackendStats = ReturnType<ScenarioMock['stats']>;

/** What the mock serves, one short line per part of the backend section that is set. */
export function describeBackend(s: Scenario, timeline: ScenarioMock['timeline'], atFirstRequest: boolean): string[] {
  const b = s.backend;
  const ms = formatDuration;
  const lines = [`model ${b.model}; latency p50 ${ms(b.latency.p50)}, p99 ${ms(b.latency.p99)}; error rate ${b.errorRate}; seed ${s.seed}`];
  if (b.rateLimits) {
    const r = b.rateLimits;
    const parts = [r.rpm && `${r.rpm} requests`, r.itpm && `${r.itpm} input tokens`, r.otpm && `${r.otpm} output tokens`].filter(Boolean);
    lines.push(`rate limits: ${parts.join(', ')} per minute (burst ${ms(r.burst)}): 429 rate_limit_error with retry-after`);
  }
  if (b.capacity !== undefined) lines.push(`capacity: ${b.capacity} calls in progress at once, more answered 529 overloaded_error`);
  if (b.congestion) lines.push(`congestion: latency rises past ${b.congestion.knee} calls in progress, ${b.congestion.factor}× at capacity`);
  if (b.auth === 'required') lines.push('auth: only the key gameday-mock is served, any other gets 401 authentication_error');
  if (b.spendLimit) lines.push(`spend limit: $${b.spendLimit.usd} estimated, then every call refused ${b.spendLimit.status}`);
  if (b.stream)
    lines.push(
      `streaming: ttft p50 ${ms(b.stream.ttft.p50)}, p99 ${ms(b.stream.ttft.p99)}, ${ms(b.stream.perToken)} per token; stream error rate ${b.stream.errorRate}`,
    );
  if (b.maxRequests !== undefined) lines.push(`request cap: ${b.maxRequests} Messages calls, then 429 with x-should-retry: false`);
  if (timeline.length > 0) {
    const from = atFirstRequest ? 'from the first request' : 'from now';
    lines.push(`backend faults (${from}): ${timeline.map((f) => `${f.kind} ${ms(f.start)}–${ms(f.end)}`).join(', ')}`);
  }
  const ignored = s.faults.length - timeline.length;
  if (ignored > 0) lines.push(`${ignored} fault(s) act on a service, not the backend: not served here`);
  return lines;
}

/**
 * Where the mock listens, as its socket is bound. A wildcard address is every interface, and no
 * address to call: the URL this machine calls it at is said beside it.
 */
export function listeningOn(server: Pick<RunningServer, 'url' | 'address' | 'port'>): string {
  if (!isWildcardHost(server.address)) return server.url;
  const which = server.address === '::' ? 'all interfaces, IPv6 and IPv4' : 'all interfaces';
  return `${which} (${server.address} port ${server.port}); this machine calls it at ${server.url}`;
}

/** The body and connection limits it serves with (unset: the API's own body limits, the default connection limit). */
export function limitsLine(maxBody: number | undefined, maxConnections: number | undefined): string {
  const body =
    maxBody !== undefined
      ? `bodies over ${formatByteSize(maxBody)}`
      : `bodies over ${formatByteSize(API_MAX_BODY.standard)} (${formatByteSize(API_MAX_BODY.batches)} to create a batch)`;
  const connections = (maxConnections ?? DEFAULT_MAX_CONNECTIONS).toLocaleString('en');
  return `${body} answered 413 request_too_large; at most ${connections} connections at once, more closed unanswered`;
}

/** `--verbose`: one line per call, its time on the fault timeline first. */
export function exchangeLine(e: MockExchange): string {
  const what = [e.errorType, e.streamed ? 'stream' : undefined, e.cut ? 'cut' : undefined].filter(Boolean).join(' ');
  return `+${(e.at / 1000).toFixed(3)}s ${e.method} ${e.path} ${e.status}${what ? ` ${what}` : ''} ${Math.round(e.ms)}ms ${e.requestId ?? '-'}`;
}

/** The closing tally. */
export function servedLine(s: BackendStats, refusedConnections = 0): string {
  const capped = s.capped ? `; past the request cap ${s.capped}` : '';
  const closed = refusedConnections ? `; connections closed past the connection limit ${refusedConnections}` : '';
  return `served ${s.calls} Messages calls: ${s.ok} ok, by status: ${statusTally(s.byStatus)}; count_tokens ${s.countTokens ?? 0}; refused before any work (400/401/404/413) ${s.invalid ?? 0}${capped}${closed}`;
}

/** "200: 2, 429: 1" in status order, or "none": a tally a person reads, not JSON. */
function statusTally(byStatus: Record<string, number>): string {
  const entries = Object.entries(byStatus).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  return entries.length ? entries.map(([status, n]) => `${status}: ${n}`).join(', ') : 'none';
}
