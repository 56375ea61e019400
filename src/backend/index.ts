export {
  type BackendClient,
  type BackendObserver,
  type BackendOutcome,
  type BackendStats,
  type MessageUsage,
  type MockAnswer,
  type MockCall,
  type MockRequest,
  type RequestBudget,
} from './types.js';
export { firstExternalIPv4, httpUrl, isLoopbackHost, isWildcardHost, localHost, reachableUrl, urlEndpoint } from './address.js';
export { CACHE_PRICE_FACTOR, type CacheTokens, costOf, estimateCostUsd, pricesOf } from './pricing.js';
export { contentFingerprint, estimateTokens, findRequestIds, makePrompt, REQUEST_ID_HEADER, textOf } from './request-id.js';
export { ABORTED_KEY, DROPPED_KEY, type MockConfig, type MockDeps, STREAM_ERROR_KEY, type StreamTiming, VIRTUAL_EPOCH_MS } from './mock-config.js';
export { MockClaude } from './mock-model.js';
export { DEFAULT_MOCK_PORT, MOCK_API_KEY } from './mock-key.js';
export { listen, type MockExchange, type MockServer, type MockWatcher, type RunningServer, startMockServer } from './mock-server.js';
export { routeMockRequest } from './mock-routes.js';
export { mockClaudeHandlers, MSW_BASE_URL, startMswMock } from './msw.js';
export { sdkClient, type SdkClientOptions, toFailure } from './sdk-client.js';
export { directClient, type DirectClientOptions } from './direct-client.js';
export { Bucket, type Epoch, epochMsOf, type RateDecision, type RateLimitConfig, RateLimiter, rfc3339, UNSET_LIMITS } from './rate-limit.js';
export { BackendCapacity, type CongestionConfig, congestionFactor } from './capacity.js';
export { type SpendLimitConfig, SpendMeter } from './spend-limit.js';
export { BackendLimits, type LimitDecision, type LimitsConfig } from './limits.js';
export {
  CHUNK_TOKENS,
  ConnectionDropped,
  formatSse,
  messageStream,
  type SseEvent,
  sseReadable,
  type StreamEnd,
  type StreamHooks,
  type StreamPlan,
} from './sse.js';
export { sdkRetryDelayMs, sdkShouldRetry } from './sdk-retry.js';
export { errorBody, errorType, statusOfErrorType } from './errors-body.js';
export { API_MAX_BODY, bodyLimit, type BodyRead, declaredTooLarge, DEFAULT_MAX_CONNECTIONS, readBody, type ServerLimits, tooLargeAnswer } from './mock-body.js';
export { answerHeaders, DEFAULT_UPSTREAM, shownUrl, sseEvents, Upstream, type UpstreamConfig, usageOf } from './upstream.js';
