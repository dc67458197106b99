import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { AppError } from '../platform/errors.ts';
import type { RgbaImage } from './photo-analysis.ts';
import { encodePng } from './png.ts';

/**
 * Decoding stills for the photo pre-check on the kit (Node): PNG through pngjs (every bit depth,
 * palette, interlace), JPEG through jpeg-js (baseline and progressive, EXIF orientation is not
 * applied: cameras and the field UI deliver upright frames). The portrait is written with the
 * project's own PNG encoder.
 */

/** Largest still accepted (a 50-megapixel sensor); guards the memory of the kit. */
const maxPixels = 50_000_000;

export function imageMediaType(content: Uint8Array): 'image/png' | 'image/jpeg' | null {
  if (content[0] === 0x89 && content[1] === 0x50 && content[2] === 0x4e && content[3] === 0x47) return 'image/png';
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  return null;
}

export function decodeImage(content: Uint8Array): RgbaImage {
  const type = imageMediaType(content);
  try {
    if (type === 'image/png') {
      const png = PNG.sync.read(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
      if (png.width * png.height > maxPixels) throw tooLarge(png.width, png.height);
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    if (type === 'image/jpeg') {
      const image = jpeg.decode(content, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1_000_000, maxMemoryUsageInMB: 1024 });
      return { width: image.width, height: image.height, data: image.data };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('IMAGE_UNREADABLE', `The image could not be decoded (${type}): ${(error as Error).message}. Take the photo again.`, 422);
  }
  throw new AppError('IMAGE_TYPE', 'The image is neither PNG nor JPEG. The camera must deliver PNG or JPEG stills.', 415);
}

function tooLarge(width: number, height: number): AppError {
  return new AppError('IMAGE_TOO_LARGE', `The image has ${width}×${height} pixels; at most ${maxPixels / 1_000_000} megapixels are accepted. Lower the camera's resolution.`, 413);
}

/** An RGBA image as an RGB PNG (portraits have no transparency). */
export function encodeRgbPng(image: RgbaImage): Uint8Array {
  const pixels = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, o = 0; i < image.data.length; i += 4, o += 3) {
    pixels[o] = image.data[i] ?? 0;
    pixels[o + 1] = image.data[i + 1] ?? 0;
    pixels[o + 2] = image.data[i + 2] ?? 0;
  }
  return encodePng({ width: image.width, height: image.height, channels: 3, pixels });
}
