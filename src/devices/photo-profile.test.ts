import { describe, expect, it } from 'vitest';
import { defaultShot } from './camera-simulator.ts';
import { buergerkofferPhotoProfile, checkPhoto, type PhotoCheck } from './photo-profile.ts';
import type { PhotoAssessment } from './types.ts';

const size = { width: 1244, height: 1600 };
const shot = (change: Partial<PhotoAssessment>): PhotoAssessment => ({ ...defaultShot, ...change });

describe('checkPhoto against TR-03121 AP 3.4 (Bürgerkoffer)', () => {
  it('accepts the default simulated portrait', () => {
    expect(checkPhoto({ ...size, assessment: defaultShot })).toEqual([]);
  });

  // Each limit on and just beyond its boundary: the boundary is inside the profile.
  it.each<[string, Partial<PhotoAssessment>, PhotoCheck | null]>([
    ['yaw +5°', { yawDeg: 5 }, null],
    ['yaw -5.1°', { yawDeg: -5.1 }, 'yaw'],
    ['pitch -5°', { pitchDeg: -5 }, null],
    ['pitch 5.1°', { pitchDeg: 5.1 }, 'pitch'],
    ['roll 8°', { rollDeg: 8 }, null],
    ['roll -8.1°', { rollDeg: -8.1 }, 'roll'],
    ['head width 0.5', { headWidthRatio: 0.5 }, null],
    ['head width 0.75', { headWidthRatio: 0.75 }, null],
    ['head width 0.49', { headWidthRatio: 0.49 }, 'head_width'],
    ['head width 0.76', { headWidthRatio: 0.76 }, 'head_width'],
    ['head height 0.6', { headHeightRatio: 0.6 }, null],
    ['head height 0.9', { headHeightRatio: 0.9 }, null],
    ['head height 0.59', { headHeightRatio: 0.59 }, 'head_height'],
    ['head height 0.91', { headHeightRatio: 0.91 }, 'head_height'],
    ['eye line 0.3', { eyeLineRatio: 0.3 }, null],
    ['eye line 0.5', { eyeLineRatio: 0.5 }, null],
    ['eye line 0.29', { eyeLineRatio: 0.29 }, 'eye_line'],
    ['eye line 0.51', { eyeLineRatio: 0.51 }, 'eye_line'],
    ['centre 0.45', { centreRatio: 0.45 }, null],
    ['centre 0.55', { centreRatio: 0.55 }, null],
    ['centre 0.44', { centreRatio: 0.44 }, 'centre'],
    ['centre 0.56', { centreRatio: 0.56 }, 'centre'],
    ['inter-eye 300 px', { interEyePx: 300 }, null],
    ['inter-eye 299 px', { interEyePx: 299 }, 'inter_eye'],
    ['crop exactly 1244×1600', { sourceCrop: { width: 1244, height: 1600 } }, null],
    ['crop 1200×1544 (upscaled)', { sourceCrop: { width: 1200, height: 1544 } }, 'upscaled'],
    ['background uneven', { background: { meanLevel: 160, stdDev: 25, chroma: 1 } }, 'background'],
    ['background blue', { background: { meanLevel: 160, stdDev: 2, chroma: 40 } }, 'background'],
    ['background white', { background: { meanLevel: 245, stdDev: 2, chroma: 1 } }, 'background'],
  ])('%s', (_label, change, expected) => {
    const findings = checkPhoto({ ...size, assessment: shot(change) });
    expect(findings.map((f) => f.check)).toEqual(expected ? [expected] : []);
    for (const finding of findings) {
      expect(finding.message.de.length).toBeGreaterThan(20);
      expect(finding.message.en.length).toBeGreaterThan(20);
    }
  });

  it('checks the size even without an assessment and reports every finding at once', () => {
    expect(checkPhoto({ width: 1000, height: 1300 }).map((f) => f.check)).toEqual(['size']);
    const many = checkPhoto({ width: 1000, height: 1300, assessment: shot({ yawDeg: 9, rollDeg: 12, interEyePx: 200 }) });
    expect(many.map((f) => f.check)).toEqual(['size', 'yaw', 'roll', 'inter_eye']);
  });

  it('keeps the thresholds as data', () => {
    expect(buergerkofferPhotoProfile).toMatchObject({
      width: 1244, height: 1600, maxAbsYawDeg: 5, maxAbsPitchDeg: 5, maxAbsRollDeg: 8,
      headWidthRatio: { min: 0.5, max: 0.75 }, headHeightRatio: { min: 0.6, max: 0.9 },
      eyeLineRatio: { min: 0.3, max: 0.5 }, centreRatio: { min: 0.45, max: 0.55 }, minInterEyePx: 300,
    });
  });
});
