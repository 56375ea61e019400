export {
  type BackendConfig,
  backendSchema,
  clientSchema,
  type DeliveryConfig,
  duration,
  type EgressConfig,
  type Fault,
  faultSchema,
  type ManagedProcessConfig,
  managedProcesses,
  type MetricsMap,
  type ParsedScenario,
  rateLimitsSchema,
  type RetryConfig,
  retrySchema,
  type ScenarioInput,
  scenarioSchema,
  serviceCluster,
  type ServiceConfig,
  serviceCoreFields,
  type ServiceMetricsConfig,
  serviceSchema,
  statusPath,
  type TrafficConfig,
  trafficSchema,
} from './schema.js';
export { expressionSource, EXTERNAL_SERVICE, formatPath, loadScenario, type Overrides, parseScenario, type Scenario, type StrategyCatalog } from './load.js';
export { buildPlan, phaseArrivals, phaseSegments, type Plan, planTooBig, type Segment } from './plan.js';
export { scaleScenario } from './scale.js';
export { type ProbeConfig } from './hypothesis-schema.js';
export { displayScenario, exactDuration } from './display.js';
export { type CapacityPart, capacityParts, forecast, type Forecast, meanCallMs, type PhaseForecast } from './forecast.js';
export {
  ARRIVAL_BYTES,
  type CallerHandling,
  checkMemory,
  estimateMemory,
  HEAP_SHARE,
  IN_FLIGHT_BYTES,
  IN_FLIGHT_BYTES_HELD,
  type MemoryEstimate,
  requestLifetimeMs,
} from './memory.js';
export { type BoundsIssue, boundsIssues } from './bounds.js';
export { parseSet, type SetOverride } from './set-override.js';
export { isBaseline, lessonFlags, lessonSchema, lessonsSchema, type Lesson } from './lesson-schema.js';
