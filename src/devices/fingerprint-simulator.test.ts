import { describe, expect, it } from 'vitest';
import { createFingerprintSimulator, fingerprintImageSize } from './fingerprint-simulator.ts';
import { pngSize } from './png.ts';

describe('fingerprint simulator', () => {
  it('follows the scripted qualities per finger; the last value repeats', async () => {
    const sensor = createFingerprintSimulator({ qualities: { left_index: [12, 18, 25], left_thumb: [44] }, defaultQuality: 70 });
    const scores: number[] = [];
    for (let i = 0; i < 4; i += 1) scores.push((await sensor.capture('left_index')).quality);
    expect(scores).toEqual([12, 18, 25, 25]);
    expect((await sensor.capture('left_thumb')).quality).toBe(44);
    expect((await sensor.capture('right_index')).quality).toBe(70);
  });

  it('hands out real PNG images that differ between fingers and attempts', async () => {
    const sensor = createFingerprintSimulator();
    const a = await sensor.capture('right_index');
    const b = await sensor.capture('right_index');
    const c = await sensor.capture('left_index');
    expect(a.mediaType).toBe('image/png');
    expect(pngSize(a.content)).toEqual(fingerprintImageSize);
    expect(Buffer.from(a.content).equals(Buffer.from(b.content))).toBe(false);
    expect(Buffer.from(a.content).equals(Buffer.from(c.content))).toBe(false);
  });

  it('reports absent fingers and device failures', async () => {
    await expect(createFingerprintSimulator({ absent: ['right_index'] }).capture('right_index')).rejects.toThrow(/No finger detected/);
    await expect(createFingerprintSimulator({ failWith: 'Sensor getrennt' }).capture('left_index')).rejects.toThrow('Sensor getrennt');
  });
});
