export * from './core.js';
export * from './egress.js';
export * from './worker.js';
export * from './http.js';
