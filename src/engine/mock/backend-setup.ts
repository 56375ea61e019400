import { RealClock, type Clock } from '../../time/index.js';
import { type CrashReport, type Ledger } from '../../model/index.js';
import { MockClaude, type BackendObserver, type Epoch, type MockConfig, type ServerLimits, VIRTUAL_EPOCH_MS } from '../../backend/index.js';
import { backendFaults } from '../../fault/index.js';
import type { Scenario } from '../../scenario/index.js';
import { openUpstream, upstreamConfig } from './front-door.js';

/**
 * Records what the backend boundary sees into the ledger: a successful answer completes its
 * requests, or, when the service reports its deliveries (`creditsCompletion` false), marks them
 * answered at the backend, for the delivery to complete.
 */
export function ledgerObserver(ledger: Ledger, creditsCompletion = true): BackendObserver {
  /** The index of one of this run's scheduled requests, or -1. */
  const ours = (id: string) => {
    const i = ledger.ids.index(id);
    return i < ledger.count ? i : -1;
  };
  return {
    // Read id by id, without building arrays: twice per simulated request.
    onAnswer(ids, status, usage, at, content) {
      // A completion is a successful answer with usage, not merely a 200 status.
      if (status !== 200 || !usage) {
        for (const id of ids) {
          const i = ours(id);
          if (i >= 0) ledger.backendError(i);
        }
        return;
      }
      if (ids.length === 0) ledger.unidentifiedAnswers++;
      // Each id read once.
      let credited = 0;
      for (const id of ids) {
        const i = ours(id);
        if (i < 0) continue;
        credited++;
        if (creditsCompletion) ledger.complete(i, at, content);
        else ledger.answeredAtBackend(i);
      }
      // Another run's ids (or numbers this run never scheduled): counted apart, never credited.
      ledger.unknownIds += ids.length - credited;
      if (credited > 0) ledger.batchSizes.set(credited, (ledger.batchSizes.get(credited) ?? 0) + 1);
    },
    onCall(ids, at) {
      for (const id of ids) ledger.called(ledger.ids.index(id), at);
    },
    onAbort(ids) {
      for (const id of ids) ledger.callerAborted(ledger.ids.index(id));
    },
  };
}

/** A CrashReport for a service that died by itself (and is not restarted). */
export function deathReport(at: number, reason: string, held: { queued: number; inFlight: number }): CrashReport {
  return {
    at_ms: Math.round(at),
    kind: 'service-died',
    reason,
    queued_at_kill: held.queued,
    in_flight_at_kill: held.inFlight,
    recovered_after_restart: 0,
    restart_ms: null,
    time_to_recover_ms: null,
  };
}

/** Records a death when it happens, on the run's clock. */
export function deathRecorder(clock: Clock, deaths: CrashReport[]) {
  return (reason: string, held: { queued: number; inFlight: number }) => deaths.push(deathReport(clock.now(), reason, held));
}

/** A terminal failure the service reported; an id this run never scheduled is counted, not trusted. */
export function recordFailure(ledger: Ledger, id: string, reason: string, at: number): void {
  const i = ledger.ids.index(id);
  if (i < 0 || i >= ledger.count) ledger.unknownIds++;
  else ledger.fail(i, reason, at);
}

export function createMockModel(s: Scenario, clock: Clock, ledger: Ledger): MockClaude {
  return new MockClaude(mockConfig(s), {
    clock,
    seed: s.seed,
    faults: backendFaults(s.faults),
    observer: ledgerObserver(ledger),
    epochMs: clockEpochMs(clock),
    upstream: openUpstream(upstreamConfig(s)),
  });
}

/** The mock's configuration from the scenario's `backend` section. */
export function mockConfig(s: Scenario): MockConfig {
  const b = s.backend;
  // Your own service's SDK is out of gameday's reach: the mock itself holds the cap (with the
  // real API, the front door holds it on the calls it sends there).
  const maxCalls = s.service.url !== undefined && b.kind === 'mock' ? b.maxRequests : undefined;
  return {
    latency: b.latency,
    outputTokens: b.outputTokens,
    errorRate: b.errorRate,
    toolUse: b.toolUse,
    model: b.model,
    models: b.models,
    rateLimits: b.rateLimits,
    capacity: b.capacity,
    congestion: b.congestion,
    spendLimit: b.spendLimit,
    stream: b.stream,
    batches: b.batches,
    maxCalls,
    auth: b.auth,
  };
}

/** What the mock's HTTP server takes at most, from the scenario's `backend` section (unset: see ServerLimits). */
export function mockServerLimits(s: Scenario): ServerLimits {
  return { maxBody: s.backend.maxBody, maxConnections: s.backend.maxConnections };
}

/**
 * Wall-clock ms at the clock's origin: the real one on the wall clock, read at each use because a
 * rebase moves it; in virtual time a fixed date, so the mock's RFC 3339 reset stamps repeat run to run.
 */
export function clockEpochMs(clock: Clock): Epoch {
  return clock instanceof RealClock ? () => clock.originEpochMs : VIRTUAL_EPOCH_MS;
}
