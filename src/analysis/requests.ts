import { Answer, PRIORITIES, type Ledger, type RequestRows } from '../model/index.js';

const ANSWER_NAMES: Record<number, string> = Object.fromEntries(Object.entries(Answer).map(([name, code]) => [code, name]));

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Every request as the ledger ends it, column by column (the plan's order). */
export function requestRows(ledger: Ledger): RequestRows {
  const rows: RequestRows = { id: [], priority: [], intended_ms: [], outcome: [], attempts: [], latency_ms: [], answer: [] };
  for (let i = 0; i < ledger.count; i++) {
    const outcome = ledger.outcome(i);
    rows.id.push(ledger.ids.id(i));
    rows.priority.push(PRIORITIES[ledger.priority[i]]);
    rows.intended_ms.push(round(ledger.intendedAt[i], 3));
    rows.outcome.push(outcome);
    rows.attempts.push(ledger.attempts[i]);
    rows.latency_ms.push(outcome === 'completed' ? round(ledger.completedAt[i] - ledger.intendedAt[i], 1) : null);
    rows.answer.push(ANSWER_NAMES[ledger.lastAnswer[i]]);
  }
  return rows;
}
