export {
  countEnding,
  emptyTotals,
  endedCount,
  type Ending,
  type Outcome,
  OUTCOMES,
  outcomeSum,
  PRIORITIES,
  type Priority,
  type Stopped,
  STOPPED,
  stoppedSum,
  type Totals,
} from './outcome.js';
export { BackendError, ConfigError, GamedayError, LedgerError, parseEach, StoreError } from './errors.js';
export { EXIT } from './exit-codes.js';
export {
  type CompareResult,
  type CrashReport,
  type FaultFiring,
  type FaultRecord,
  type GateResult,
  type MachineLoad,
  type Percentiles,
  type Rates,
  type RecoveryReport,
  type ReplayFigures,
  type RunReplay,
  type RunResult,
  type RunValidity,
  type ServiceCounters,
  type StalledRecovery,
  type TimelinePoint,
  type Verdict,
  type VerdictStatus,
} from './result.js';
export { FIGURE_SECTIONS, figureAt, type FigureSection, mapFigures } from './figures.js';
export { type ManagedProcessesReport, type MetricsPollReport, type ProcessExitEvent } from './managed-report.js';
export { type RequestRows } from './request-rows.js';
export {
  type BackendIds,
  type BatchStats,
  type DeliveryReport,
  type Displacement,
  FAILED_WITHOUT_REASON,
  type GeneratorReport,
  type ReplayReport,
  type UnfinishedAtStop,
  type Validity,
} from './run-parts.js';
export {
  type AsyncQueueStore,
  type ClaimedJob,
  DEFAULT_REDIS_URL,
  type EnqueueAnswer,
  type NewJob,
  NO_STALL_LIMIT,
  type QueueStore,
  stalledReason,
  type StoreCounts,
  type UnfinishedJob,
} from './queue-store.js';
export { Answer, type AnswerKind, Ledger } from './ledger.js';
export { makePrompt, PROMPT_ID_LABEL } from './prompt.js';
export { replaceVariables, variableValue } from './env-vars.js';
export { type TargetReport } from './target-report.js';
export { type HarnessName } from './run-parts.js';
export { commandEnding, type CommandRecord, lastOutputLine } from './command-record.js';
export { ANY_REQUEST_ID, type IdOwner, idsInText, RequestIds } from './request-ids.js';
export {
  abortReason,
  notRunReason,
  commandFailure,
  combineVerdicts,
  computeVerdict,
  exitCodeOf,
  gatesJudged,
  type Interruption,
  signalOf,
  verdictHead,
  type VerdictInput,
  verdictLine,
  verdictOf,
  worstVerdict,
} from './verdict.js';
export { headerLookup, type HeaderLookup, leastWait, retryAfterMs, shouldRetryHint } from './retry-hints.js';
export { addCounters, NO_COUNTERS } from './counters.js';
export { SIM_ENGINE, simEngineOf } from './sim-engine.js';
export {
  type AbortRecord,
  type HypothesisCheck,
  type HypothesisReport,
  type HypothesisWindow,
  type JournalEvent,
  type JournalKind,
  type ProbeCheck,
  type SteadyStateGate,
} from './game-day.js';
export { type LiveCheck, type SweepAxis, type SweepPoint, type SweepResult, type SweepSearch } from './sweep.js';
export { type JsonCondition, parseJsonCondition, parseJsonPath, valueAt } from './json-condition.js';
