import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MockClaude } from './mock-model.js';
import { REQUEST_ID_HEADER, estimateTokens, findRequestId } from './request-id.js';
import { sseReadable } from './sse.js';

/** The base URL the in-process SDK is pointed at; msw answers it, nothing listens there. */
export const MSW_BASE_URL = 'http://mock-claude.gameday.invalid';

/** msw handlers for the Messages API, backed by the mock model. */
export function mockClaudeHandlers(model: MockClaude, baseUrl = MSW_BASE_URL) {
  return [
    http.post(`${baseUrl}/v1/messages`, async ({ request }) => {
      const body = (await request.json()) as { model?: string; max_tokens?: number; stream?: boolean };
      const a = await model.answer(
        { requestId: findRequestId(request.headers.get(REQUEST_ID_HEADER), body), model: body.model ?? 'unknown', maxTokens: body.max_tokens ?? 1024, inputTokens: estimateTokens(body), stream: body.stream === true },
        request.signal,
      );
      if (a.stream) return new HttpResponse(sseReadable(a.stream), { status: a.status, headers: a.headers });
      return HttpResponse.json(a.body as Record<string, unknown>, { status: a.status, headers: a.headers });
    }),
  ];
}

/**
 * Intercepts the SDK's calls in this process. msw keeps about 1 KB of heap per intercepted call,
 * so long game days should use the HTTP server instead (`backend.transport: http`).
 */
export function startMswMock(model: MockClaude, baseUrl = MSW_BASE_URL): ReturnType<typeof setupServer> {
  const server = setupServer(...mockClaudeHandlers(model, baseUrl));
  server.listen({ onUnhandledRequest: 'bypass' });
  return server;
}
