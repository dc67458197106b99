import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The fonts every document embeds (PDF/A allows no standard-14 fonts): Fira Sans, the face of
 * the KERN design system, and DejaVu Sans for the characters of DIN SPEC 91379 Fira lacks.
 */
const require = createRequire(import.meta.url);
const fira = dirname(require.resolve('@expo-google-fonts/fira-sans/package.json'));
const dejavu = dirname(require.resolve('dejavu-fonts-ttf/package.json'));

export const fontFiles = {
  regular: join(fira, '400Regular', 'FiraSans_400Regular.ttf'),
  bold: join(fira, '600SemiBold', 'FiraSans_600SemiBold.ttf'),
  fallbackRegular: join(dejavu, 'ttf', 'DejaVuSans.ttf'),
  fallbackBold: join(dejavu, 'ttf', 'DejaVuSans-Bold.ttf'),
} as const;

export type FontName = keyof typeof fontFiles;

/** A font as far as the run splitter needs it: which code points it has a glyph for. */
export interface GlyphCoverage {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

export interface TextRun {
  text: string;
  fallback: boolean;
}

const graphemes = new Intl.Segmenter('de', { granularity: 'grapheme' });

/**
 * Splits text into runs for the primary font and the fallback. The decision is made per grapheme
 * cluster, so a base letter and its combining marks stay in one font (a mark placed by another
 * font's metrics lands in the wrong spot).
 */
export function splitRuns(text: string, primary: GlyphCoverage): TextRun[] {
  const runs: TextRun[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const fallback = ![...segment].every((char) => isLayoutControl(char) || primary.hasGlyphForCodePoint(char.codePointAt(0) ?? 0));
    const last = runs.at(-1);
    if (last && last.fallback === fallback) last.text += segment;
    else runs.push({ text: segment, fallback });
  }
  return runs;
}

/** Whitespace and line breaks need no glyph of their own. */
function isLayoutControl(char: string): boolean {
  return char === '\n' || char === '\r' || char === '\t';
}
