export * from './duration.js';
export * from './schema.js';
export * from './load.js';
export * from './plan.js';
export * from './scale.js';
