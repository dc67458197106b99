import { describe, expect, it } from 'vitest';
import { analysePhoto, cropPortrait, faceGeometry, planCrop, type PreCheckId, type RgbaImage } from './photo-analysis.ts';
import { blur, drawHead, faceFor, solidImage, type HeadSpec } from './photo-test-images.ts';

const grey = [160, 160, 160] as const;

/**
 * A portrait that fits the profile comfortably once cut: a 1600×2100 still (more pixels than
 * the portrait, as a camera delivers), head height 1200 px → 0.75 of a 1600 px crop, face width
 * 746 px → 0.6 of 1244, 330 px between the eyes.
 */
const good: HeadSpec = { centreX: 800, eyeLineY: 1000, eyeToChin: 600, faceWidth: 746, interEye: 330 };

function still(spec: HeadSpec = good, size = { width: 1600, height: 2100 }, backdrop: readonly [number, number, number] = grey): RgbaImage {
  return drawHead(solidImage(size.width, size.height, backdrop), spec);
}

const failed = (checks: { check: PreCheckId; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.check);

describe('faceGeometry', () => {
  it('orders the eyes left to right, estimates the crown as far above the eyes as the chin is below, and turns radians into degrees', () => {
    const face = faceFor({ ...good, rollDeg: 3, yawDeg: -2, pitchDeg: 4 });
    const g = faceGeometry(face);
    expect(g).not.toBeNull();
    expect(g!.eyes[0].x).toBeLessThan(g!.eyes[1].x);
    expect(g!.interEyePx).toBeCloseTo(330, 6);
    expect(g!.eyeLineY).toBeCloseTo(1000, 6);
    expect(g!.chinY).toBe(1600);
    expect(g!.crownY).toBeCloseTo(400, 6);
    expect(g!.centreX).toBeCloseTo(800, 6);
    expect(g!.rollDeg).toBeCloseTo(3, 6);
    expect(g!.yawDeg).toBeCloseTo(-2, 6);
    expect(g!.pitchDeg).toBeCloseTo(4, 6);
    // Another crown factor (configured from the certified module's measurements) moves the crown.
    expect(faceGeometry(face, 0.8)!.crownY).toBeCloseTo(1000 - 0.8 * 600, 6);
    // A calibrated pitch offset is subtracted from the model's pitch.
    expect(faceGeometry(face, 1, 6)!.pitchDeg).toBeCloseTo(-2, 6);
  });

  it('falls back to the eye corners without iris points and to the eye line for the roll without angles', () => {
    const face = faceFor(good);
    const mesh = face.mesh.slice(0, 468).map((p) => [...p]);
    mesh[33] = [600, 990, 0];
    mesh[133] = [680, 990, 0];
    mesh[362] = [920, 1010, 0];
    mesh[263] = [1000, 1010, 0];
    const g = faceGeometry({ box: face.box, mesh, rotation: null });
    expect(g!.interEyePx).toBeCloseTo(Math.hypot(320, 20), 6);
    expect(g!.rollDeg).toBeCloseTo((Math.atan2(20, 320) * 180) / Math.PI, 6);
    expect(Number.isNaN(g!.yawDeg)).toBe(true);
  });

  it('gives null for a box without a mesh', () => {
    expect(faceGeometry({ box: [10, 10, 100, 100], mesh: [] })).toBeNull();
  });
});

describe('planCrop', () => {
  it.each<[string, HeadSpec, { width: number; height: number }]>([
    ['large still, centred face', good, { width: 1600, height: 2100 }],
    ['face off to the left', { ...good, centreX: 700 }, { width: 1600, height: 2100 }],
    ['a 4000×3000 camera still with a smaller face', { centreX: 2000, eyeLineY: 1300, eyeToChin: 650, faceWidth: 800, interEye: 340 }, { width: 4000, height: 3000 }],
  ])('%s: a 7:9 region inside the still that puts the head in the profile', (_name, spec, size) => {
    const g = faceGeometry(faceFor(spec))!;
    const { rect, upscaled } = planCrop(g, size);
    expect(upscaled).toBe(false);
    expect(Math.abs(rect.width / rect.height - 1244 / 1600)).toBeLessThan(0.002);
    expect(rect.x).toBeGreaterThanOrEqual(0);
    expect(rect.y).toBeGreaterThanOrEqual(0);
    expect(rect.x + rect.width).toBeLessThanOrEqual(size.width);
    expect(rect.y + rect.height).toBeLessThanOrEqual(size.height);
    const headHeight = (g.chinY - g.crownY) / rect.height;
    expect(headHeight).toBeGreaterThanOrEqual(0.6);
    expect(headHeight).toBeLessThanOrEqual(0.9);
    const eyeLine = (g.eyeLineY - rect.y) / rect.height;
    expect(eyeLine).toBeGreaterThanOrEqual(0.3);
    expect(eyeLine).toBeLessThanOrEqual(0.5);
    expect(Math.abs((g.centreX - rect.x) / rect.width - 0.5)).toBeLessThan(0.01);
  });

  it('says when the region is smaller than the portrait (a webcam frame): no upscaling', () => {
    const spec: HeadSpec = { centreX: 320, eyeLineY: 220, eyeToChin: 110, faceWidth: 140, interEye: 62 };
    const { rect, upscaled } = planCrop(faceGeometry(faceFor(spec))!, { width: 640, height: 480 });
    expect(upscaled).toBe(true);
    expect(rect.height).toBeLessThan(1600);
  });

  it('keeps the region inside a still too small for it, shrinking it to the still', () => {
    const { rect } = planCrop(faceGeometry(faceFor(good))!, { width: 1300, height: 1500 });
    expect(rect.height).toBeLessThanOrEqual(1500);
    expect(rect.width).toBeLessThanOrEqual(1300);
    expect(rect.x + rect.width).toBeLessThanOrEqual(1300);
  });
});

describe('analysePhoto', () => {
  it('passes every check for the good portrait and reports its geometry in delivered terms', () => {
    const image = still();
    const a = analysePhoto(image, [faceFor(good)]);
    expect(failed(a.checks)).toEqual([]);
    expect(a.ok).toBe(true);
    expect(a.findings).toEqual([]);
    expect(a.checks.map((c) => c.check)).toEqual([
      'faces', 'upscaled', 'yaw', 'pitch', 'roll', 'head_width', 'head_height', 'eye_line', 'centre', 'inter_eye', 'background', 'sharpness', 'exposure',
    ]);
    const s = a.assessment!;
    expect(s.sourceCrop).toEqual({ width: a.crop!.rect.width, height: a.crop!.rect.height });
    expect(s.headHeightRatio).toBeCloseTo(0.75, 2);
    expect(s.headWidthRatio).toBeGreaterThan(0.55);
    expect(s.interEyePx).toBeGreaterThanOrEqual(300);
    expect(s.background.meanLevel).toBeCloseTo(160, 0);
    expect(s.background.stdDev).toBeLessThan(1);
    expect(s.background.chroma).toBeLessThan(1);
    expect(a.exposure!.meanLuminance).toBeGreaterThan(150);
  });

  it.each<[string, () => { image: RgbaImage; faces: ReturnType<typeof faceFor>[] }, PreCheckId[]]>([
    ['no face', () => ({ image: solidImage(800, 1000, grey), faces: [] }), ['faces']],
    ['two faces', () => ({ image: still(), faces: [faceFor(good), faceFor({ ...good, centreX: 300 })] }), ['faces']],
    ['roll 12°', () => ({ image: still({ ...good, rollDeg: 12 }), faces: [faceFor({ ...good, rollDeg: 12 })] }), ['roll']],
    ['yaw −7°', () => ({ image: still(), faces: [faceFor({ ...good, yawDeg: -7 })] }), ['yaw']],
    ['pitch 6°', () => ({ image: still(), faces: [faceFor({ ...good, pitchDeg: 6 })] }), ['pitch']],
    ['webcam frame: small face, region below 1244×1600', () => {
      const spec: HeadSpec = { centreX: 320, eyeLineY: 220, eyeToChin: 110, faceWidth: 140, interEye: 62 };
      return { image: still(spec, { width: 640, height: 480 }), faces: [faceFor(spec)] };
    }, ['upscaled', 'inter_eye']],
    ['face at the still\'s edge', () => {
      const spec = { ...good, centreX: 420 };
      return { image: still(spec), faces: [faceFor(spec)] };
    }, ['centre']],
    ['head too wide for its height (the crop cannot fit both)', () => {
      const spec = { ...good, faceWidth: 1000 };
      return { image: still(spec), faces: [faceFor(spec)] };
    }, ['head_width']],
    ['blue backdrop', () => ({ image: still(good, undefined, [90, 120, 200]), faces: [faceFor(good)] }), ['background']],
    ['dark room', () => ({ image: still({ ...good, skin: [60, 45, 40] }, undefined, [110, 110, 110]), faces: [faceFor(good)] }), ['exposure']],
    ['blown-out face', () => ({ image: still({ ...good, skin: [255, 250, 245] }), faces: [faceFor(good)] }), ['exposure']],
  ])('%s fails exactly the expected checks', (_name, make, expected) => {
    const { image, faces } = make();
    const a = analysePhoto(image, faces);
    expect(failed(a.checks)).toEqual(expected);
    expect(a.ok).toBe(false);
    for (const check of a.checks.filter((c) => !c.ok)) {
      expect(check.message?.de).toBeTruthy();
      expect(check.message?.en).toBeTruthy();
    }
  });

  it('measures sharpness as the Laplacian variance: a blurred still fails, the sharp one passes', () => {
    // A smaller still keeps the blur quick: 1300×1700 with a head that still crops to ≥ 1244×1600.
    const spec: HeadSpec = { centreX: 650, eyeLineY: 820, eyeToChin: 600, faceWidth: 746, interEye: 330 };
    const sharp = still(spec, { width: 1300, height: 1700 });
    const soft = blur(sharp, 3);
    const a = analysePhoto(sharp, [faceFor(spec)]);
    const b = analysePhoto(soft, [faceFor(spec)]);
    expect(a.sharpness!).toBeGreaterThan(4 * b.sharpness!);
    expect(failed(a.checks)).toEqual([]);
    expect(failed(b.checks)).toEqual(['sharpness']);
  });
});

describe('cropPortrait', () => {
  it('cuts and scales the planned region to exactly 1244×1600, keeping the backdrop grey', () => {
    const image = still();
    const a = analysePhoto(image, [faceFor(good)]);
    const portrait = cropPortrait(image, a.crop!.rect);
    expect(portrait.width).toBe(1244);
    expect(portrait.height).toBe(1600);
    expect(portrait.data.length).toBe(1244 * 1600 * 4);
    expect([...portrait.data.subarray(0, 4)]).toEqual([160, 160, 160, 255]);
    // The face centre lands in the middle of the portrait.
    const mid = (800 * 1244 + 622) * 4;
    expect(portrait.data[mid]).not.toBe(160);
  });

  it('averages areas when it shrinks: a 1-pixel checkerboard at half size is mid-grey', () => {
    const board = solidImage(2488, 3200, [0, 0, 0]);
    for (let y = 0; y < board.height; y += 1) {
      for (let x = (y % 2); x < board.width; x += 2) board.data.fill(255, (y * board.width + x) * 4, (y * board.width + x) * 4 + 3);
    }
    const out = cropPortrait(board, { x: 0, y: 0, width: 2488, height: 3200 });
    expect(out.data[0]).toBe(128);
    expect(out.data[(800 * 1244 + 600) * 4 + 1]).toBe(128);
  });

  it('refuses a region smaller than the portrait (PHOTO_UPSCALING) and one outside the still', () => {
    const image = solidImage(700, 900, grey);
    expect(() => cropPortrait(image, { x: 0, y: 0, width: 700, height: 900 })).toThrow(expect.objectContaining({ code: 'PHOTO_UPSCALING' }));
    expect(() => cropPortrait(solidImage(1300, 1700, grey), { x: 100, y: 200, width: 1244, height: 1600 })).toThrow(expect.objectContaining({ code: 'PHOTO_CROP_OUTSIDE' }));
  });
});
