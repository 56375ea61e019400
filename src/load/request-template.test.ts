import { describe, expect, it } from 'vitest';
import { makePrompt } from '../model/index.js';
import { requestBuilder, requestSchema, statusHeaders } from './request-template.js';

const offer = { index: 3, id: 'gd-abcdefgh-3', priority: 'high', inputTokens: 12, maxTokens: 64 };

describe('service.request', () => {
  it("is gameday's own JSON body, POSTed, without a template", () => {
    const r = requestBuilder({ withPrompt: true, callbackUrl: 'http://127.0.0.1:9/cb' })(offer);
    expect(r.method).toBe('POST');
    expect(r.headers).toEqual({ 'content-type': 'application/json', 'x-gameday-callback': 'http://127.0.0.1:9/cb', 'x-gameday-request-id': offer.id });
    expect(JSON.parse(r.body)).toEqual({
      id: offer.id,
      priority: 'high',
      input_tokens: 12,
      max_tokens: 64,
      prompt: makePrompt(offer.id, 12),
      callback_url: 'http://127.0.0.1:9/cb',
    });
  });

  it('fills a mapping body: a placeholder alone keeps its type, text around one is text', () => {
    const template = requestSchema.parse({
      method: 'PUT',
      body: { job: { ref: '{{id}}', limit: '{{ max_tokens }}', note: 'job {{id}} at {{priority}}', tags: ['{{priority}}', 7] }, text: '{{prompt}}' },
    });
    const r = requestBuilder({ template })(offer);
    expect(r.method).toBe('PUT');
    expect(JSON.parse(r.body)).toEqual({
      job: { ref: offer.id, limit: 64, note: `job ${offer.id} at high`, tags: ['high', 7] },
      text: makePrompt(offer.id, 12),
    });
  });

  it('sends a string body as written, its placeholders filled', () => {
    const template = requestSchema.parse({ headers: { 'Content-Type': 'text/plain' }, body: 'id={{id}}&n={{input_tokens}}' });
    const r = requestBuilder({ template })(offer);
    expect(r.body).toBe(`id=${offer.id}&n=12`);
    expect(r.headers['content-type']).toBe('text/plain');
  });

  it('reads ${VAR} from the environment it is given, with defaults and escapes; an unset one is bad input', () => {
    const template = requestSchema.parse({
      headers: { authorization: 'Bearer ${TOKEN}', 'x-team': '${TEAM:-sre}', 'x-literal': '$${TOKEN}', 'x-id': '{{id}}' },
    });
    const r = requestBuilder({ template, env: { TOKEN: 's3cret' } })(offer);
    expect(r.headers).toMatchObject({ authorization: 'Bearer s3cret', 'x-team': 'sre', 'x-literal': '${TOKEN}', 'x-id': offer.id });
    expect(() => requestBuilder({ template, env: {} })).toThrow('service.request reads ${TOKEN}, which is not set');
  });

  it('always carries x-gameday-request-id, whatever the template says', () => {
    const template = requestSchema.parse({ headers: { 'x-gameday-request-id': 'mine' } });
    expect(requestBuilder({ template })(offer).headers['x-gameday-request-id']).toBe(offer.id);
  });

  it('refuses an unknown placeholder and a bad header name, naming them', () => {
    const unknown = requestSchema.safeParse({ body: { a: '{{job_id}}' } });
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0].message).toContain('unknown placeholder {{job_id}}; expected one of {{id}}, {{prompt}}');
    const header = requestSchema.safeParse({ headers: { 'bad header': 'x' } });
    expect(header.error!.issues[0].message).toContain('Expected a header name');
  });

  it('refuses a header the HTTP client sets itself, and one name twice in two cases (both would fail only when sent)', () => {
    const owned = requestSchema.safeParse({ headers: { 'Transfer-Encoding': 'chunked' } });
    expect(owned.error!.issues[0]).toMatchObject({
      path: ['headers', 'Transfer-Encoding'],
      message: '`Transfer-Encoding` is set by the HTTP client itself; remove it',
    });
    const twice = requestSchema.safeParse({ headers: { Authorization: 'a', authorization: 'b' } });
    expect(twice.error!.issues[0].message).toBe('`authorization` is given twice (header names are the same in any case)');
    // A virtual host and a closed connection are the caller's to choose.
    expect(requestSchema.safeParse({ headers: { host: 'api.staging', connection: 'close' } }).success).toBe(true);
  });

  it('polls a job with the headers that name no per-job field but its id', () => {
    const template = requestSchema.parse({ headers: { authorization: 'Bearer ${TOKEN}', 'x-ref': '{{id}}', 'x-prio': '{{priority}}' } });
    expect(statusHeaders(template, { TOKEN: 't' })('gd-x-1')).toEqual({ authorization: 'Bearer t', 'x-ref': 'gd-x-1' });
  });
});
