import { createRequire } from 'node:module';
import { fontFiles, type FontName, type GlyphCoverage } from './fonts.ts';

/**
 * Glyph coverage of the document fonts, read with fontkit — the font engine pdfkit itself uses
 * (resolved through pdfkit, whose dependency it is), so "has a glyph" means exactly what the
 * renderer will find.
 */
interface FontkitModule {
  openSync(path: string): GlyphCoverage;
}

const requireFromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
const fontkit = requireFromPdfkit('fontkit') as FontkitModule;

const cache = new Map<FontName, GlyphCoverage>();

export function glyphCoverage(font: FontName): GlyphCoverage {
  let coverage = cache.get(font);
  if (!coverage) {
    coverage = fontkit.openSync(fontFiles[font]);
    cache.set(font, coverage);
  }
  return coverage;
}
