/**
 * The one key the mock accepts under `backend.auth: required`: the key gameday's own service
 * sends, and the key to give your own service as ANTHROPIC_API_KEY. Any other key, or none, is
 * answered 401 `authentication_error` then; without `auth: required` every key is accepted. It may
 * come as `x-api-key` (the API's documented header) or `Authorization: Bearer` (how the SDK sends it).
 */
export const MOCK_API_KEY = 'gameday-mock';

/** The mock's port when it serves a service that must know it in advance (your own service, `mock-claude`) and nothing else is said. */
export const DEFAULT_MOCK_PORT = 8787;
