import { pngSize } from './png.ts';

/**
 * Pixel size of a scanned image read from its own header (PNG IHDR, JPEG start-of-frame), so a
 * driver reports what the device delivered rather than what it was asked for.
 */
export function imageSize(content: Uint8Array): { mediaType: 'image/png' | 'image/jpeg'; width: number; height: number } | null {
  const png = pngSize(content);
  if (png && content[2] === 0x4e && content[3] === 0x47) return { mediaType: 'image/png', ...png };
  const jpeg = jpegSize(content);
  return jpeg ? { mediaType: 'image/jpeg', ...jpeg } : null;
}

/** Walks the JPEG markers to the first SOFn segment; null when the bytes are not a JPEG. */
export function jpegSize(content: Uint8Array): { width: number; height: number } | null {
  if (content.length < 4 || content[0] !== 0xff || content[1] !== 0xd8) return null;
  const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
  let at = 2;
  while (at + 4 <= content.length) {
    if (content[at] !== 0xff) return null;
    const marker = content[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    const length = view.getUint16(at + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > content.length) return null;
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame
    at += 2 + length;
  }
  return null;
}
