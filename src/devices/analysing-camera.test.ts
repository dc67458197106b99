import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { createAnalysingCamera, stillsFromCamera, type StillSource } from './analysing-camera.ts';
import { createCameraSimulator } from './camera-simulator.ts';
import { createHumanFaceDetector, type FaceDetector } from './face-detector.ts';
import { decodeImage, encodeRgbPng } from './image-codec.ts';
import type { DetectedFace, RgbaImage } from './photo-analysis.ts';
import { checkPhoto } from './photo-profile.ts';
import { drawHead, enlarge, faceFor, solidImage, type HeadSpec } from './photo-test-images.ts';
import { pngSize } from './png.ts';

const good: HeadSpec = { centreX: 800, eyeLineY: 1000, eyeToChin: 600, faceWidth: 746, interEye: 330 };
const fixedNow = () => new Date('2026-03-02T09:30:00Z');

/** A detector that reports the given faces: the analysis and the cut are what is under test here. */
function fakeDetector(faces: DetectedFace[]): FaceDetector & { seen: RgbaImage[] } {
  const seen: RgbaImage[] = [];
  return { backend: 'fake', seen, detect: (image) => { seen.push(image); return Promise.resolve(faces); } };
}

const source = (content: Uint8Array): StillSource => ({ captureStill: () => Promise.resolve({ content }) });
const goodStill = () => drawHead(solidImage(1600, 2100, [160, 160, 160]), good);

describe('analysing camera', () => {
  it('turns a PNG still into the 1244×1600 portrait with its assessment', async () => {
    const detector = fakeDetector([faceFor(good)]);
    const camera = createAnalysingCamera(source(encodeRgbPng(goodStill())), detector, { now: fixedNow, takenBy: 'Stadt Bochum, Bürgerbüro' });
    const { photo, analysis, refusal } = await camera.capture();
    expect(refusal).toBeUndefined();
    expect(detector.seen[0]).toMatchObject({ width: 1600, height: 2100 });
    expect(photo).toMatchObject({ mediaType: 'image/png', width: 1244, height: 1600, takenBy: 'Stadt Bochum, Bürgerbüro', takenAt: '2026-03-02T09:30:00.000Z' });
    expect(pngSize(photo!.content)).toEqual({ width: 1244, height: 1600 });
    expect(photo!.assessment).toEqual(analysis.assessment);
    expect(checkPhoto(photo!)).toEqual([]);
    const portrait = decodeImage(photo!.content);
    expect([...portrait.data.subarray(0, 3)]).toEqual([160, 160, 160]);
    expect(portrait.data[(800 * 1244 + 622) * 4]).not.toBe(160);
  });

  it('reads JPEG stills the field UI uploads', async () => {
    const image = goodStill();
    const content = new Uint8Array(jpeg.encode({ data: image.data, width: image.width, height: image.height }, 92).data);
    const camera = createAnalysingCamera(source(new Uint8Array(0)), fakeDetector([faceFor(good)]), { now: fixedNow });
    const { photo, analysis } = await camera.captureFrom({ content, takenAt: '2026-03-02T09:31:00.000Z' });
    expect(photo).toMatchObject({ width: 1244, height: 1600, takenAt: '2026-03-02T09:31:00.000Z' });
    expect(analysis.ok).toBe(true);
  });

  it('gives no portrait from a still too small for it (no upscaling) and says why', async () => {
    const spec: HeadSpec = { centreX: 320, eyeLineY: 220, eyeToChin: 110, faceWidth: 140, interEye: 62 };
    const camera = createAnalysingCamera(source(encodeRgbPng(drawHead(solidImage(640, 480, [160, 160, 160]), spec))), fakeDetector([faceFor(spec)]));
    const result = await camera.capture();
    expect(result.photo).toBeNull();
    expect(result.refusal).toMatchObject({ code: 'PHOTO_UPSCALING' });
    expect(result.refusal!.message).toMatch(/hochskaliert/);
    expect(result.analysis.assessment!.sourceCrop.height).toBeLessThan(1600);
    await expect(camera.capturePhoto()).rejects.toMatchObject({ code: 'PHOTO_UPSCALING', status: 422 });
  });

  it('gives no portrait without a face, or with two', async () => {
    const none = createAnalysingCamera(source(encodeRgbPng(goodStill())), fakeDetector([]));
    expect((await none.capture()).refusal).toMatchObject({ code: 'PHOTO_NO_FACE' });
    await expect(none.capturePhoto()).rejects.toMatchObject({ code: 'PHOTO_NO_FACE' });
    const two = createAnalysingCamera(source(encodeRgbPng(goodStill())), fakeDetector([faceFor(good), faceFor({ ...good, centreX: 300 })]));
    expect((await two.capture()).refusal).toMatchObject({ code: 'PHOTO_FACES' });
  });

  it('refuses bytes that are no image', async () => {
    const camera = createAnalysingCamera(source(new TextEncoder().encode('not an image')), fakeDetector([]));
    await expect(camera.capture()).rejects.toMatchObject({ code: 'IMAGE_TYPE' });
  });

  it('takes stills from another Camera port (the simulator) and answers the device page', async () => {
    const simulator = createCameraSimulator({ now: fixedNow });
    // Where the simulator draws its default head (eye line 0.42, face 0.6 wide, 320 px between the eyes).
    const drawn: HeadSpec = { centreX: 622, eyeLineY: 672, eyeToChin: 651, faceWidth: 746, interEye: 320 };
    const camera = createAnalysingCamera(stillsFromCamera(simulator), fakeDetector([faceFor(drawn)]), { now: fixedNow });
    const photo = await camera.capturePhoto();
    expect(photo).toMatchObject({ width: 1244, height: 1600, takenAt: '2026-03-02T09:30:00.000Z' });
    expect(photo.assessment!.sourceCrop).toEqual({ width: 1244, height: 1600 });
    expect(await camera.health()).toMatchObject({ device: 'camera', driver: 'human-fake', ok: true });
  });

  it('runs the real face model end to end on the astronaut portrait from an 8× still', async () => {
    const astronaut = decodeImage(readFileSync(new URL('./fixtures/astronaut-eileen-collins.png', import.meta.url)));
    const detector = await createHumanFaceDetector();
    const camera = createAnalysingCamera(source(encodeRgbPng(enlarge(astronaut, 8))), detector, { now: fixedNow });
    const { photo, analysis } = await camera.capture();
    expect(analysis.faces).toBe(1);
    expect(photo).toMatchObject({ width: 1244, height: 1600 });
    // What the officer then sees (see face-detector.test.ts): the pitch and the mottled NASA backdrop.
    expect(checkPhoto(photo!).map((f) => f.check)).toEqual(['pitch', 'background']);
  }, 60_000);
});
