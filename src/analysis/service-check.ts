import type { DeliveryReport, RunResult, ServiceCounters, Totals } from '../model/index.js';

/** What the ledger counted of the work itself: completions the backend confirmed (duplicates included), and failures per request. */
export interface WorkCounted {
  confirmed: number;
  failed: number;
  /**
   * Some work may have been counted where the service's counters cannot be read: by other
   * processes on a shared queue, or by a process killed after its last reading. The service may
   * then count less than was done, never more.
   */
  partial?: boolean;
}

/**
 * The service's counters field by field, in both directions: what it answered against what its
 * clients heard, per attempt; what it processed and failed against what the backend confirmed and
 * the failures it reported per request. "Agree" is only ever said when there were counters and
 * every field matched.
 */
export function serviceCheck(svc: Partial<ServiceCounters> | null, answers: Map<string, number>, work?: WorkCounted): NonNullable<RunResult['service_check']> {
  if (!svc) return { compared: false, differing: [] };
  let accepted = 0,
    shed = 0,
    rejected = 0,
    unanswered = 0;
  for (const [key, n] of answers) {
    const status = Number(key.split(' ')[0]);
    if (!Number.isInteger(status))
      unanswered += n; // timeouts and connection errors: the service may or may not have seen them
    else if (status >= 200 && status < 300) accepted += n;
    else if (/ retry-after( 0)?$/.test(key) && (status === 429 || status === 503)) shed += n;
    else rejected += n;
  }
  const differing: string[] = [];
  const differs = (field: string, service: number, clients: string) => differing.push(`${field}: service ${fmt(service)}, clients heard ${clients}`);
  // A field the service does not report (an unmapped metric) is not compared.
  if (svc.accepted !== undefined && svc.accepted !== accepted) differs('accepted', svc.accepted, fmt(accepted));
  if (svc.shed !== undefined && svc.shed !== shed) differs('shed', svc.shed, fmt(shed));
  if (svc.rejected !== undefined && svc.rejected !== rejected) differs('rejected', svc.rejected, fmt(rejected));
  const answered = accepted + shed + rejected;
  if (svc.received !== undefined && (svc.received < answered || svc.received > answered + unanswered)) {
    differs('received', svc.received, unanswered ? `${fmt(answered)} answers (+${fmt(unanswered)} unanswered attempts)` : `${fmt(answered)} answers`);
  }
  const differsFrom = (service: number | undefined, counted: number) => service !== undefined && (work?.partial ? service > counted : service !== counted);
  if (work && differsFrom(svc.processed, work.confirmed))
    differing.push(`processed: service ${fmt(svc.processed!)}, the backend confirmed ${fmt(work.confirmed)} completion(s)`);
  // A failure the service counts but never reported per request is one gameday calls lost (or completed): said, never agreed.
  if (work && differsFrom(svc.failed, work.failed)) differing.push(`failed: service ${fmt(svc.failed!)}, ${fmt(work.failed)} failure(s) reported per request`);
  return { compared: true, differing };
}

/** What a run's totals say of the work: completions confirmed (duplicates included) and failures per request. */
export const workCounted = (t: Totals, partial = false): WorkCounted => ({ confirmed: t.completed + t.duplicates, failed: t.failed, partial });

/** What does not add up in your service's deliveries: refused, foreign or contradicting reports. */
export function deliveryDiscrepancies(d: DeliveryReport | undefined): string[] {
  if (!d) return [];
  const out: string[] = [];
  if (d.invalid > 0) out.push(`deliveries refused (400): ${fmt(d.invalid)}, never counted (the last: ${d.last_invalid ?? 'unreadable'})`);
  if (d.unknown_ids > 0) out.push(`deliveries for ids this run never sent: ${fmt(d.unknown_ids)} (counted apart, never credited)`);
  if ((d.conflicting ?? 0) > 0) out.push(`deliveries contradicting an earlier one for the same job: ${fmt(d.conflicting!)} (the completion stands)`);
  return out;
}

const fmt = (n: number) => n.toLocaleString('en-US');
