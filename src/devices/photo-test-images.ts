import type { DetectedFace, RgbaImage } from './photo-analysis.ts';

/**
 * Test images made in code for the photo pre-check: a backdrop, a shaded, textured ellipse as a
 * head, and the face mesh a model would report for it; plus blur, rotation and scaling. Tests
 * only; deterministic (no Math.random).
 */

export function solidImage(width: number, height: number, rgb: readonly [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    data[i * 4] = rgb[0];
    data[i * 4 + 1] = rgb[1];
    data[i * 4 + 2] = rgb[2];
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** What the synthetic head looks like, in pixels of the image it is drawn into. */
export interface HeadSpec {
  centreX: number;
  eyeLineY: number;
  /** Chin below the eye line; the drawn crown is as far above it (the analysis's default estimate). */
  eyeToChin: number;
  /** Width of the face outline at the cheekbones. */
  faceWidth: number;
  interEye: number;
  rollDeg?: number;
  yawDeg?: number;
  pitchDeg?: number;
  skin?: readonly [number, number, number];
}

/** A small deterministic hash noise in −1…1, standing in for skin texture. */
function noise(x: number, y: number): number {
  let h = (x * 374761393 + y * 668265263) | 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) & 0xffff) / 32767.5 - 1;
}

/** Draws the head: a shaded ellipse with skin texture, two dark eyes and a mouth. Mutates `image`. */
export function drawHead(image: RgbaImage, spec: HeadSpec): RgbaImage {
  const skin = spec.skin ?? [214, 176, 150];
  const cy = spec.eyeLineY;
  const a = spec.faceWidth / 2 * 1.15;
  const b = spec.eyeToChin;
  for (let y = Math.max(0, Math.floor(cy - b)); y < Math.min(image.height, Math.ceil(cy + b)); y += 1) {
    for (let x = Math.max(0, Math.floor(spec.centreX - a)); x < Math.min(image.width, Math.ceil(spec.centreX + a)); x += 1) {
      const dx = (x - spec.centreX) / a;
      const dy = (y - cy) / b;
      const d = dx * dx + dy * dy;
      if (d > 1) continue;
      // Lit from the front: brighter in the middle, and a texture of fine detail.
      const shade = 1.05 - 0.25 * d + 0.12 * noise(x, y);
      const i = (y * image.width + x) * 4;
      for (let c = 0; c < 3; c += 1) image.data[i + c] = Math.max(0, Math.min(255, (skin[c] ?? 0) * shade));
    }
  }
  const roll = ((spec.rollDeg ?? 0) * Math.PI) / 180;
  const radius = Math.max(3, spec.interEye * 0.1);
  for (const side of [-1, 1]) {
    const ex = spec.centreX + side * (spec.interEye / 2) * Math.cos(roll);
    const ey = cy + side * (spec.interEye / 2) * Math.sin(roll);
    fillEllipse(image, ex, ey, radius * 1.6, radius, [40, 32, 28]);
  }
  fillEllipse(image, spec.centreX, cy + spec.eyeToChin * 0.6, spec.faceWidth * 0.18, spec.eyeToChin * 0.05, [150, 70, 70]);
  return image;
}

function fillEllipse(image: RgbaImage, cx: number, cy: number, rx: number, ry: number, rgb: readonly [number, number, number]) {
  for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(image.height, Math.ceil(cy + ry)); y += 1) {
    for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(image.width, Math.ceil(cx + rx)); x += 1) {
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      if (dx * dx + dy * dy > 1) continue;
      const i = (y * image.width + x) * 4;
      image.data[i] = rgb[0];
      image.data[i + 1] = rgb[1];
      image.data[i + 2] = rgb[2];
    }
  }
}

/** The face a model would report for the drawn head: the mesh points the analysis reads, angles in radians. */
export function faceFor(spec: HeadSpec): DetectedFace {
  const points: number[][] = Array.from({ length: 478 }, () => [0, 0, 0]);
  const roll = ((spec.rollDeg ?? 0) * Math.PI) / 180;
  const at = (index: number, x: number, y: number) => { points[index] = [x, y, 0]; };
  const half = spec.interEye / 2;
  // Subject's right eye is on the image's left.
  at(468, spec.centreX - half * Math.cos(roll), spec.eyeLineY - half * Math.sin(roll));
  at(473, spec.centreX + half * Math.cos(roll), spec.eyeLineY + half * Math.sin(roll));
  at(152, spec.centreX, spec.eyeLineY + spec.eyeToChin);
  at(10, spec.centreX, spec.eyeLineY - spec.eyeToChin * 0.75);
  at(234, spec.centreX - spec.faceWidth / 2, spec.eyeLineY + spec.eyeToChin * 0.1);
  at(454, spec.centreX + spec.faceWidth / 2, spec.eyeLineY + spec.eyeToChin * 0.1);
  const rad = (deg = 0) => (deg * Math.PI) / 180;
  return {
    box: [spec.centreX - spec.faceWidth / 2, spec.eyeLineY - spec.eyeToChin, spec.faceWidth, spec.eyeToChin * 2],
    mesh: points,
    rotation: { angle: { roll: roll, yaw: rad(spec.yawDeg), pitch: rad(spec.pitchDeg) } },
    score: 0.99,
  };
}

/** Box blur of the given radius (three passes approximate a Gaussian). */
export function blur(image: RgbaImage, radius: number, passes = 3): RgbaImage {
  let src = Float32Array.from(image.data);
  const { width, height } = image;
  for (let p = 0; p < passes; p += 1) {
    for (const horizontal of [true, false]) {
      const dst = new Float32Array(src.length);
      const lines = horizontal ? height : width;
      const length = horizontal ? width : height;
      for (let line = 0; line < lines; line += 1) {
        for (let c = 0; c < 4; c += 1) {
          const at = (k: number) => ((horizontal ? line * width + k : k * width + line) * 4 + c);
          let sum = 0;
          for (let k = -radius; k <= radius; k += 1) sum += src[at(Math.min(length - 1, Math.max(0, k)))] ?? 0;
          for (let k = 0; k < length; k += 1) {
            dst[at(k)] = sum / (2 * radius + 1);
            sum += (src[at(Math.min(length - 1, k + radius + 1))] ?? 0) - (src[at(Math.max(0, k - radius))] ?? 0);
          }
        }
      }
      src = dst;
    }
  }
  return { width, height, data: Uint8ClampedArray.from(src) };
}

/** Bilinear sample with a fill colour outside. */
function sample(image: RgbaImage, x: number, y: number, c: number, fill: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const px = (xx: number, yy: number) => (xx < 0 || yy < 0 || xx >= image.width || yy >= image.height ? fill : image.data[(yy * image.width + xx) * 4 + c] ?? fill);
  return (px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) + (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy;
}

/** Rotates about the centre by `degrees` (clockwise on screen for positive values), filling with grey. */
export function rotate(image: RgbaImage, degrees: number, fill = 160): RgbaImage {
  const { width, height } = image;
  const out = new Uint8ClampedArray(width * height * 4);
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      // Inverse mapping: where in the source does this output pixel come from?
      const sx = cos * (x - cx) + sin * (y - cy) + cx;
      const sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c += 1) out[o + c] = sample(image, sx, sy, c, fill);
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** Bilinear enlargement by `factor` (a stand-in for a sensor with more pixels). */
export function enlarge(image: RgbaImage, factor: number): RgbaImage {
  const width = Math.round(image.width * factor);
  const height = Math.round(image.height * factor);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const o = (y * width + x) * 4;
      const sx = Math.min(image.width - 1, (x + 0.5) / factor - 0.5);
      const sy = Math.min(image.height - 1, (y + 0.5) / factor - 0.5);
      for (let c = 0; c < 4; c += 1) out[o + c] = sample(image, Math.max(0, sx), Math.max(0, sy), c, 0);
    }
  }
  return { width, height, data: out };
}
