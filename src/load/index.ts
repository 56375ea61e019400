export * from './transport.js';
export * from './http-transport.js';
export * from './retry.js';
export * from './client.js';
export * from './generator.js';
export * from './retry-schema.js';
