import { describe, expect, it } from 'vitest';
import { imageSize, jpegSize } from './image-size.ts';
import { encodePng } from './png.ts';

/** The header of a baseline JPEG: SOI, an APP0 (JFIF) segment, a DQT stub, SOF0 with the size. */
function jpegHeader(width: number, height: number, sof = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00];
  const dqt = [0xff, 0xdb, 0x00, 0x04, 0x00, 0x00];
  const frame = [0xff, sof, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Uint8Array.from([0xff, 0xd8, ...app0, ...dqt, ...frame, 0xff, 0xd9]);
}

describe('image sizes from headers', () => {
  it('reads baseline and progressive JPEG frames past other segments', () => {
    expect(jpegSize(jpegHeader(2480, 3508))).toEqual({ width: 2480, height: 3508 });
    expect(jpegSize(jpegHeader(620, 877, 0xc2))).toEqual({ width: 620, height: 877 });
    expect(imageSize(jpegHeader(10, 20))).toEqual({ mediaType: 'image/jpeg', width: 10, height: 20 });
  });

  it('reads PNG and refuses other bytes', () => {
    const png = encodePng({ width: 3, height: 2, channels: 1, pixels: new Uint8Array(6) });
    expect(imageSize(png)).toEqual({ mediaType: 'image/png', width: 3, height: 2 });
    expect(imageSize(new TextEncoder().encode('%PDF-1.7 ...'))).toBeNull();
    expect(jpegSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
  });
});
