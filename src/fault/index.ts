export type {
  BackendEffect,
  CommandRunner,
  CrashRun,
  CrashTarget,
  FaultBase,
  FaultContext,
  FaultEvent,
  FaultModule,
  KilledProcesses,
  ProcessChoice,
  RateLimitsOverride,
} from './types.js';
export { faultSchema, faultModule, faultKinds, type Fault } from './registry.js';
export { backendFaults, OpenFaults } from './backend-faults.js';
export { scheduleCrashes } from './crashes.js';
export { commandLine } from './command.js';
