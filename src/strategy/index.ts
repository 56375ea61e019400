export {
  type Admission,
  type Job,
  type Lease,
  type Settlement,
  type SettleResult,
  type StoreSpec,
  type Strategy,
  type StrategyDeps,
  type StrategyModule,
  type StrategyTraits,
  takeNext,
} from './types.js';
export { getStrategy, registerStrategy, strategyCatalog, strategyNames } from './registry.js';
export { deadLetterReason } from './durable-job.js';
