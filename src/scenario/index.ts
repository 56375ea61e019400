export * from './schema.js';
export * from './load.js';
export * from './plan.js';
export * from './scale.js';
export * from './display.js';
export * from './forecast.js';
export * from './memory.js';
export * from './bounds.js';
export { parseSet, type SetOverride } from './set-override.js';
