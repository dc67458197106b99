import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import type { FaceDetector } from './face-detector.ts';
import { encodeRgbPng } from './image-codec.ts';
import type { DetectedFace } from './photo-analysis.ts';
import { drawHead, faceFor, solidImage, type HeadSpec } from './photo-test-images.ts';
import { pngSize } from './png.ts';
import { createStillAnalyser, decodeStill, maxStillBytes } from './uploaded-still.ts';

const good: HeadSpec = { centreX: 800, eyeLineY: 1000, eyeToChin: 600, faceWidth: 746, interEye: 330 };
const png = encodeRgbPng(drawHead(solidImage(1600, 2100, [160, 160, 160]), good));
const detector = (faces: DetectedFace[]): FaceDetector => ({ backend: 'fake', detect: () => Promise.resolve(faces) });

async function codeOf(work: () => unknown): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

describe('decodeStill (input.still of take_photo)', () => {
  it('takes plain base64 and data: URLs', () => {
    const base64 = Buffer.from(png).toString('base64');
    expect(decodeStill(base64).content).toEqual(png);
    expect(decodeStill(`data:image/png;base64,${base64}`).content).toEqual(png);
  });

  it.each([
    ['a number', 42, 'PHOTO_STILL_INVALID'],
    ['an empty string', '', 'PHOTO_STILL_INVALID'],
    ['not base64', 'kein*bild', 'PHOTO_STILL_INVALID'],
    ['a GIF', Buffer.from('GIF89a……').toString('base64'), 'IMAGE_TYPE'],
    ['one byte over the limit', Buffer.alloc(maxStillBytes + 1, 0xff).toString('base64'), 'PHOTO_STILL_TOO_LARGE'],
  ])('refuses %s', async (_name, value, code) => {
    expect(await codeOf(() => decodeStill(value))).toBe(code);
  });

  it('takes a still of exactly the limit', () => {
    const content = Buffer.alloc(maxStillBytes, 0);
    content.set([0xff, 0xd8, 0xff]);
    expect(decodeStill(content.toString('base64')).content.byteLength).toBe(maxStillBytes);
  });
});

describe('still analyser', () => {
  it('cuts the 1244×1600 portrait with the lichtbildaufnehmende Stelle and the assessment', async () => {
    const photo = await createStillAnalyser(() => Promise.resolve(detector([faceFor(good)]))).portraitFromStill({ content: png }, { takenBy: 'Browser' });
    expect(pngSize(photo.content)).toEqual({ width: 1244, height: 1600 });
    expect(photo).toMatchObject({ takenBy: 'Browser', assessment: { sourceCrop: { width: 1244, height: 1600 } } });
  });

  it.each([
    ['no face', [], 'PHOTO_NO_FACE'],
    ['two faces', [faceFor(good), faceFor({ ...good, centreX: 300 })], 'PHOTO_FACES'],
    ['a face too small to cut without upscaling', [faceFor({ centreX: 800, eyeLineY: 1000, eyeToChin: 150, faceWidth: 190, interEye: 80 })], 'PHOTO_UPSCALING'],
  ])('refuses a still with %s', async (_name, faces, code) => {
    expect(await codeOf(() => createStillAnalyser(() => Promise.resolve(detector(faces))).portraitFromStill({ content: png }))).toBe(code);
  });

  it('answers FACE_MODEL_UNAVAILABLE when the model cannot load, and tries again next time', async () => {
    let loads = 0;
    const analyser = createStillAnalyser(() => {
      loads += 1;
      return loads === 1 ? Promise.reject(new Error('blazeface.json missing.')) : Promise.resolve(detector([faceFor(good)]));
    });
    expect(await codeOf(() => analyser.portraitFromStill({ content: png }))).toBe('FACE_MODEL_UNAVAILABLE');
    expect((await analyser.portraitFromStill({ content: png })).width).toBe(1244);
    await analyser.portraitFromStill({ content: png });
    expect(loads).toBe(2);
  });
});
