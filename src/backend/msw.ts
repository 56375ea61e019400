import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MockClaude } from './mock-model.js';
import { routeMockRequest } from './mock-routes.js';
import { sseReadable } from './sse.js';

/** The base URL the in-process SDK is pointed at; msw answers it, nothing listens there. */
export const MSW_BASE_URL = 'http://mock-claude.gameday.invalid';

/** msw handlers for every path under the base URL, routed as the HTTP server routes them. */
export function mockClaudeHandlers(model: MockClaude, baseUrl = MSW_BASE_URL) {
  return [
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      const body = parseJson(text);
      const path = new URL(request.url).pathname;
      const a = await routeMockRequest(model, { method: request.method, path, header: (n) => request.headers.get(n), body }, request.signal);
      if (a.stream) return new HttpResponse(sseReadable(a.stream), { status: a.status, headers: a.headers });
      if (a.text !== undefined) return new HttpResponse(a.text, { status: a.status, headers: a.headers });
      return HttpResponse.json(a.body as Record<string, unknown>, { status: a.status, headers: a.headers });
    }),
  ];
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
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
