import { describe, expect, it } from 'vitest';
import { KM_PER_DEGREE, makeProjection, scaleBarKm } from './projection.ts';

describe('makeProjection', () => {
  it('puts north up, east right and shrinks longitude by cos(latitude)', () => {
    const a = { latitude: 60, longitude: 10 };
    const b = { latitude: 60.1, longitude: 10.2 };
    const { project, pxPerKm } = makeProjection([a, b], { width: 1000, height: 1000, padding: 0 });
    const pa = project(a);
    const pb = project(b);
    expect(pb.x).toBeGreaterThan(pa.x);
    expect(pb.y).toBeLessThan(pa.y);
    // At 60° one degree of longitude is half as long as one of latitude: 0.2° lon ≈ 0.1° lat.
    expect((pb.x - pa.x) / pxPerKm).toBeCloseTo(0.2 * KM_PER_DEGREE * Math.cos((60.05 * Math.PI) / 180), 6);
    expect((pa.y - pb.y) / pxPerKm).toBeCloseTo(0.1 * KM_PER_DEGREE, 6);
    expect(pa.x).toBeGreaterThanOrEqual(0);
    expect(pb.x).toBeLessThanOrEqual(1000);
  });
});

describe('scaleBarKm', () => {
  it('picks the longest round length that fits', () => {
    expect(scaleBarKm(10, 120)).toBe(10);
    expect(scaleBarKm(10, 99)).toBe(5);
  });
});
