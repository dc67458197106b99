import { describe, expect, it } from 'vitest';
import { analysePhoto } from '../../../src/devices/photo-analysis.ts';
import { blur, drawHead, faceFor, solidImage, type HeadSpec } from '../../../src/devices/photo-test-images.ts';
import de from '../i18n/de.json' with { type: 'json' };
import { acceptState, browserHumanConfig, checkOrder, messageFor, overridableFailures } from './photo-capture-model.ts';

const good: HeadSpec = { centreX: 650, eyeLineY: 820, eyeToChin: 600, faceWidth: 746, interEye: 330 };
const still = (spec: HeadSpec = good) => drawHead(solidImage(1300, 1700, [160, 160, 160]), spec);

describe('photo capture: when the officer may accept', () => {
  it('allows a portrait that meets the profile', () => {
    expect(acceptState(analysePhoto(still(), [faceFor(good)]))).toEqual({ ok: true, warnings: 0, overridden: [] });
  });

  it('allows, with a warning, a portrait that only misses the kit\'s own advice (sharpness)', () => {
    expect(acceptState(analysePhoto(blur(still(), 3), [faceFor(good)]))).toEqual({ ok: true, warnings: 1, overridden: [] });
  });

  it('names the failed profile checks and allows the portrait only after the officer\'s explicit override', () => {
    const tilted = { ...good, rollDeg: 12 };
    const analysis = analysePhoto(still(tilted), [faceFor(tilted)]);
    expect(overridableFailures(analysis)).toEqual(['roll']);
    expect(acceptState(analysis)).toEqual({ ok: false, reason: 'profile', failed: 1, checks: ['roll'] });
    expect(acceptState(analysis, true)).toEqual({ ok: true, warnings: 0, overridden: ['roll'] });
  });

  it('never lets an override take a frame without a face or one that needs upscaling', () => {
    const small = { centreX: 320, eyeLineY: 220, eyeToChin: 110, faceWidth: 140, interEye: 62 };
    expect(acceptState(analysePhoto(still(), []), true)).toMatchObject({ ok: false, reason: 'no_portrait' });
    expect(acceptState(analysePhoto(drawHead(solidImage(640, 480, [160, 160, 160]), small), [faceFor(small)]), true)).toMatchObject({ ok: false, reason: 'no_portrait' });
    expect(overridableFailures(analysePhoto(still(), []))).not.toContain('faces');
  });

  it.each([
    ['nothing analysed yet', null, 'no_analysis'],
    ['no face', analysePhoto(still(), []), 'no_portrait'],
    ['a webcam frame too small to cut without upscaling', analysePhoto(drawHead(solidImage(640, 480, [160, 160, 160]), { centreX: 320, eyeLineY: 220, eyeToChin: 110, faceWidth: 140, interEye: 62 }), [faceFor({ centreX: 320, eyeLineY: 220, eyeToChin: 110, faceWidth: 140, interEye: 62 })]), 'no_portrait'],
    ['a rolled head', analysePhoto(still({ ...good, rollDeg: 12 }), [faceFor({ ...good, rollDeg: 12 })]), 'profile'],
  ] as const)('blocks %s', (_name, analysis, reason) => {
    expect(acceptState(analysis)).toMatchObject({ ok: false, reason });
  });

  it('shows the message in the officer\'s language', () => {
    const analysis = analysePhoto(still({ ...good, rollDeg: 12 }), [faceFor({ ...good, rollDeg: 12 })]);
    const roll = analysis.checks.find((c) => c.check === 'roll')!;
    expect(messageFor(roll, 'de')).toMatch(/seitliche Kopfneigung/);
    expect(messageFor(roll, 'en')).toMatch(/sideways head tilt/);
    expect(messageFor(analysis.checks.find((c) => c.check === 'yaw')!, 'de')).toBeNull();
  });

  it('has a label for every check and loads the models from the given local path only', () => {
    for (const check of checkOrder) expect(de.photoCapture.checks[check], check).toBeTruthy();
    const config = browserHumanConfig({ modelBasePath: '/kit/models/human', backend: 'webgl' });
    expect(config).toMatchObject({ modelBasePath: '/kit/models/human/', backend: 'webgl', cacheSensitivity: 0 });
    expect(config).not.toHaveProperty('wasmPath');
    expect(browserHumanConfig({ modelBasePath: '/m/', backend: 'wasm', wasmPath: '/kit/tfjs-wasm/' })).toMatchObject({ wasmPath: '/kit/tfjs-wasm/' });
  });
});
