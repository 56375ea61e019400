import { formatDuration, type MockExchange, type Scenario, type ScenarioMock } from '../../index.js';

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

/** `--verbose`: one line per call, its time on the fault timeline first. */
export function exchangeLine(e: MockExchange): string {
  const what = [e.errorType, e.streamed ? 'stream' : undefined, e.cut ? 'cut' : undefined].filter(Boolean).join(' ');
  return `+${(e.at / 1000).toFixed(3)}s ${e.method} ${e.path} ${e.status}${what ? ` ${what}` : ''} ${Math.round(e.ms)}ms ${e.requestId ?? '-'}`;
}

/** The closing tally. */
export function servedLine(s: BackendStats): string {
  return `served ${s.calls} Messages calls: ${s.ok} ok, by status: ${statusTally(s.byStatus)}; count_tokens ${s.countTokens ?? 0}; refused before any work (400/401/404) ${s.invalid ?? 0}${s.capped ? `; past the request cap ${s.capped}` : ''}`;
}

/** "200: 2, 429: 1" in status order, or "none": a tally a person reads, not JSON. */
function statusTally(byStatus: Record<string, number>): string {
  const entries = Object.entries(byStatus).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  return entries.length ? entries.map(([status, n]) => `${status}: ${n}`).join(', ') : 'none';
}
