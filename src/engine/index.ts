export * from './events.js';
export * from './harness.js';
export * from './run.js';
export * from './version.js';
export * from './mock-serve.js';
