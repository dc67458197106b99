import type { PhotoAnalysis, PreCheck, PreCheckId } from '../../../src/devices/photo-analysis.ts';

/**
 * What the photo capture shows and allows, apart from React and the camera: the i18n key of
 * each check, the message in the officer's language, and when the officer may accept. The
 * analysis itself is the kit's own (src/devices/photo-analysis.ts, pure and isomorphic).
 */

export const checkOrder: readonly PreCheckId[] = [
  'faces', 'upscaled', 'yaw', 'pitch', 'roll', 'head_width', 'head_height', 'eye_line', 'centre', 'inter_eye', 'background', 'sharpness', 'exposure',
];

/** The profile's own checks block acceptance; sharpness and exposure are the kit's advice (its own limits). */
const advisory: ReadonlySet<PreCheckId> = new Set(['sharpness', 'exposure']);

export const checkLabelKey = (check: PreCheckId) => `photoCapture.checks.${check}` as const;

export function isAdvisory(check: PreCheckId): boolean {
  return advisory.has(check);
}

export function messageFor(check: PreCheck, language: string): string | null {
  if (!check.message) return null;
  return language.startsWith('en') ? check.message.en : check.message.de;
}

export type AcceptState =
  | { ok: true; warnings: number; overridden: PreCheckId[] }
  | { ok: false; reason: 'no_analysis' | 'no_portrait'; failed: number }
  | { ok: false; reason: 'profile'; failed: number; checks: PreCheckId[] };

/**
 * The profile checks a photo failed that the officer may still accept it despite (DESIGN §5: the
 * checks help, the officer decides), in the order the dialog lists them. No face, several faces and
 * upscaling are not among them: they leave no usable portrait.
 */
export function overridableFailures(analysis: PhotoAnalysis | null): PreCheckId[] {
  if (!analysis) return [];
  const failed = new Set(analysis.checks.filter((c) => !c.ok && !isAdvisory(c.check) && c.check !== 'faces' && c.check !== 'upscaled').map((c) => c.check));
  return checkOrder.filter((check) => failed.has(check));
}

/**
 * The officer may accept when one face was found and the portrait can be cut without upscaling;
 * when every check of the TR-03121 profile is met, or, where some is not, after the officer's
 * explicit override (`override`, recorded with the photo). Failed advice (sharpness, exposure) is a
 * warning. The certified capture module still has the last word (DESIGN §5).
 */
export function acceptState(analysis: PhotoAnalysis | null, override = false): AcceptState {
  if (!analysis) return { ok: false, reason: 'no_analysis', failed: 0 };
  const failed = analysis.checks.filter((c) => !c.ok);
  if (analysis.faces !== 1 || !analysis.crop || analysis.crop.upscaled) return { ok: false, reason: 'no_portrait', failed: failed.length };
  const blocking = overridableFailures(analysis);
  const warnings = failed.filter((c) => isAdvisory(c.check)).length;
  if (blocking.length > 0 && !override) return { ok: false, reason: 'profile', failed: blocking.length, checks: blocking };
  return { ok: true, warnings, overridden: blocking };
}

/** The face model's configuration in the browser: the same models as on the kit, from a local URL. */
export function browserHumanConfig(options: { modelBasePath: string; backend: 'webgl' | 'wasm'; wasmPath?: string }): Record<string, unknown> {
  return {
    backend: options.backend,
    modelBasePath: options.modelBasePath.endsWith('/') ? options.modelBasePath : `${options.modelBasePath}/`,
    // Without a local path the WASM backend would fetch its binaries from a CDN; the CSP forbids that anyway.
    ...(options.wasmPath ? { wasmPath: options.wasmPath } : {}),
    debug: false,
    warmup: 'none',
    cacheSensitivity: 0,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: true, maxDetected: 5, minConfidence: 0.5 },
      mesh: { enabled: true },
      iris: { enabled: true },
      attention: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
}
