import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngSize } from './png.ts';
import { a4Pixels, createScannerSimulator } from './scanner-simulator.ts';

/** Reads back an unfiltered (filter 0) 8-bit PNG: channels and the pixel rows. */
function decode(png: Uint8Array): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let offset = 8;
  const idat: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  let channels = 0;
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      channels = data[9] === 2 ? 3 : 1;
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y += 1) {
    expect(raw[y * (stride + 1)]).toBe(0);
    pixels.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width, height, channels, pixels };
}

describe('scanner simulator', () => {
  it.each([
    { dpi: 75, width: 620, height: 877 },
    { dpi: 150, width: 1240, height: 1754 },
    { dpi: 300, width: 2480, height: 3508 },
  ])('scans A4 at $dpi dpi as $width × $height', async ({ dpi, width, height }) => {
    expect(a4Pixels(dpi)).toEqual({ width, height });
    const [page] = await createScannerSimulator().scan({ dpi });
    expect(page).toMatchObject({ mediaType: 'image/png', widthPx: width, heightPx: height, dpi });
    expect(pngSize(page!.content)).toEqual({ width, height });
  });

  it.each([1, 3, 7])('hands out %i pages when asked for %i', async (pages) => {
    const scanned = await createScannerSimulator().scan({ pages, dpi: 75 });
    expect(scanned).toHaveLength(pages);
  });

  it('uses the configured default resolution', async () => {
    const [page] = await createScannerSimulator({ defaultDpi: 100 }).scan({});
    expect(page?.dpi).toBe(100);
    expect(pngSize(page!.content)).toEqual(a4Pixels(100));
  });

  it('draws a plausible page: grey paper with dark text lines inside the margins', async () => {
    const [page] = await createScannerSimulator().scan({ dpi: 100 });
    const image = decode(page!.content);
    expect(image.channels).toBe(1);
    const dark = image.pixels.filter((v) => v < 100).length;
    const share = dark / image.pixels.length;
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.5);
    // The top-left margin (first 2 cm) is blank paper.
    const marginPx = Math.round((20 / 25.4) * 100);
    for (let y = 0; y < marginPx; y += 1) {
      for (let x = 0; x < marginPx; x += 1) expect(image.pixels[y * image.width + x]).toBe(242);
    }
  });

  it('gives every page its own content', async () => {
    const [first, second] = await createScannerSimulator().scan({ pages: 2, dpi: 75 });
    expect(Buffer.from(first!.content).equals(Buffer.from(second!.content))).toBe(false);
  });

  it('scans in colour on request (RGB with a coloured stamp)', async () => {
    const [page] = await createScannerSimulator().scan({ dpi: 75, colour: true });
    const image = decode(page!.content);
    expect(image.channels).toBe(3);
    let coloured = 0;
    for (let i = 0; i < image.pixels.length; i += 3) {
      if (image.pixels[i + 2]! > image.pixels[i]! + 50) coloured += 1;
    }
    expect(coloured).toBeGreaterThan(1000);
  });

  it.each([
    { request: { pages: 0 }, error: /1 to 50 pages/ },
    { request: { pages: 51 }, error: /1 to 50 pages/ },
    { request: { dpi: 50 }, error: /75 to 600 dpi/ },
    { request: { dpi: 1200 }, error: /75 to 600 dpi/ },
  ])('refuses $request', async ({ request, error }) => {
    await expect(createScannerSimulator().scan(request)).rejects.toThrow(error);
  });

  it('fails every scan when configured to (paper jam)', async () => {
    await expect(createScannerSimulator({ failWith: 'Papierstau' }).scan({})).rejects.toThrow('Papierstau');
  });
});
