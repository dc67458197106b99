import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, testSessionHeaders } from '../identity/testing.ts';
import type { Database } from '../platform/db/database.ts';
import { startTestServer } from '../platform/http/testing.ts';
import type { App } from '../platform/http/types.ts';
import type { testContext } from '../platform/testing.ts';
import type { DeviceHealthReport } from './check-device-health.ts';
import { devicePortsFromConfig } from './from-config.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

describe('GET /api/devices/health', () => {
  let database: Database;
  let ctx: ReturnType<typeof testContext>;
  let app: App;
  let officer: Record<string, string>;

  beforeAll(async () => {
    let municipalityId: string;
    ({ database, ctx, app, municipalityId } = await startTestServer());
    officer = await testSessionHeaders(ctx, await createTestUser(ctx, municipalityId, { roles: ['field_officer'] }), municipalityId);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('reports the simulators as ready when no device is configured', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/devices/health', headers: officer });
    expect(response.statusCode).toBe(200);
    const body = response.json<DeviceHealthReport>();
    expect(body.status).toBe('ok');
    expect(body.timeoutMs).toBe(5000);
    expect(body.devices).toHaveLength(7);
    expect(body.devices.every((d) => d.status === 'ok' && d.driver === 'simulator')).toBe(true);
  });

  it('reports a configured printer that is switched off as not working, with what to do', async () => {
    ctx.devices = devicePortsFromConfig({ devicePrinter: `ipp://127.0.0.1:${await closedPort()}/ipp/print`, deviceScanner: 'simulator', devicePayment: 'simulator' });
    const body = (await app.inject({ method: 'GET', url: '/api/devices/health', headers: officer })).json<DeviceHealthReport>();
    expect(body.status).toBe('failed');
    const printer = body.devices.find((d) => d.device === 'printer');
    expect(printer).toMatchObject({ status: 'failed', driver: 'ipp' });
    expect(printer?.advice).toMatch(/DEVICE_PRINTER/);
    expect(body.devices.filter((d) => d.status === 'ok')).toHaveLength(6);
  });
});
