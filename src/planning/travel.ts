// Travel times between points: straight-line distance × detour factor at an average speed (the default),
// or an OSRM-compatible table server when configured (osrm.ts).
import type { Point } from './build-problem.ts';

export interface TravelSettings { speedKmh: number; detourFactor: number }

const earthRadiusKm = 6371.0088;

export function haversineKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Minutes matrix (rounded up to whole minutes, so a plan never assumes a faster drive than the estimate). */
export function haversineMatrix(points: Point[], settings: TravelSettings): number[][] {
  return points.map((a) => points.map((b) => {
    if (a === b) return 0;
    const km = haversineKm(a, b) * settings.detourFactor;
    return Math.ceil((km / settings.speedKmh) * 60);
  }));
}
