export { type Completion, type RunEvent, type RunListener } from './events.js';
export { type Harness } from './harness/harness.js';
export { type RunOptions, runScenario } from './run.js';
export { GAMEDAY_VERSION } from './version.js';
export { type ScenarioMock, type ScenarioMockOptions, serveScenarioMock } from './mock/serve.js';
