import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osrmMatrix, travelMatrix } from './osrm.ts';
import { haversineKm, haversineMatrix } from './travel.ts';

const bochum = { latitude: 51.4818, longitude: 7.2162 };
const essen = { latitude: 51.4556, longitude: 7.0116 };

describe('haversine travel times', () => {
  it('measures Bochum–Essen at about 14.5 km and drives it with detour factor and speed', () => {
    expect(haversineKm(bochum, essen)).toBeCloseTo(14.5, 0);
    const m = haversineMatrix([bochum, essen], { speedKmh: 25, detourFactor: 1.3 });
    expect(m[0]![0]).toBe(0);
    expect(m[0]![1]).toBe(Math.ceil((haversineKm(bochum, essen) * 1.3 / 25) * 60));
    expect(m[1]![0]).toBe(m[0]![1]);
  });
});

describe('OSRM table API on a loopback server', () => {
  let server: Server;
  let url = '';
  const requested: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      const match = /^\/table\/v1\/driving\/([^?]+)\?annotations=duration$/.exec(req.url ?? '');
      if (!match) { res.writeHead(400).end(JSON.stringify({ code: 'InvalidUrl' })); return; }
      const coords = match[1]!.split(';').map((c) => c.split(',').map(Number));
      if (coords.some(([lon]) => lon === 0)) { res.writeHead(500).end(); return; }
      // Durations: 100 s per index step, null for a point marked unreachable (lon 9).
      const durations = coords.map((a, i) => coords.map((b, j) => (a[0] === 9 || b[0] === 9) && i !== j ? null : Math.abs(i - j) * 100));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'Ok', durations }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the duration table in minutes (lon,lat order, rounded up)', async () => {
    const m = await osrmMatrix(url, [bochum, essen, { latitude: 51.5, longitude: 7.3 }]);
    expect(m).toEqual([[0, 2, 4], [2, 0, 2], [4, 2, 0]]);
    expect(requested.at(-1)).toBe('/table/v1/driving/7.216200,51.481800;7.011600,51.455600;7.300000,51.500000?annotations=duration');
  });

  it('treats no route as a day away', async () => {
    const m = await osrmMatrix(url, [bochum, { latitude: 51, longitude: 9 }]);
    expect(m[0]![1]).toBe(1440);
  });

  it('falls back to haversine with a warning when OSRM fails', async () => {
    const warnings: string[] = [];
    const settings = { speedKmh: 25, detourFactor: 1.3, osrmUrl: url };
    const r = await travelMatrix([bochum, { latitude: 51, longitude: 0 }], settings, (w) => warnings.push(w));
    expect(r.source).toBe('haversine');
    expect(warnings[0]).toMatch(/HTTP 500/);
    const ok = await travelMatrix([bochum, essen], settings);
    expect(ok.source).toBe('osrm');
  });
});
