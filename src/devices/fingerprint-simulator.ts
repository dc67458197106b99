import type { FingerCode } from '../exchange/messages.ts';
import { encodePng } from './png.ts';
import type { FingerprintCapture, FingerprintSensor } from './types.ts';

/**
 * A flat fingerprint sensor for development and tests. Qualities (NFIQ 2, 0–100) are scripted per
 * finger and attempt, so a test can make the left index finger fail three times and the thumb
 * pass; the image is a real greyscale PNG of a ridge pattern whose contrast and noise follow the
 * quality. Fingers listed as absent make the sensor report that no finger was detected.
 */
export interface FingerprintSimulatorOptions {
  /** NFIQ 2 score of each attempt per finger; after the list, its last value repeats. */
  qualities?: Partial<Record<FingerCode, number[]>>;
  /** Score of fingers without a script. */
  defaultQuality?: number;
  /** Fingers the sensor never detects (missing, bandaged). */
  absent?: FingerCode[];
  now?: () => Date;
  failWith?: string;
}

/** 500 ppi flat capture area of a single-finger sensor (about 21 × 21 mm). */
export const fingerprintImageSize = { width: 416, height: 416 } as const;

export function createFingerprintSimulator(options: FingerprintSimulatorOptions = {}): FingerprintSensor {
  const attempts = new Map<FingerCode, number>();
  const now = options.now ?? (() => new Date());
  return {
    capture(finger) {
      if (options.failWith) return Promise.reject(new Error(options.failWith));
      if (options.absent?.includes(finger)) {
        return Promise.reject(new Error(`No finger detected on the sensor (${finger}). Place the finger flat on the glass, or record the finger as unavailable.`));
      }
      const attempt = attempts.get(finger) ?? 0;
      attempts.set(finger, attempt + 1);
      const script = options.qualities?.[finger];
      const quality = script && script.length > 0 ? script[Math.min(attempt, script.length - 1)]! : options.defaultQuality ?? 62;
      const capture: FingerprintCapture = {
        finger,
        quality: Math.max(0, Math.min(100, Math.round(quality))),
        content: renderPrint(finger, attempt, quality),
        mediaType: 'image/png',
        capturedAt: now().toISOString(),
      };
      return Promise.resolve(capture);
    },
  };
}

const fingerSeeds: Record<FingerCode, number> = {
  right_thumb: 11, right_index: 12, right_middle: 13, right_ring: 14,
  left_thumb: 21, left_index: 22, left_middle: 23, left_ring: 24,
};

function renderPrint(finger: FingerCode, attempt: number, quality: number): Uint8Array {
  const { width, height } = fingerprintImageSize;
  const pixels = new Uint8Array(width * height).fill(250);
  const random = mulberry32(fingerSeeds[finger] * 1000 + attempt + 1);
  // A loop pattern: ridges are level lines of a distorted distance to the core.
  const coreX = width * (0.45 + random() * 0.1);
  const coreY = height * (0.4 + random() * 0.1);
  const contrast = 0.25 + 0.75 * Math.max(0, Math.min(1, quality / 100));
  const noise = (1 - Math.max(0, Math.min(1, quality / 100))) * 120;
  const period = 9 + random() * 2;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const nx = (x - width / 2) / (width * 0.38);
      const ny = (y - height / 2) / (height * 0.46);
      if (nx * nx + ny * ny > 1) continue;
      const dx = x - coreX;
      const dy = (y - coreY) * 1.25;
      const r = Math.sqrt(dx * dx + dy * dy) + 6 * Math.sin(x / 37) + 4 * Math.cos(y / 29);
      const ridge = 0.5 + 0.5 * Math.sin((2 * Math.PI * r) / period);
      const value = 250 - ridge * 210 * contrast + (random() - 0.5) * noise;
      pixels[y * width + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return encodePng({ width, height, channels: 1, pixels });
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
