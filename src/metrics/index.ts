export { RunMetrics } from './run-metrics.js';
export { MetricsEndpoint, type Listen } from './endpoint.js';
