import { describe, expect, it, vi } from 'vitest';
import { ApiError, buildUrl, createApiClient, errorFromResponse } from './client.ts';

interface Call { url: string; init: RequestInit }

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init: init ?? {} };
    calls.push(call);
    return respond(call);
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const headersOf = (call: Call | undefined) => (call?.init.headers ?? {}) as Record<string, string>;

describe('buildUrl', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(buildUrl('/api/register/persons', { name: 'Müller Anna', birthDate: '', address: null, limit: 20, purpose: undefined }))
      .toBe('/api/register/persons?name=M%C3%BCller+Anna&limit=20');
    expect(buildUrl('/api/x', { a: '' })).toBe('/api/x');
    expect(buildUrl('/api/x')).toBe('/api/x');
  });
});

describe('errorFromResponse', () => {
  it('reads the API error shape with issues', () => {
    const error = errorFromResponse(400, JSON.stringify({
      error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', issues: [{ path: 'body.username', message: 'Required' }, { bogus: 1 }] },
    }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'The request is invalid', status: 400 });
    expect(error.issues).toEqual([{ path: 'body.username', message: 'Required' }]);
  });

  it('keeps details when the server sends them', () => {
    const error = errorFromResponse(423, JSON.stringify({ error: { code: 'ACCOUNT_LOCKED', message: 'Locked', details: { until: '2026-01-01' } } }));
    expect(error.details).toEqual({ until: '2026-01-01' });
  });

  it.each([
    ['an HTML page from a proxy', '<html>Bad gateway</html>'],
    ['an empty body', ''],
    ['JSON without an error object', '{"message":"nope"}'],
  ])('falls back to HTTP_<status> for %s', (_label, body) => {
    const error = errorFromResponse(502, body);
    expect(error.code).toBe('HTTP_502');
    expect(error.status).toBe(502);
  });
});

describe('createApiClient', () => {
  it('sends the CSRF token on state-changing requests only', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { ok: true }));
    const api = createApiClient({ fetch });
    api.setCsrfToken('tok-1');
    await api.get('/api/auth/me');
    await api.post('/api/auth/logout');
    await api.patch('/api/admin/users/1', { disabled: true });
    await api.delete('/api/admin/users/1/second-factor');
    expect(headersOf(calls[0])['X-CSRF-Token']).toBeUndefined();
    expect(headersOf(calls[1])['X-CSRF-Token']).toBe('tok-1');
    expect(headersOf(calls[2])['X-CSRF-Token']).toBe('tok-1');
    expect(headersOf(calls[3])['X-CSRF-Token']).toBe('tok-1');
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });

  it('sends JSON bodies with their content type and no token before login', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { status: 'ok' }));
    const api = createApiClient({ fetch });
    await api.post('/api/auth/login', { username: 'anna', password: 'geheim' });
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.body).toBe('{"username":"anna","password":"geheim"}');
    expect(headersOf(calls[0])['Content-Type']).toBe('application/json');
    expect(headersOf(calls[0])['X-CSRF-Token']).toBeUndefined();
  });

  it('returns the parsed body, or undefined for an empty one', async () => {
    const { fetch } = fakeFetch((call) => (call.url.endsWith('/empty') ? new Response(null, { status: 204 }) : json(200, { hits: [1] })));
    const api = createApiClient({ fetch });
    await expect(api.get('/api/x', { query: { name: 'a' } })).resolves.toEqual({ hits: [1] });
    await expect(api.post('/api/empty')).resolves.toBeUndefined();
  });

  it('throws the server error and reports a lost session', async () => {
    const onUnauthenticated = vi.fn();
    const { fetch } = fakeFetch((call) => (call.url.includes('me')
      ? json(401, { error: { code: 'UNAUTHENTICATED', message: 'Please sign in.' } })
      : json(403, { error: { code: 'FORBIDDEN', message: 'Your role does not allow this.' } })));
    const api = createApiClient({ fetch, onUnauthenticated });
    await expect(api.get('/api/auth/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    await expect(api.get('/api/audit/entries')).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('does not treat a wrong password (also 401) as a lost session', async () => {
    const onUnauthenticated = vi.fn();
    const { fetch } = fakeFetch(() => json(401, { error: { code: 'INVALID_CREDENTIALS', message: 'The username or the password is wrong.' } }));
    const api = createApiClient({ fetch, onUnauthenticated });
    await expect(api.post('/api/auth/login', { username: 'a', password: 'b' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it('turns a network failure into NETWORK and lets aborts through', async () => {
    const down = createApiClient({ fetch: fakeFetch(() => { throw new TypeError('Failed to fetch'); }).fetch });
    await expect(down.get('/api/x')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
    const aborted = createApiClient({ fetch: fakeFetch(() => { throw new DOMException('aborted', 'AbortError'); }).fetch });
    await expect(aborted.get('/api/x')).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a success answer that is not JSON', async () => {
    const api = createApiClient({ fetch: fakeFetch(() => new Response('<html></html>', { status: 200 })).fetch });
    await expect(api.get('/api/x')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
