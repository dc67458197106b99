import { encodePng } from './png.ts';
import { buergerkofferPhotoProfile } from './photo-profile.ts';
import type { Camera, CapturedPhoto, PhotoAssessment } from './types.ts';

/**
 * A capture station for development and tests: hands out real PNG portraits (a head and shoulders
 * drawn on a grey backdrop) with the geometry the capture module would report. The drawing
 * follows the reported geometry, so what a test asks for is what the picture shows.
 */
export interface CameraSimulatorOptions {
  /**
   * Geometry of successive captures, one entry per capture (the last repeats); missing values
   * come from a portrait that meets the profile comfortably.
   */
  shots?: Partial<PhotoAssessment>[];
  /** Delivered size (default 1244×1600); another size simulates a misconfigured device. */
  size?: { width: number; height: number };
  /** false: the module reports no assessment (a device without geometry output). */
  reportAssessment?: boolean;
  /** The lichtbildaufnehmende Stelle as the device knows it. */
  takenBy?: string;
  /** Clock for takenAt (tests pin it). */
  now?: () => Date;
  /** Fails every capture with this message (device offline) to exercise error paths. */
  failWith?: string;
}

export const defaultShot: PhotoAssessment = {
  yawDeg: 0.8,
  pitchDeg: -1.2,
  rollDeg: 1.5,
  headWidthRatio: 0.6,
  headHeightRatio: 0.74,
  eyeLineRatio: 0.42,
  centreRatio: 0.5,
  interEyePx: 320,
  sourceCrop: { width: 1866, height: 2400 },
  background: { meanLevel: 168, stdDev: 3.1, chroma: 1.2 },
};

export function createCameraSimulator(options: CameraSimulatorOptions = {}): Camera {
  let shots = 0;
  const now = options.now ?? (() => new Date());
  return {
    capturePhoto() {
      if (options.failWith) return Promise.reject(new Error(options.failWith));
      const script = options.shots ?? [];
      const planned = script.length === 0 ? {} : script[Math.min(shots, script.length - 1)] ?? {};
      shots += 1;
      const assessment: PhotoAssessment = {
        ...defaultShot,
        ...planned,
        sourceCrop: { ...defaultShot.sourceCrop, ...planned.sourceCrop },
        background: { ...defaultShot.background, ...planned.background },
      };
      const width = options.size?.width ?? buergerkofferPhotoProfile.width;
      const height = options.size?.height ?? buergerkofferPhotoProfile.height;
      const photo: CapturedPhoto = {
        content: renderPortrait(width, height, assessment),
        mediaType: 'image/png',
        width,
        height,
        takenBy: options.takenBy ?? 'Personalausweisbehörde (Aufnahmestation des Bürgerkoffers)',
        takenAt: now().toISOString(),
      };
      if (options.reportAssessment !== false) photo.assessment = assessment;
      return Promise.resolve(photo);
    },
  };
}

/** Draws the portrait the assessment describes: RGB, backdrop grey at the reported level. */
export function renderPortrait(width: number, height: number, a: PhotoAssessment): Uint8Array {
  const pixels = new Uint8Array(width * height * 3);
  const grey = Math.max(0, Math.min(255, Math.round(a.background.meanLevel)));
  pixels.fill(grey);
  const set = (x: number, y: number, rgb: readonly [number, number, number]) => {
    const at = (y * width + x) * 3;
    pixels[at] = rgb[0];
    pixels[at + 1] = rgb[1];
    pixels[at + 2] = rgb[2];
  };
  const centreX = a.centreRatio * width;
  const eyeY = a.eyeLineRatio * height;
  const headW = a.headWidthRatio * width;
  const headH = a.headHeightRatio * height;
  // The eyes sit a little above half the head height (crown to chin).
  const headTop = eyeY - 0.45 * headH;
  const headCentreY = headTop + headH / 2;
  const skin = [222, 184, 160] as const;
  const shirt = [52, 64, 92] as const;
  const eye = [40, 34, 30] as const;
  // Shoulders: a wide rounded block from below the chin to the bottom edge.
  const chinY = headTop + headH;
  for (let y = Math.max(0, Math.floor(chinY - headH * 0.05)); y < height; y += 1) {
    const half = Math.min(width / 2, headW * 0.55 + (y - chinY) * 1.4);
    for (let x = Math.max(0, Math.floor(centreX - half)); x < Math.min(width, Math.ceil(centreX + half)); x += 1) set(x, y, shirt);
  }
  for (let y = Math.max(0, Math.floor(headTop)); y < Math.min(height, Math.ceil(headTop + headH)); y += 1) {
    const dy = (y - headCentreY) / (headH / 2);
    const half = (headW / 2) * Math.sqrt(Math.max(0, 1 - dy * dy));
    for (let x = Math.max(0, Math.floor(centreX - half)); x < Math.min(width, Math.ceil(centreX + half)); x += 1) set(x, y, skin);
  }
  // Eyes: the roll tilts the eye line, the yaw shifts both eyes sideways.
  const tilt = Math.tan((a.rollDeg * Math.PI) / 180) * (a.interEyePx / 2);
  const shift = Math.sin((a.yawDeg * Math.PI) / 180) * headW * 0.5;
  const radius = Math.max(4, a.interEyePx * 0.09);
  for (const side of [-1, 1] as const) {
    const ex = centreX + shift + side * (a.interEyePx / 2);
    const ey = eyeY + side * tilt;
    for (let y = Math.max(0, Math.floor(ey - radius)); y < Math.min(height, Math.ceil(ey + radius)); y += 1) {
      for (let x = Math.max(0, Math.floor(ex - radius * 1.6)); x < Math.min(width, Math.ceil(ex + radius * 1.6)); x += 1) {
        const nx = (x - ex) / (radius * 1.6);
        const ny = (y - ey) / radius;
        if (nx * nx + ny * ny <= 1) set(x, y, eye);
      }
    }
  }
  return encodePng({ width, height, channels: 3, pixels });
}
