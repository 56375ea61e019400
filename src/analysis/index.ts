/** Analysis explains a run after it ended: the engine hands over what it observed, these turn it into result.json. */
export { type RunFacts, summarize } from './summarize.js';
export { disturbanceWindow, faultsOver, RECOVERED_FACTOR } from './recovery.js';
export { DepthSeries } from './timeline.js';
export { LatencyHistogram } from './percentiles.js';
export { judgeGenerator, type GeneratorFacts, type Tolerance } from './validity.js';
export { decideValidity, type GateJudge } from './effect.js';
export { displacement } from './displacement.js';
export { requestRows } from './requests.js';
export { deliveryDiscrepancies } from './service-check.js';
export { firstArrivalAt, runningOutcome, runningStats, windowStats, type RunningTotals } from './window-stats.js';
export { judgeHypothesis, RECOVERY_STEP_MS } from './hypothesis.js';
export { buildJournal, journalEntry, type JournalFacts } from './journal.js';
