/** Equirectangular projection for the tour map: longitude shrunk by cos(latitude), fitted into a box. */
export interface LatLon { latitude: number; longitude: number }
export interface Box { width: number; height: number; padding: number }
export interface Projection { project: (p: LatLon) => { x: number; y: number }; pxPerKm: number }

export const KM_PER_DEGREE = 111.32;

export function makeProjection(points: readonly LatLon[], box: Box): Projection {
  const lats = points.map((p) => p.latitude);
  const lons = points.map((p) => p.longitude);
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180) * KM_PER_DEGREE;
  const ky = KM_PER_DEGREE;
  const wKm = Math.max((maxLon - minLon) * kx, 1);
  const hKm = Math.max((maxLat - minLat) * ky, 1);
  const innerW = box.width - 2 * box.padding;
  const innerH = box.height - 2 * box.padding;
  const pxPerKm = Math.min(innerW / wKm, innerH / hKm);
  const offX = box.padding + (innerW - (maxLon - minLon) * kx * pxPerKm) / 2;
  const offY = box.padding + (innerH - (maxLat - minLat) * ky * pxPerKm) / 2;
  return {
    pxPerKm,
    project: (p) => ({ x: offX + (p.longitude - minLon) * kx * pxPerKm, y: offY + (maxLat - p.latitude) * ky * pxPerKm }),
  };
}

/** The longest round length (km) whose bar fits in maxPx. */
export function scaleBarKm(pxPerKm: number, maxPx: number): number {
  const steps = [100, 50, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1];
  return steps.find((km) => km * pxPerKm <= maxPx) ?? 0.1;
}
