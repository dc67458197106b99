import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './client.ts';
import { getKitStatus, printDocument } from './kit.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const clientAnswering = (respond: (url: string, init: RequestInit) => Response) => {
  const calls: { url: string; init: RequestInit }[] = [];
  const client = createApiClient({ fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond(String(input), init ?? {});
  }) as typeof fetch });
  return { client, calls };
};

describe('getKitStatus: whether the app runs on a kit', () => {
  it('is null at the Rathaus, where the route does not exist (404)', async () => {
    const { client, calls } = clientAnswering(() => json(404, { error: { code: 'NOT_FOUND', message: 'Route GET:/api/kit-local/status not found' } }));
    expect(await getKitStatus(client)).toBeNull();
    expect(calls[0]?.url).toBe('/api/kit-local/status');
  });

  it('is the kit\'s status on a kit', async () => {
    const status = { kitName: 'Koffer 1', online: false, outbox: null, packages: [] };
    const { client } = clientAnswering(() => json(200, status));
    expect(await getKitStatus(client)).toEqual(status);
  });

  it('passes other failures on: a kit that answers 500 is still a kit with a problem', async () => {
    const { client } = clientAnswering(() => json(500, { error: { code: 'INTERNAL', message: 'boom' } }));
    await expect(getKitStatus(client)).rejects.toBeInstanceOf(ApiError);
  });
});

describe('printDocument', () => {
  it('posts the copies to the document\'s print route with the CSRF token', async () => {
    const { client, calls } = clientAnswering(() => json(200, { jobId: 7, state: 'completed', finishedAt: null }));
    client.setCsrfToken('tok');
    expect(await printDocument(client, 'd/1', 2)).toMatchObject({ jobId: 7 });
    expect(calls[0]).toMatchObject({ url: '/api/documents/d%2F1/print', init: { method: 'POST', body: JSON.stringify({ copies: 2 }) } });
    expect((calls[0]?.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
  });
});
