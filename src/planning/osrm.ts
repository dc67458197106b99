// OSRM table API (GET /table/v1/driving/{lon,lat;…}?annotations=duration) with a fallback to
// straight-line estimates, so planning works when the routing server is down.
import type { Point } from './build-problem.ts';
import { haversineMatrix, type TravelSettings } from './travel.ts';

export interface TravelMatrixResult { minutes: number[][]; source: 'osrm' | 'haversine'; warning?: string }

export async function osrmMatrix(baseUrl: string, points: Point[], timeoutMs = 10_000): Promise<number[][]> {
  const coords = points.map((p) => `${p.longitude.toFixed(6)},${p.latitude.toFixed(6)}`).join(';');
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/table/v1/driving/${coords}?annotations=duration`,
    { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`OSRM answered HTTP ${response.status}`);
  const body = await response.json() as { code?: string; durations?: (number | null)[][] };
  if (body.code !== 'Ok' || !Array.isArray(body.durations) || body.durations.length !== points.length) {
    throw new Error(`OSRM answered code ${String(body.code)} without a ${points.length}×${points.length} duration table`);
  }
  return body.durations.map((row, i) => {
    if (!Array.isArray(row) || row.length !== points.length) throw new Error(`OSRM row ${i} has the wrong length`);
    // A null duration means no route: far too long to plan on.
    return row.map((seconds) => (seconds === null ? 24 * 60 : Math.ceil(seconds / 60)));
  });
}

export async function travelMatrix(points: Point[], settings: TravelSettings & { osrmUrl?: string },
  warn: (message: string) => void = () => {}): Promise<TravelMatrixResult> {
  if (settings.osrmUrl && points.length > 1) {
    try {
      return { minutes: await osrmMatrix(settings.osrmUrl, points), source: 'osrm' };
    } catch (error) {
      const warning = `OSRM at ${settings.osrmUrl} failed (${(error as Error).message}); straight-line estimates used instead`;
      warn(warning);
      return { minutes: haversineMatrix(points, settings), source: 'haversine', warning };
    }
  }
  return { minutes: haversineMatrix(points, settings), source: 'haversine' };
}
