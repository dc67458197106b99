import type { Text } from '../catalogue/services.ts';
import { AppError } from '../platform/errors.ts';
import { buergerkofferPhotoProfile, checkPhoto, type PhotoCheck, type PhotoFinding, type PhotoProfile } from './photo-profile.ts';
import type { PhotoAssessment } from './types.ts';

/**
 * The live photo pre-check: from a still's RGBA pixels and the face model's result, what the
 * officer sees before accepting or vetoing the photo — number of faces, pose, the TR-03121
 * geometry of the 1244×1600 portrait that would be cut from the still, sharpness, exposure and
 * background — and the cut itself. Pure and isomorphic (no Node or DOM APIs): the kit server and
 * the field UI in the browser run the same code. It helps the officer; it never replaces the
 * certified capture module's verdict (DESIGN §5).
 */

/** Pixels as a canvas's ImageData holds them: RGBA, 8 bits per channel, row by row. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * The part of a face model's result the analysis reads; @vladmandic/human's FaceResult fits it.
 * Coordinates are pixels of the analysed image. The mesh is MediaPipe's face mesh (468 points,
 * 478 with the iris model: 468 and 473 are the iris centres).
 */
export interface DetectedFace {
  box: readonly [number, number, number, number];
  mesh: readonly (readonly (number | undefined)[])[];
  /** Head rotation in radians, as human reports it. */
  rotation?: { angle: { roll: number; yaw: number; pitch: number } } | null;
  score?: number;
}

/** Mesh points the geometry uses (MediaPipe face mesh numbering). */
const mesh = {
  foreheadTop: 10,
  chin: 152,
  /** Outline of the face at the cheekbones, image left and right. */
  outlineLeft: 234,
  outlineRight: 454,
  irisA: 468,
  irisB: 473,
  /** Eye corners, when the mesh has no iris points. */
  eyeAOuter: 33,
  eyeAInner: 133,
  eyeBInner: 362,
  eyeBOuter: 263,
} as const;

export interface Point2 {
  x: number;
  y: number;
}

/** The face's measures in pixels of the analysed image. */
export interface FaceGeometry {
  /** Eye centres, ordered left to right in the image. */
  eyes: [Point2, Point2];
  eyeLineY: number;
  interEyePx: number;
  chinY: number;
  /** Estimated (see crownFactor); the mesh ends at the upper forehead. */
  crownY: number;
  faceLeftX: number;
  faceRightX: number;
  centreX: number;
  yawDeg: number;
  pitchDeg: number;
  rollDeg: number;
}

export interface AnalysisOptions {
  profile?: PhotoProfile;
  /**
   * ⚠ The crown is not in the face mesh (it ends at the upper forehead, under the hair). It is
   * estimated from the canon of proportions, by which the eyes sit halfway between chin and crown:
   * crown = eye line − crownFactor × (chin − eye line). 1 is that canon; adjust with measurements
   * of the certified module.
   */
  crownFactor?: number;
  limits?: PreCheckLimits;
  /**
   * ⚠ Subtracted from the model's pitch. Human derives the pitch from the depth of mesh points 10
   * (upper forehead) and 152 (chin); whether that reads 0 for a level head depends on the face and
   * the model. 0 until calibrated with ICAO-conformant photos from the kit's camera.
   */
  pitchOffsetDeg?: number;
}

/**
 * The pre-check's own limits beyond the TR-03121 profile. ⚠ The TR names no numbers for
 * sharpness and exposure we could verify; these are the Bürgerkoffer's own, measured on the
 * delivered 1244×1600 scale.
 */
export interface PreCheckLimits {
  /** Minimum variance of the Laplacian of the face's luminance (delivered scale). */
  minSharpness: number;
  /** Mean luminance of the face, 0–255. */
  faceLuminance: { min: number; max: number };
  /** Highest share of face pixels that are clipped (a channel ≥ 250, or luminance ≤ 8). */
  maxClippedShare: number;
}

export const defaultPreCheckLimits: PreCheckLimits = {
  minSharpness: 12,
  faceLuminance: { min: 70, max: 210 },
  maxClippedShare: 0.03,
};

export const defaultCrownFactor = 1;

const degrees = (radians: number) => (radians * 180) / Math.PI;

function point(face: DetectedFace, index: number): Point2 | null {
  const p = face.mesh[index];
  const x = p?.[0];
  const y = p?.[1];
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

const mid = (a: Point2, b: Point2): Point2 => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** The face's measures from the mesh, or null when the mesh lacks the points (a box-only detection). */
export function faceGeometry(face: DetectedFace, crownFactor = defaultCrownFactor, pitchOffsetDeg = 0): FaceGeometry | null {
  const chin = point(face, mesh.chin);
  const left = point(face, mesh.outlineLeft);
  const right = point(face, mesh.outlineRight);
  let eyeA = point(face, mesh.irisA);
  let eyeB = point(face, mesh.irisB);
  if (!eyeA || !eyeB) {
    const [ao, ai, bi, bo] = [point(face, mesh.eyeAOuter), point(face, mesh.eyeAInner), point(face, mesh.eyeBInner), point(face, mesh.eyeBOuter)];
    if (ao && ai && bi && bo) {
      eyeA = mid(ao, ai);
      eyeB = mid(bi, bo);
    }
  }
  if (!chin || !left || !right || !eyeA || !eyeB) return null;
  const eyes: [Point2, Point2] = eyeA.x <= eyeB.x ? [eyeA, eyeB] : [eyeB, eyeA];
  const eyeLineY = (eyes[0].y + eyes[1].y) / 2;
  const interEyePx = Math.hypot(eyes[1].x - eyes[0].x, eyes[1].y - eyes[0].y);
  const faceLeftX = Math.min(left.x, right.x);
  const faceRightX = Math.max(left.x, right.x);
  const angle = face.rotation?.angle;
  // Without the model's angles, the roll still follows from the eyes; yaw and pitch stay unknown (NaN fails their checks).
  const rollFromEyes = degrees(Math.atan2(eyes[1].y - eyes[0].y, eyes[1].x - eyes[0].x));
  return {
    eyes,
    eyeLineY,
    interEyePx,
    chinY: chin.y,
    crownY: eyeLineY - crownFactor * (chin.y - eyeLineY),
    faceLeftX,
    faceRightX,
    centreX: (faceLeftX + faceRightX) / 2,
    yawDeg: angle ? degrees(angle.yaw) : Number.NaN,
    pitchDeg: angle ? degrees(angle.pitch) - pitchOffsetDeg : Number.NaN,
    rollDeg: angle ? degrees(angle.roll) : rollFromEyes,
  };
}

/** A rectangle of source pixels (integers). */
export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CropPlan {
  rect: CropRect;
  /** The region is smaller than the portrait: cutting it would need upscaling, which the profile forbids. */
  upscaled: boolean;
}

/**
 * The 1244×1600 portrait's region in the source: sized so the head height sits in the middle of
 * its range (kept inside the head width and inter-eye limits where they allow it, and no smaller
 * than the portrait when the geometry allows), the eye line placed to centre the head vertically
 * within the eye-line limits, centred on the face, and shifted (or shrunk) to stay inside the
 * source.
 */
export function planCrop(g: FaceGeometry, source: { width: number; height: number }, profile: PhotoProfile = buergerkofferPhotoProfile): CropPlan {
  const aspect = profile.width / profile.height;
  const headH = g.chinY - g.crownY;
  const headW = g.faceRightX - g.faceLeftX;
  const target = headH / ((profile.headHeightRatio.min + profile.headHeightRatio.max) / 2);
  // Every limit as an interval of the crop height.
  const intervals: [number, number][] = [
    [headH / profile.headHeightRatio.max, headH / profile.headHeightRatio.min],
    [headW / profile.headWidthRatio.max / aspect, headW / profile.headWidthRatio.min / aspect],
    [0, (g.interEyePx * profile.height) / profile.minInterEyePx],
  ];
  const lo = Math.max(...intervals.map(([a]) => a));
  const hi = Math.min(...intervals.map(([, b]) => b));
  let height = lo <= hi ? Math.min(Math.max(target, lo), hi) : target;
  // Prefer a region at least as large as the portrait (no upscaling) while the geometry still fits.
  if (height < profile.height && lo <= hi && hi >= profile.height) height = profile.height;
  // The source bounds are hard limits.
  height = Math.min(height, source.height, source.width / aspect);
  let h = Math.max(1, Math.round(height));
  let w = Math.max(1, Math.round(h * aspect));
  if (w > source.width) {
    w = source.width;
    h = Math.min(source.height, Math.round(w / aspect));
  }
  const centredTop = g.crownY - (h - headH) / 2;
  const eyeMargin = 0.02;
  const eyeRatio = Math.min(Math.max((g.eyeLineY - centredTop) / h, profile.eyeLineRatio.min + eyeMargin), profile.eyeLineRatio.max - eyeMargin);
  const top = g.eyeLineY - eyeRatio * h;
  const leftX = g.centreX - w / 2;
  const x = Math.round(Math.min(Math.max(leftX, 0), source.width - w));
  const y = Math.round(Math.min(Math.max(top, 0), source.height - h));
  return { rect: { x, y, width: w, height: h }, upscaled: w < profile.width || h < profile.height };
}

/** Rec. 709 luma of 8-bit sRGB codes: what "brightness" means to the checks. */
const luma = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * The background: pixels of the region above the eye line (where no shoulders are) and outside
 * the head with room for hair — an ellipse around the eye line 1.7 × the face outline's half
 * width wide and reaching a quarter of the eye-to-crown distance above the crown. In a portrait
 * that fills the profile this leaves the upper corners and a band above the hair. Mean
 * luminance, its standard deviation, and colourfulness as the mean of max−min of R, G, B.
 */
export function measureBackground(image: RgbaImage, rect: CropRect, g: FaceGeometry): PhotoAssessment['background'] {
  const cx = g.centreX;
  const cy = g.eyeLineY;
  const a = ((g.faceRightX - g.faceLeftX) / 2) * 1.7;
  const b = (g.eyeLineY - g.crownY) * 1.25;
  const step = Math.max(1, Math.floor(rect.width / 256));
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  let chroma = 0;
  const yEnd = Math.min(rect.y + rect.height, Math.floor(g.eyeLineY), image.height);
  for (let y = Math.max(0, rect.y); y < yEnd; y += step) {
    for (let x = Math.max(0, rect.x); x < Math.min(rect.x + rect.width, image.width); x += step) {
      const dx = (x - cx) / a;
      const dy = (y - cy) / b;
      if (dx * dx + dy * dy <= 1) continue;
      const i = (y * image.width + x) * 4;
      const r = image.data[i] ?? 0;
      const gr = image.data[i + 1] ?? 0;
      const bl = image.data[i + 2] ?? 0;
      const l = luma(r, gr, bl);
      n += 1;
      sum += l;
      sumSq += l * l;
      chroma += Math.max(r, gr, bl) - Math.min(r, gr, bl);
    }
  }
  if (n === 0) return { meanLevel: 0, stdDev: 255, chroma: 255 };
  const mean = sum / n;
  return { meanLevel: mean, stdDev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), chroma: chroma / n };
}

/** The inner face: between the outlines, from half-way up the forehead to the chin. */
function faceRegion(g: FaceGeometry, image: RgbaImage): CropRect {
  const top = Math.max(0, Math.floor(g.eyeLineY - 0.5 * (g.chinY - g.eyeLineY)));
  const bottom = Math.min(image.height, Math.ceil(g.chinY));
  const left = Math.max(0, Math.floor(g.faceLeftX));
  const right = Math.min(image.width, Math.ceil(g.faceRightX));
  return { x: left, y: top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * Sharpness: the variance of the 4-neighbour Laplacian of the face's luminance, measured on the
 * delivered scale (source pixels averaged in blocks of `scale`), so a large sensor image is not
 * judged blurrier than a small one.
 */
export function measureSharpness(image: RgbaImage, region: CropRect, scale: number): number {
  const block = Math.max(1, scale);
  const w = Math.floor(region.width / block);
  const h = Math.floor(region.height / block);
  if (w < 3 || h < 3) return 0;
  const grid = new Float64Array(w * h);
  for (let v = 0; v < h; v += 1) {
    const y0 = region.y + Math.floor(v * block);
    const y1 = Math.max(y0 + 1, region.y + Math.floor((v + 1) * block));
    for (let u = 0; u < w; u += 1) {
      const x0 = region.x + Math.floor(u * block);
      const x1 = Math.max(x0 + 1, region.x + Math.floor((u + 1) * block));
      let s = 0;
      let n = 0;
      for (let y = y0; y < y1; y += 1) {
        for (let x = x0; x < x1; x += 1) {
          const i = (y * image.width + x) * 4;
          s += luma(image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0);
          n += 1;
        }
      }
      grid[v * w + u] = s / n;
    }
  }
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let v = 1; v < h - 1; v += 1) {
    for (let u = 1; u < w - 1; u += 1) {
      const at = v * w + u;
      const lap = (grid[at - 1] ?? 0) + (grid[at + 1] ?? 0) + (grid[at - w] ?? 0) + (grid[at + w] ?? 0) - 4 * (grid[at] ?? 0);
      n += 1;
      sum += lap;
      sumSq += lap * lap;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

export interface Exposure {
  /** Mean luminance of the face, 0–255. */
  meanLuminance: number;
  /** Share of face pixels with a channel at ≥ 250 or a luminance ≤ 8. */
  clippedShare: number;
}

export function measureExposure(image: RgbaImage, region: CropRect): Exposure {
  const step = Math.max(1, Math.floor(region.width / 200));
  let n = 0;
  let sum = 0;
  let clipped = 0;
  for (let y = region.y; y < region.y + region.height; y += step) {
    for (let x = region.x; x < region.x + region.width; x += step) {
      const i = (y * image.width + x) * 4;
      const r = image.data[i] ?? 0;
      const g = image.data[i + 1] ?? 0;
      const b = image.data[i + 2] ?? 0;
      const l = luma(r, g, b);
      n += 1;
      sum += l;
      if (Math.max(r, g, b) >= 250 || l <= 8) clipped += 1;
    }
  }
  return n === 0 ? { meanLuminance: 0, clippedShare: 1 } : { meanLuminance: sum / n, clippedShare: clipped / n };
}

/**
 * The assessment of the portrait that `rect` would give, in the delivered image's terms. The
 * inter-eye distance never counts pixels that upscaling would invent: from a region smaller than
 * the portrait it is the source's own.
 */
export function assessCrop(image: RgbaImage, g: FaceGeometry, rect: CropRect, profile: PhotoProfile = buergerkofferPhotoProfile): PhotoAssessment {
  return {
    yawDeg: g.yawDeg,
    pitchDeg: g.pitchDeg,
    rollDeg: g.rollDeg,
    headWidthRatio: (g.faceRightX - g.faceLeftX) / rect.width,
    headHeightRatio: (g.chinY - g.crownY) / rect.height,
    eyeLineRatio: (g.eyeLineY - rect.y) / rect.height,
    centreRatio: (g.centreX - rect.x) / rect.width,
    interEyePx: g.interEyePx * Math.min(1, profile.width / rect.width),
    sourceCrop: { width: rect.width, height: rect.height },
    background: measureBackground(image, rect, g),
  };
}

export type PreCheckId = 'faces' | Exclude<PhotoCheck, 'size'> | 'sharpness' | 'exposure';

/** One line of the live pre-check: every check appears, passed or not. */
export interface PreCheck {
  check: PreCheckId;
  ok: boolean;
  /** The measured value as shown to the officer (German number format, like photo-profile.ts). */
  value: string;
  limit: string;
  /** What to do, when the check fails. */
  message?: Text;
}

export interface PhotoAnalysis {
  faces: number;
  geometry: FaceGeometry | null;
  crop: CropPlan | null;
  assessment: PhotoAssessment | null;
  sharpness: number | null;
  exposure: Exposure | null;
  /** The profile's findings for the portrait the crop would deliver (checkPhoto). */
  findings: PhotoFinding[];
  checks: PreCheck[];
  /** Every check passed: the officer may accept (the certified module still has the last word). */
  ok: boolean;
}

const de = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits).replace('.', ',') : '–');

const profileChecks: Exclude<PhotoCheck, 'size'>[] = ['upscaled', 'yaw', 'pitch', 'roll', 'head_width', 'head_height', 'eye_line', 'centre', 'inter_eye', 'background'];

function shownValue(check: Exclude<PhotoCheck, 'size'>, a: PhotoAssessment): string {
  switch (check) {
    case 'upscaled': return `${a.sourceCrop.width}×${a.sourceCrop.height}`;
    case 'yaw': return `${de(a.yawDeg, 1)}°`;
    case 'pitch': return `${de(a.pitchDeg, 1)}°`;
    case 'roll': return `${de(a.rollDeg, 1)}°`;
    case 'head_width': return de(a.headWidthRatio);
    case 'head_height': return de(a.headHeightRatio);
    case 'eye_line': return de(a.eyeLineRatio);
    case 'centre': return de(a.centreRatio);
    case 'inter_eye': return `${Math.round(a.interEyePx)} px`;
    case 'background': return `Helligkeit ${Math.round(a.background.meanLevel)}, Streuung ${de(a.background.stdDev, 1)}, Farbigkeit ${de(a.background.chroma, 1)}`;
  }
}

function shownLimit(check: Exclude<PhotoCheck, 'size'>, p: PhotoProfile): string {
  switch (check) {
    case 'upscaled': return `≥ ${p.width}×${p.height}`;
    case 'yaw': return `±${p.maxAbsYawDeg}°`;
    case 'pitch': return `±${p.maxAbsPitchDeg}°`;
    case 'roll': return `±${p.maxAbsRollDeg}°`;
    case 'head_width': return `${de(p.headWidthRatio.min)}–${de(p.headWidthRatio.max)}`;
    case 'head_height': return `${de(p.headHeightRatio.min)}–${de(p.headHeightRatio.max)}`;
    case 'eye_line': return `${de(p.eyeLineRatio.min)}–${de(p.eyeLineRatio.max)}`;
    case 'centre': return `${de(p.centreRatio.min)}–${de(p.centreRatio.max)}`;
    case 'inter_eye': return `≥ ${p.minInterEyePx} px`;
    case 'background': return `Helligkeit ${p.background.minMeanLevel}–${p.background.maxMeanLevel}, Streuung ≤ ${p.background.maxStdDev}, Farbigkeit ≤ ${p.background.maxChroma}`;
  }
}

/**
 * The whole pre-check of one still. `faces` is every face the model found; the geometry is
 * measured only when there is exactly one.
 */
export function analysePhoto(image: RgbaImage, faces: readonly DetectedFace[], options: AnalysisOptions = {}): PhotoAnalysis {
  const profile = options.profile ?? buergerkofferPhotoProfile;
  const limits = options.limits ?? defaultPreCheckLimits;
  const facesCheck: PreCheck = {
    check: 'faces',
    ok: faces.length === 1,
    value: String(faces.length),
    limit: '1',
  };
  if (faces.length === 0) {
    facesCheck.message = {
      de: 'Kein Gesicht erkannt: Bitte die Person frontal vor die Kamera setzen, Licht prüfen und neu aufnehmen.',
      en: 'No face found: seat the person facing the camera, check the light and take the photo again.',
    };
  } else if (faces.length > 1) {
    facesCheck.message = {
      de: `${faces.length} Gesichter im Bild: Es darf nur die antragstellende Person zu sehen sein. Bitte andere Personen aus dem Bild bitten.`,
      en: `${faces.length} faces in the picture: only the applicant may be visible. Ask the others to step out of the picture.`,
    };
  }
  const empty: PhotoAnalysis = { faces: faces.length, geometry: null, crop: null, assessment: null, sharpness: null, exposure: null, findings: [], checks: [facesCheck], ok: false };
  const face = faces.length === 1 ? faces[0] : undefined;
  if (!face) return empty;
  const geometry = faceGeometry(face, options.crownFactor ?? defaultCrownFactor, options.pitchOffsetDeg ?? 0);
  if (!geometry) {
    facesCheck.ok = false;
    facesCheck.message = {
      de: 'Das Gesicht ist nicht vollständig erkennbar (Augen, Kinn oder Gesichtsumriss fehlen): Bitte frontal aufnehmen, nichts verdecken.',
      en: 'The face is not fully visible (eyes, chin or outline missing): take the photo facing the camera with nothing covering the face.',
    };
    return empty;
  }
  const crop = planCrop(geometry, image, profile);
  const assessment = assessCrop(image, geometry, crop.rect, profile);
  const findings = checkPhoto({ width: profile.width, height: profile.height, assessment }, profile);
  const region = faceRegion(geometry, image);
  const sharpness = measureSharpness(image, region, crop.rect.width / profile.width);
  const exposure = measureExposure(image, region);
  const checks: PreCheck[] = [facesCheck];
  for (const check of profileChecks) {
    const finding = findings.find((f) => f.check === check);
    if (finding?.check === 'upscaled') {
      // Before the cut nothing was upscaled yet: say what the region would need.
      finding.message = {
        de: `Der Bildausschnitt um das Gesicht hat nur ${crop.rect.width}×${crop.rect.height} Pixel; für ${profile.width}×${profile.height} müsste hochskaliert werden, das ist nicht erlaubt. Bitte näher an die Person heran oder mit höherer Auflösung aufnehmen.`,
        en: `The region around the face has only ${crop.rect.width}×${crop.rect.height} pixels; ${profile.width}×${profile.height} would need upscaling, which is not allowed. Move closer or use a higher resolution.`,
      };
    }
    checks.push(finding
      ? { check, ok: false, value: finding.value, limit: finding.limit, message: finding.message }
      : { check, ok: true, value: shownValue(check, assessment), limit: shownLimit(check, profile) });
  }
  const sharp = sharpness >= limits.minSharpness;
  checks.push({
    check: 'sharpness',
    ok: sharp,
    value: de(sharpness, 1),
    limit: `≥ ${de(limits.minSharpness, 0)}`,
    ...(sharp ? {} : {
      message: {
        de: 'Das Gesicht ist unscharf: Bitte scharf stellen, die Person ruhig halten lassen und neu aufnehmen.',
        en: 'The face is blurred: focus the camera, ask the person to hold still and take the photo again.',
      },
    }),
  });
  const lit = exposure.meanLuminance >= limits.faceLuminance.min && exposure.meanLuminance <= limits.faceLuminance.max && exposure.clippedShare <= limits.maxClippedShare;
  checks.push({
    check: 'exposure',
    ok: lit,
    value: `Helligkeit ${Math.round(exposure.meanLuminance)}, übersteuert ${de(exposure.clippedShare * 100, 1)} %`,
    limit: `Helligkeit ${limits.faceLuminance.min}–${limits.faceLuminance.max}, übersteuert ≤ ${de(limits.maxClippedShare * 100, 1)} %`,
    ...(lit ? {} : {
      message: exposure.meanLuminance < limits.faceLuminance.min
        ? { de: 'Das Gesicht ist zu dunkel: Bitte mehr Licht von vorn geben und neu aufnehmen.', en: 'The face is too dark: add light from the front and take the photo again.' }
        : { de: 'Das Gesicht ist zu hell oder überstrahlt: Bitte Licht abschwächen oder Blitz vermeiden und neu aufnehmen.', en: 'The face is too bright or blown out: soften the light or avoid the flash and take the photo again.' },
    }),
  });
  return { faces: 1, geometry, crop, assessment, sharpness, exposure, findings, checks, ok: checks.every((c) => c.ok) };
}

/**
 * Cuts the portrait: the region, resampled by area averaging to the profile's size. Refuses a
 * region smaller than the portrait, since the profile forbids upscaling.
 */
export function cropPortrait(image: RgbaImage, rect: CropRect, profile: PhotoProfile = buergerkofferPhotoProfile): RgbaImage {
  if (rect.width < profile.width || rect.height < profile.height) {
    throw new AppError('PHOTO_UPSCALING',
      `Der Bildausschnitt hat nur ${rect.width}×${rect.height} Pixel; für das Lichtbild (${profile.width}×${profile.height}) müsste hochskaliert werden, das ist nicht erlaubt. Bitte näher an die Person heran oder mit höherer Auflösung aufnehmen.`,
      422, { sourceCrop: { width: rect.width, height: rect.height } });
  }
  if (rect.x < 0 || rect.y < 0 || rect.x + rect.width > image.width || rect.y + rect.height > image.height) {
    throw new AppError('PHOTO_CROP_OUTSIDE', `The crop ${rect.width}×${rect.height}+${rect.x}+${rect.y} lies outside the ${image.width}×${image.height} image.`, 422);
  }
  const outW = profile.width;
  const outH = profile.height;
  const xs = areaWeights(rect.x, rect.width, outW);
  const ys = areaWeights(rect.y, rect.height, outH);
  // Horizontal pass over the region's rows, then vertical.
  const rows = new Float32Array(outW * rect.height * 4);
  for (let r = 0; r < rect.height; r += 1) {
    const rowAt = (rect.y + r) * image.width;
    for (let u = 0; u < outW; u += 1) {
      const taps = xs[u] ?? [];
      let c0 = 0; let c1 = 0; let c2 = 0; let c3 = 0;
      for (const [sx, wgt] of taps) {
        const i = (rowAt + sx) * 4;
        c0 += (image.data[i] ?? 0) * wgt;
        c1 += (image.data[i + 1] ?? 0) * wgt;
        c2 += (image.data[i + 2] ?? 0) * wgt;
        c3 += (image.data[i + 3] ?? 0) * wgt;
      }
      const o = (r * outW + u) * 4;
      rows[o] = c0; rows[o + 1] = c1; rows[o + 2] = c2; rows[o + 3] = c3;
    }
  }
  const out = new Uint8ClampedArray(outW * outH * 4);
  for (let v = 0; v < outH; v += 1) {
    const taps = ys[v] ?? [];
    for (let u = 0; u < outW; u += 1) {
      let c0 = 0; let c1 = 0; let c2 = 0; let c3 = 0;
      for (const [sy, wgt] of taps) {
        const i = ((sy - rect.y) * outW + u) * 4;
        c0 += (rows[i] ?? 0) * wgt;
        c1 += (rows[i + 1] ?? 0) * wgt;
        c2 += (rows[i + 2] ?? 0) * wgt;
        c3 += (rows[i + 3] ?? 0) * wgt;
      }
      const o = (v * outW + u) * 4;
      out[o] = c0; out[o + 1] = c1; out[o + 2] = c2; out[o + 3] = c3;
    }
  }
  return { width: outW, height: outH, data: out };
}

/** For each output pixel, the source pixels it covers and their share of it (summing to 1). */
function areaWeights(start: number, length: number, out: number): [number, number][][] {
  const ratio = length / out;
  const result: [number, number][][] = [];
  for (let o = 0; o < out; o += 1) {
    const a = o * ratio;
    const b = a + ratio;
    const taps: [number, number][] = [];
    for (let s = Math.floor(a); s < Math.min(length, Math.ceil(b)); s += 1) {
      const cover = Math.min(b, s + 1) - Math.max(a, s);
      if (cover > 1e-9) taps.push([start + s, cover / ratio]);
    }
    result.push(taps);
  }
  return result;
}
