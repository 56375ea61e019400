export * from './core.js';
export * from './egress.js';
export * from './worker.js';
export * from './http.js';
export * from './egress-factory.js';
export * from './egress-gate.js';
export * from './egress-token-bucket.js';
export * from './egress-adaptive.js';
