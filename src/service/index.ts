export { priorityIndex, ServiceCore, type ServiceDeps, ServiceDownError } from './core.js';
export { type Egress, fixedEgress } from './egress.js';
export { processJob, type WorkerDeps } from './worker.js';
export { type JobRequest, startServiceHttp } from './http.js';
export { createEgress } from './egress-factory.js';
export { CallGate } from './egress-gate.js';
export { TokenBucketEgress } from './egress-token-bucket.js';
export { AdaptiveEgress, type AdaptiveOptions } from './egress-adaptive.js';
export {
  type EgressConfig,
  egressSchema,
  serviceConfig,
  type ServiceConfig,
  serviceCoreFields,
  serviceCoreSchema,
  VEGAS_ALPHA,
  VEGAS_BETA,
} from './options.js';
export { type ServiceProcesses, serviceProcessesSchema } from './processes.js';
