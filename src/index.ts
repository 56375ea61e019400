/**
 * gameday's programmatic API: what the CLI calls, and what users may call from their own scripts
 * (docs/api.md). Every name is listed here on purpose; the rooms' other exports are internal.
 */
import { displayScenario as display, loadScenario as load, parseScenario as parse, type Overrides, type Scenario } from './scenario/index.js';
import { strategyCatalog } from './strategy/index.js';

// Running a scenario
export { runScenario, GAMEDAY_VERSION, type RunOptions, type RunEvent, type RunListener, type Completion } from './engine/index.js';
export { probeCapacity, type ProbeResult } from './engine/probe.js';
export { serveScenarioMock, type ScenarioMock, type ScenarioMockOptions } from './engine/mock/serve.js';
export { joinRun, type JoinOptions, type JoinResult } from './engine/join-run.js';
// A run's figures live, as Prometheus metrics (the CLI's --metrics-port)
export { RunMetrics, MetricsEndpoint, type Listen } from './metrics/index.js';
export { checkBackendHost, checkMockHost, ALLOW_REMOTE_BACKEND_FLAG, preflight } from './engine/preflight.js';
export { checkTargets, remoteEndpoints, TARGET_FLAG } from './engine/targets.js';

// What-if sweeps
export { planSweep, runSweep, parseVary, strategiesAxis, verifyLive, type SweepOptions, type SweepPlan } from './sweep/index.js';

// Scenarios and plans
export {
  buildPlan,
  scaleScenario,
  phaseArrivals,
  forecast,
  exactDuration,
  type Plan,
  type Scenario,
  type Overrides,
  type Forecast,
  type PhaseForecast,
  type CapacityPart,
} from './scenario/index.js';

// Strategies and faults
export { getStrategy, registerStrategy, strategyNames, takeNext, type Strategy, type StrategyModule } from './strategy/index.js';
export { faultKinds, type Fault } from './fault/index.js';

// The mock Claude
export {
  MockClaude,
  startMockServer,
  isLoopbackHost,
  reachableUrl,
  startMswMock,
  mockClaudeHandlers,
  DEFAULT_MOCK_PORT,
  MOCK_API_KEY,
  type MockConfig,
  type MockExchange,
  type MockServer,
  type RunningServer,
  type RequestBudget,
} from './backend/index.js';

// Results, verdicts and errors
export {
  outcomeSum,
  computeVerdict,
  verdictOf,
  combineVerdicts,
  exitCodeOf,
  EXIT,
  PRIORITIES,
  OUTCOMES,
  Ledger,
  GamedayError,
  ConfigError,
  BackendError,
  StoreError,
  DEFAULT_REDIS_URL,
  LedgerError,
  type RunResult,
  type CompareResult,
  type SweepResult,
  type SweepPoint,
  type SweepAxis,
  type SweepSearch,
  type LiveCheck,
  type RequestRows,
  type CrashReport,
  type Totals,
  type Outcome,
  type Priority,
  type Verdict,
  type VerdictStatus,
  type Interruption,
  type GateResult,
  type RunValidity,
  type Displacement,
  type RunReplay,
} from './model/index.js';
export { parseDuration, durationProblem, formatDuration, MAX_DURATION_MS, showValue, escapeUnsafe } from './units/index.js';
export { logNormalMean, RealClock } from './time/index.js';

// Validity: what a late generator could do to a run's counts
export { decideValidity, displacement, type GateJudge, type Tolerance } from './analysis/index.js';

// Reports
export {
  renderSummary,
  renderTimelines,
  renderCompareTable,
  renderCompareCharts,
  renderMarkdown,
  renderCompareMarkdown,
  renderHtml,
  renderJunit,
  renderVerdictBlock,
  renderVerdictLine,
  renderReports,
  renderSweep,
  renderSweepHtml,
  REPORTERS,
  type Reporter,
  type ReportInput,
} from './report/index.js';

// Gates and baselines
export {
  evaluateGates,
  validateGates,
  parseGate,
  METRIC_NAMES,
  makeBaseline,
  compareToBaseline,
  baselineGateResults,
  assertSameRun,
  parseMaxRegression,
  parseCondition,
  WINDOW_METRIC_NAMES,
  type Condition,
  type Gate,
  type MetricSource,
  type Baseline,
  type BaselineInput,
  type RegressionRule,
} from './gate/index.js';

/** Reads and validates a scenario file against the registered strategies. */
export function loadScenario(path: string, overrides?: Overrides): Scenario {
  return load(path, strategyCatalog, overrides);
}

/** Validates scenario YAML text; `source` names it in error messages. */
export function parseScenario(text: string, source: string, overrides?: Overrides): Scenario {
  return parse(text, source, strategyCatalog, overrides);
}

/** The resolved scenario as a file would write it: defaults filled, every duration with its unit. */
export function displayScenario(s: Scenario): Record<string, unknown> {
  return display(s, strategyCatalog);
}
