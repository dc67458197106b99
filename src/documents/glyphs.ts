import { createRequire } from 'node:module';
import { fontFiles, type FontName, type GlyphCoverage } from './fonts.ts';

/**
 * Glyph coverage of the document fonts, read with fontkit — the font engine pdfkit itself uses
 * (resolved through pdfkit, whose dependency it is), so "has a glyph" means exactly what the
 * renderer will find.
 */
export interface PathCommand {
  command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}

/** The part of a fontkit font the documents area uses: coverage, and outlines for rasterising. */
export interface FontkitFont extends GlyphCoverage {
  unitsPerEm: number;
  layout(text: string): {
    glyphs: { path: { commands: PathCommand[] } }[];
    positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[];
  };
}

interface FontkitModule {
  openSync(path: string): FontkitFont;
}

const requireFromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
const fontkit = requireFromPdfkit('fontkit') as FontkitModule;

const cache = new Map<FontName, FontkitFont>();

export function openFont(font: FontName): FontkitFont {
  let opened = cache.get(font);
  if (!opened) {
    opened = fontkit.openSync(fontFiles[font]);
    cache.set(font, opened);
  }
  return opened;
}

/**
 * Forgets the glyph objects fontkit cached on the shared fonts. fontkit keeps the code points of
 * a glyph from the first time it is created; a glyph first created as a component of a composite
 * (L inside Ŀ and Ł) has none, and pdfkit would then write no Unicode mapping for it in the next
 * document — the text prints but cannot be searched or copied. Called before each document.
 */
export function resetGlyphCaches(): void {
  for (const font of cache.values()) (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
}

export function glyphCoverage(font: FontName): GlyphCoverage {
  return openFont(font);
}
