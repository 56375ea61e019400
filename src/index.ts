/** gameday's programmatic API: what the CLI calls, and what users may call from their own scripts. */
import { displayScenario as display, loadScenario as load, parseScenario as parse, type Overrides, type Scenario } from './scenario/index.js';
import { strategyCatalog } from './strategy/index.js';

export * from './model/index.js';
export {
  buildPlan, scaleScenario, phaseArrivals, forecast, capacityParts, meanCallMs, exactDuration,
  type Plan, type Scenario, type Overrides, type Forecast, type PhaseForecast, type CapacityPart,
} from './scenario/index.js';
export { getStrategy, registerStrategy, strategyNames, type Strategy, type StrategyModule } from './strategy/index.js';
export { MockClaude, startMockServer, startMswMock, mockClaudeHandlers, type MockConfig, type MockServer, type RunningServer, type RequestBudget } from './backend/index.js';
export { runScenario, GAMEDAY_VERSION, type RunOptions, type RunEvent } from './engine/index.js';
export { probeCapacity, type ProbeResult } from './engine/probe.js';
export * from './report/index.js';
export * from './gate/index.js';

/** Reads and validates a scenario file against the registered strategies. */
export function loadScenario(path: string, overrides?: Overrides): Scenario {
  return load(path, strategyCatalog, overrides);
}

export function parseScenario(text: string, source: string, overrides?: Overrides): Scenario {
  return parse(text, source, strategyCatalog, overrides);
}

/** The resolved scenario as a file would write it: defaults filled, every duration with its unit. */
export function displayScenario(s: Scenario): Record<string, unknown> {
  return display(s, strategyCatalog);
}
