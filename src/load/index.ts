export { type ClientAnswer, isAccepted, isServiceSideError, isShed, type JobOffer, type Transport } from './transport.js';
export { connectionBudget, httpTransport, type HttpTransportOptions, retryAfterSeconds } from './http-transport.js';
export { connectOptions, type TlsOptions } from './connections.js';
export { headersSchema, type RequestBuilder, requestBuilder, type RequestConfig, requestSchema, statusHeaders } from './request-template.js';
export { RetryPolicy } from './retry.js';
export { answerKey, classify, type ClientDeps, RunDeadline, runRequest } from './client.js';
export { ABANDON_AFTER_MS, generate, type GenerateOptions, type GeneratorStats } from './generator.js';
export { type RetryConfig, retrySchema } from './retry-schema.js';
