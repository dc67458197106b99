import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCameraSimulator } from './camera-simulator.ts';
import { createPhotoCodeSimulator } from './photo-code-simulator.ts';
import { checkPhoto } from './photo-profile.ts';
import { pngSize } from './png.ts';

/** RGB pixel at (x, y) of an unfiltered PNG from the encoder. */
function pixelAt(png: Uint8Array, x: number, y: number): [number, number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  const idat: Uint8Array[] = [];
  let width = 0;
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'IHDR') width = view.getUint32(offset + 8);
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const at = y * (width * 3 + 1) + 1 + x * 3;
  return [raw[at]!, raw[at + 1]!, raw[at + 2]!];
}

const fixedNow = () => new Date('2026-03-02T09:30:00Z');

describe('camera simulator', () => {
  it('delivers a 1244×1600 PNG with a grey backdrop and a head where the geometry says', async () => {
    const photo = await createCameraSimulator({ now: fixedNow }).capturePhoto();
    expect(photo).toMatchObject({ mediaType: 'image/png', width: 1244, height: 1600, takenAt: '2026-03-02T09:30:00.000Z' });
    expect(pngSize(photo.content)).toEqual({ width: 1244, height: 1600 });
    const [r, g, b] = pixelAt(photo.content, 20, 20);
    expect(r).toBe(g);
    expect(g).toBe(b);
    // The centre of the face is skin, not backdrop.
    expect(pixelAt(photo.content, 622, 800)).not.toEqual([r, g, b]);
    expect(checkPhoto(photo)).toEqual([]);
  });

  it('follows a script of shots, the last one repeating', async () => {
    const camera = createCameraSimulator({ shots: [{ yawDeg: 12 }, { yawDeg: 0 }] });
    const first = await camera.capturePhoto();
    const second = await camera.capturePhoto();
    const third = await camera.capturePhoto();
    expect(checkPhoto(first).map((f) => f.check)).toEqual(['yaw']);
    expect(checkPhoto(second)).toEqual([]);
    expect(third.assessment?.yawDeg).toBe(0);
  });

  it('can leave out the assessment, deliver a wrong size or fail', async () => {
    expect((await createCameraSimulator({ reportAssessment: false }).capturePhoto()).assessment).toBeUndefined();
    const small = await createCameraSimulator({ size: { width: 622, height: 800 } }).capturePhoto();
    expect(pngSize(small.content)).toEqual({ width: 622, height: 800 });
    await expect(createCameraSimulator({ failWith: 'Kamera nicht verbunden' }).capturePhoto()).rejects.toThrow('Kamera nicht verbunden');
  });
});

describe('photo code simulator', () => {
  it('answers any well-formed code by default, with the provider as lichtbildaufnehmende Stelle', async () => {
    const photo = await createPhotoCodeSimulator({ now: fixedNow, defaultProvider: 'Foto Nord' }).fetchPhoto('ab12-cd34-ef56');
    expect(photo).toMatchObject({ width: 1244, height: 1600, takenBy: 'Foto Nord', takenAt: '2026-03-02T08:30:00.000Z' });
    expect(pngSize(photo.content)).toEqual({ width: 1244, height: 1600 });
  });

  it.each([
    ['not a code', /not a photo code/],
    ['ZZZZ-ZZZZ-ZZZZ', /knows no photo/],
    ['OLD1-OLD2-OLD3', /deleted it after 96 hours/],
  ])('refuses %s', async (code, message) => {
    const provider = createPhotoCodeSimulator({
      now: fixedNow,
      photos: { 'GOOD-GOOD-GOOD': {}, 'OLD1-OLD2-OLD3': { takenAt: '2026-02-26T09:29:00Z' } },
    });
    await expect(provider.fetchPhoto(code)).rejects.toThrow(message);
    await expect(provider.fetchPhoto('GOOD-GOOD-GOOD')).resolves.toMatchObject({ width: 1244 });
  });
});
