import type { Text } from '../catalogue/services.ts';
import type { PhotoAssessment } from './types.ts';

/**
 * The photo profile of the Bürgerkoffer (BSI TR-03121, application profile AP 3.4) as data, and
 * the check of a capture module's measurements against it. The check helps the officer decide; it
 * never replaces the verdict of the certified capture module (DESIGN §5 "Certified components").
 */
export interface PhotoProfile {
  id: string;
  /** Exact pixel size of the delivered portrait. */
  width: number;
  height: number;
  colourSpace: 'sRGB';
  maxAbsYawDeg: number;
  maxAbsPitchDeg: number;
  maxAbsRollDeg: number;
  headWidthRatio: { min: number; max: number };
  headHeightRatio: { min: number; max: number };
  eyeLineRatio: { min: number; max: number };
  centreRatio: { min: number; max: number };
  minInterEyePx: number;
  /**
   * ⚠ "Grey homogeneous background": the TR names no numbers we could verify; these limits are the
   * Bürgerkoffer's own (a mid grey, little variation, no colour cast). Adjust with the certified module's documentation.
   */
  background: { minMeanLevel: number; maxMeanLevel: number; maxStdDev: number; maxChroma: number };
}

export const buergerkofferPhotoProfile: PhotoProfile = {
  id: 'TR-03121 AP 3.4 (Bürgerkoffer)',
  width: 1244,
  height: 1600,
  colourSpace: 'sRGB',
  maxAbsYawDeg: 5,
  maxAbsPitchDeg: 5,
  maxAbsRollDeg: 8,
  headWidthRatio: { min: 0.5, max: 0.75 },
  headHeightRatio: { min: 0.6, max: 0.9 },
  eyeLineRatio: { min: 0.3, max: 0.5 },
  centreRatio: { min: 0.45, max: 0.55 },
  minInterEyePx: 300,
  background: { minMeanLevel: 90, maxMeanLevel: 210, maxStdDev: 12, maxChroma: 12 },
};

export type PhotoCheck =
  | 'size' | 'upscaled' | 'yaw' | 'pitch' | 'roll' | 'head_width' | 'head_height' | 'eye_line' | 'centre' | 'inter_eye' | 'background';

/**
 * The findings the officer may accept a photo despite (DESIGN §5: the checks help, the officer
 * decides), with an explicit, recorded override. The size and upscaling are not among them: a
 * portrait of the wrong size or cut from too few pixels is unusable.
 */
export const overridablePhotoChecks: readonly PhotoCheck[] = ['yaw', 'pitch', 'roll', 'head_width', 'head_height', 'eye_line', 'centre', 'inter_eye', 'background'];

export function isOverridablePhotoCheck(check: string): check is PhotoCheck {
  return (overridablePhotoChecks as readonly string[]).includes(check);
}

export interface PhotoFinding {
  check: PhotoCheck;
  /** The measured value, as shown to the officer. */
  value: string;
  /** The limit it breaks, e.g. "0,50–0,75". */
  limit: string;
  message: Text;
}

const de = (n: number, digits = 2) => n.toFixed(digits).replace('.', ',');
const en = (n: number, digits = 2) => n.toFixed(digits);

function range(check: PhotoCheck, value: number, limit: { min: number; max: number }, what: Text, fix: Text): PhotoFinding | null {
  // Boundary values are inside the profile (0.5 and 0.75 are allowed head widths).
  if (value >= limit.min && value <= limit.max) return null;
  return {
    check,
    value: de(value),
    limit: `${de(limit.min)}–${de(limit.max)}`,
    message: {
      de: `${what.de} ist ${de(value)}, erlaubt sind ${de(limit.min)} bis ${de(limit.max)}: ${fix.de}`,
      en: `${what.en} is ${en(value)}; the profile allows ${en(limit.min)} to ${en(limit.max)}: ${fix.en}`,
    },
  };
}

function angle(check: PhotoCheck, value: number, max: number, what: Text): PhotoFinding | null {
  if (Math.abs(value) <= max) return null;
  return {
    check,
    value: `${de(value, 1)}°`,
    limit: `±${max}°`,
    message: {
      de: `${what.de} ist ${de(value, 1)}°, erlaubt sind ±${max}°: Bitte die Person gerade in die Kamera blicken lassen und neu aufnehmen.`,
      en: `${what.en} is ${en(value, 1)}°; the profile allows ±${max}°: ask the person to look straight into the camera and take the photo again.`,
    },
  };
}

/**
 * Every way a portrait falls outside the profile. The size is always checked; the geometry only
 * when the capture module reported an assessment (a photo code's provider may not).
 */
export function checkPhoto(
  photo: { width: number; height: number; assessment?: PhotoAssessment | null },
  profile: PhotoProfile = buergerkofferPhotoProfile,
): PhotoFinding[] {
  const findings: PhotoFinding[] = [];
  if (photo.width !== profile.width || photo.height !== profile.height) {
    findings.push({
      check: 'size', value: `${photo.width}×${photo.height}`, limit: `${profile.width}×${profile.height}`,
      message: {
        de: `Das Lichtbild hat ${photo.width}×${photo.height} Pixel; verlangt sind genau ${profile.width}×${profile.height} Pixel (${profile.id}). Bitte mit dem Aufnahmegerät neu aufnehmen.`,
        en: `The photo is ${photo.width}×${photo.height} pixels; exactly ${profile.width}×${profile.height} are required (${profile.id}). Take it again with the capture device.`,
      },
    });
  }
  const a = photo.assessment;
  if (!a) return findings;
  if (a.sourceCrop.width < profile.width || a.sourceCrop.height < profile.height) {
    findings.push({
      check: 'upscaled', value: `${a.sourceCrop.width}×${a.sourceCrop.height}`, limit: `≥ ${profile.width}×${profile.height}`,
      message: {
        de: `Das Lichtbild wurde aus einem Ausschnitt von nur ${a.sourceCrop.width}×${a.sourceCrop.height} Pixeln hochskaliert; Hochskalieren ist nicht erlaubt. Bitte näher an die Person heran oder mit höherer Auflösung neu aufnehmen.`,
        en: `The photo was upscaled from a region of only ${a.sourceCrop.width}×${a.sourceCrop.height} pixels; upscaling is not allowed. Move closer or use a higher resolution and take it again.`,
      },
    });
  }
  const push = (finding: PhotoFinding | null) => { if (finding) findings.push(finding); };
  push(angle('yaw', a.yawDeg, profile.maxAbsYawDeg, { de: 'Die Kopfdrehung (Gieren)', en: 'The head rotation (yaw)' }));
  push(angle('pitch', a.pitchDeg, profile.maxAbsPitchDeg, { de: 'Die Kopfneigung nach vorn/hinten (Nicken)', en: 'The head tilt forward/back (pitch)' }));
  push(angle('roll', a.rollDeg, profile.maxAbsRollDeg, { de: 'Die seitliche Kopfneigung (Rollen)', en: 'The sideways head tilt (roll)' }));
  push(range('head_width', a.headWidthRatio, profile.headWidthRatio,
    { de: 'Die Kopfbreite im Verhältnis zur Bildbreite', en: 'The head width relative to the image width' },
    { de: 'Abstand zur Kamera anpassen und neu aufnehmen.', en: 'adjust the distance to the camera and take it again.' }));
  push(range('head_height', a.headHeightRatio, profile.headHeightRatio,
    { de: 'Die Kopfhöhe (Kinn bis Scheitel) im Verhältnis zur Bildhöhe', en: 'The head height (chin to crown) relative to the image height' },
    { de: 'Abstand zur Kamera anpassen und neu aufnehmen.', en: 'adjust the distance to the camera and take it again.' }));
  push(range('eye_line', a.eyeLineRatio, profile.eyeLineRatio,
    { de: 'Die Augenlinie (Abstand vom oberen Rand im Verhältnis zur Bildhöhe)', en: 'The eye line (distance from the top relative to the image height)' },
    { de: 'Kamerahöhe anpassen und neu aufnehmen.', en: 'adjust the camera height and take it again.' }));
  push(range('centre', a.centreRatio, profile.centreRatio,
    { de: 'Die waagerechte Lage der Gesichtsmitte', en: 'The horizontal position of the face centre' },
    { de: 'Person mittig vor die Kamera setzen und neu aufnehmen.', en: 'centre the person in front of the camera and take it again.' }));
  if (a.interEyePx < profile.minInterEyePx) {
    findings.push({
      check: 'inter_eye', value: `${Math.round(a.interEyePx)} px`, limit: `≥ ${profile.minInterEyePx} px`,
      message: {
        de: `Der Augenabstand beträgt nur ${Math.round(a.interEyePx)} Pixel, verlangt sind mindestens ${profile.minInterEyePx}: Bitte näher an die Person heran und neu aufnehmen.`,
        en: `The distance between the eyes is only ${Math.round(a.interEyePx)} pixels; at least ${profile.minInterEyePx} are required: move closer and take it again.`,
      },
    });
  }
  const bg = a.background;
  const limits = profile.background;
  if (bg.meanLevel < limits.minMeanLevel || bg.meanLevel > limits.maxMeanLevel || bg.stdDev > limits.maxStdDev || bg.chroma > limits.maxChroma) {
    findings.push({
      check: 'background',
      value: `Helligkeit ${Math.round(bg.meanLevel)}, Streuung ${de(bg.stdDev, 1)}, Farbigkeit ${de(bg.chroma, 1)}`,
      limit: `Helligkeit ${limits.minMeanLevel}–${limits.maxMeanLevel}, Streuung ≤ ${limits.maxStdDev}, Farbigkeit ≤ ${limits.maxChroma}`,
      message: {
        de: 'Der Hintergrund ist nicht gleichmäßig neutralgrau (zu hell, zu dunkel, fleckig oder farbig): Bitte den grauen Hintergrund glatt aufstellen, Schatten vermeiden und neu aufnehmen.',
        en: 'The background is not an even neutral grey (too bright, too dark, uneven or coloured): set up the grey backdrop flat, avoid shadows and take the photo again.',
      },
    });
  }
  return findings;
}
