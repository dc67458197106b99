import { encodePng } from './png.ts';
import type { ScannedPage, Scanner } from './types.ts';

/**
 * A scanner for development and tests: hands out A4 pages as real PNG images at the requested
 * resolution, light grey paper with dark "text lines", so that the documents area embeds and
 * prints something that looks and weighs like a scanned page. Pages differ from each other
 * (seeded by page number and scan count), so a test can tell page 1 from page 2.
 */
export interface ScannerSimulatorOptions {
  /** Resolution when the caller does not ask for one. */
  defaultDpi?: number;
  /** Fails every scan with this message (paper jam, device offline) to exercise error paths. */
  failWith?: string;
}

/** A4 in millimetres (ISO 216). */
const A4_MM = { width: 210, height: 297 } as const;
const MM_PER_INCH = 25.4;

export const scannerLimits = { minDpi: 75, maxDpi: 600, maxPages: 50 } as const;

/** Pixel size of an A4 page at a resolution: 150 dpi → 1240 × 1754. */
export function a4Pixels(dpi: number): { width: number; height: number } {
  return {
    width: Math.round((A4_MM.width / MM_PER_INCH) * dpi),
    height: Math.round((A4_MM.height / MM_PER_INCH) * dpi),
  };
}

export function createScannerSimulator(options: ScannerSimulatorOptions = {}): Scanner {
  const defaultDpi = options.defaultDpi ?? 150;
  let scans = 0;
  return {
    scan(request) {
      if (options.failWith) return Promise.reject(new Error(options.failWith));
      const pages = request.pages ?? 1;
      const dpi = request.dpi ?? defaultDpi;
      if (!Number.isInteger(pages) || pages < 1 || pages > scannerLimits.maxPages) {
        return Promise.reject(new Error(`The scanner takes 1 to ${scannerLimits.maxPages} pages at a time, not ${pages}.`));
      }
      if (!Number.isInteger(dpi) || dpi < scannerLimits.minDpi || dpi > scannerLimits.maxDpi) {
        return Promise.reject(new Error(`The scanner scans at ${scannerLimits.minDpi} to ${scannerLimits.maxDpi} dpi, not ${dpi}.`));
      }
      scans += 1;
      const result: ScannedPage[] = [];
      for (let page = 0; page < pages; page += 1) {
        result.push(renderPage({ dpi, colour: request.colour ?? false, seed: scans * 7919 + page + 1 }));
      }
      return Promise.resolve(result);
    },
  };
}

const PAPER = 242;
const INK = 40;

function renderPage(input: { dpi: number; colour: boolean; seed: number }): ScannedPage {
  const { width, height } = a4Pixels(input.dpi);
  const channels = input.colour ? 3 : 1;
  const pixels = new Uint8Array(width * height * channels).fill(PAPER);
  const random = mulberry32(input.seed);
  const mm = input.dpi / MM_PER_INCH;
  const margin = Math.round(25 * mm);
  const lineHeight = Math.max(2, Math.round(2.2 * mm));
  const lineStep = Math.round(6 * mm);
  const fill = (x0: number, y0: number, x1: number, y1: number, grey: number) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y += 1) {
      const row = y * width;
      pixels.fill(grey, (row + Math.max(0, x0)) * channels, (row + Math.min(width, x1)) * channels);
    }
  };
  // A heading, then paragraphs of lines made of "words"; the last line of a paragraph is short.
  let y = margin;
  fill(margin, y, margin + Math.round(width * (0.3 + random() * 0.2)), y + Math.round(lineHeight * 1.6), INK);
  y += lineStep * 2;
  while (y + lineHeight < height - margin) {
    const linesInParagraph = 3 + Math.floor(random() * 6);
    for (let line = 0; line < linesInParagraph && y + lineHeight < height - margin; line += 1) {
      const end = line === linesInParagraph - 1 ? margin + (width - 2 * margin) * (0.2 + random() * 0.5) : width - margin;
      let x = margin;
      while (x < end) {
        const word = Math.round((4 + random() * 18) * mm);
        fill(x, y, Math.min(x + word, Math.round(end)), y + lineHeight, INK + Math.floor(random() * 30));
        x += word + Math.round(2 * mm);
      }
      y += lineStep;
    }
    y += lineStep;
  }
  if (input.colour) {
    // A blue stamp near the foot of the page, so colour scans are visibly in colour.
    const size = Math.round(30 * mm);
    const x0 = width - margin - size;
    const y0 = height - margin - size;
    for (let yy = y0; yy < y0 + size; yy += 1) {
      for (let xx = x0; xx < x0 + size; xx += 1) {
        const at = (yy * width + xx) * 3;
        pixels[at] = 40;
        pixels[at + 1] = 70;
        pixels[at + 2] = 190;
      }
    }
  }
  return { content: encodePng({ width, height, channels, pixels }), mediaType: 'image/png', widthPx: width, heightPx: height, dpi: input.dpi };
}

/** Small deterministic PRNG, so the same scan number gives the same page in tests. */
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
