import type { Text } from '../cases/workflow.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { getMunicipalityProfile, saveMunicipalityProfile, type MunicipalityProfile, type MunicipalityProfileSettings } from '../platform/tenancy/profile.ts';
import { pngHeader } from './images.ts';
import { renderDocumentPdf } from './render-pdf.ts';

/**
 * The admin's change of how the municipality appears on documents. Images arrive as base64 PNG;
 * they are checked for format, size and proportions, and then a sample letter is rendered with
 * them, so an image pdfkit cannot embed is refused here and not when a citizen waits for a
 * certificate.
 */
export interface ProfileInput {
  authorityName: string;
  authorityCode: string;
  place: string;
  addressLines: string[];
  phone: string | null;
  email: string | null;
  website: string | null;
  /** Base64 PNG, or null for the text letterhead. */
  letterheadPng: string | null;
  /** Base64 PNG, or null for a printed circle the officer stamps into. */
  sealPng: string | null;
}

export interface ProfileProblem {
  code: string;
  field: string;
  message: Text;
}

/** Characters of the Behördenkennzahl: the ICAO 9303 machine-readable set without the filler. */
export const authorityCodePattern = /^[0-9A-Z]{4}$/;

interface ImageRule {
  maxBytes: number;
  minWidth: number;
  maxWidth: number;
  minHeight: number;
  maxHeight: number;
  minRatio: number;
  maxRatio: number;
  describe: Text;
}

export const imageRules: Record<'letterheadPng' | 'sealPng', ImageRule> = {
  letterheadPng: {
    maxBytes: 1024 * 1024, minWidth: 600, maxWidth: 6000, minHeight: 60, maxHeight: 2000, minRatio: 2, maxRatio: 12,
    describe: { de: 'Briefkopf: PNG, höchstens 1 MB, 600–6000 × 60–2000 Pixel, mindestens doppelt so breit wie hoch', en: 'letterhead: PNG, at most 1 MB, 600–6000 × 60–2000 pixels, at least twice as wide as high' },
  },
  sealPng: {
    maxBytes: 512 * 1024, minWidth: 150, maxWidth: 3000, minHeight: 150, maxHeight: 3000, minRatio: 0.8, maxRatio: 1.25,
    describe: { de: 'Dienstsiegel: PNG, höchstens 512 KB, 150–3000 Pixel, annähernd quadratisch', en: 'seal: PNG, at most 512 KB, 150–3000 pixels, roughly square' },
  },
};

function decodeBase64(value: string): Uint8Array | null {
  const compact = value.replace(/^data:image\/png;base64,/, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

function imageProblem(field: 'letterheadPng' | 'sealPng', bytes: Uint8Array | null): ProfileProblem | null {
  const rule = imageRules[field];
  const fail = (code: string, de: string, en: string): ProfileProblem => ({
    code, field, message: { de: `${de} Erwartet: ${rule.describe.de}.`, en: `${en} Expected: ${rule.describe.en}.` },
  });
  if (!bytes) return fail('PROFILE_IMAGE_ENCODING', 'Das Bild ist kein gültiges Base64.', 'The image is not valid base64.');
  if (bytes.length > rule.maxBytes) {
    return fail('PROFILE_IMAGE_TOO_LARGE', `Das Bild ist ${Math.ceil(bytes.length / 1024)} KB groß.`, `The image has ${Math.ceil(bytes.length / 1024)} KB.`);
  }
  const header = pngHeader(bytes);
  if (!header) return fail('PROFILE_IMAGE_FORMAT', 'Das Bild ist kein PNG.', 'The image is not a PNG.');
  const { width, height } = header;
  const ratio = width / Math.max(height, 1);
  if (width < rule.minWidth || width > rule.maxWidth || height < rule.minHeight || height > rule.maxHeight || ratio < rule.minRatio || ratio > rule.maxRatio) {
    return fail('PROFILE_IMAGE_DIMENSIONS', `Das Bild hat ${width} × ${height} Pixel.`, `The image has ${width} × ${height} pixels.`);
  }
  return null;
}

const text = (field: string, value: string, max: number, label: Text): ProfileProblem | null => {
  const trimmed = value.trim();
  if (trimmed.length >= 1 && trimmed.length <= max) return null;
  return {
    code: 'PROFILE_FIELD_INVALID', field,
    message: { de: `${label.de}: 1–${max} Zeichen angeben.`, en: `${label.en}: give 1–${max} characters.` },
  };
};

/** Every problem of the input at once, and the settings to store when there is none. */
export function checkProfileInput(input: ProfileInput): { problems: ProfileProblem[]; settings: MunicipalityProfileSettings | null } {
  const problems: (ProfileProblem | null)[] = [
    text('authorityName', input.authorityName, 200, { de: 'Name der Behörde', en: 'Authority name' }),
    text('place', input.place, 100, { de: 'Ort der Unterschrift', en: 'Place of signature' }),
  ];
  if (!authorityCodePattern.test(input.authorityCode)) {
    problems.push({
      code: 'PROFILE_AUTHORITY_CODE_INVALID', field: 'authorityCode',
      message: {
        de: `Die Behördenkennzahl „${input.authorityCode}“ muss genau 4 Zeichen aus 0–9 und A–Z (Großbuchstaben) haben, z. B. „L7FH“.`,
        en: `The Behördenkennzahl "${input.authorityCode}" must be exactly 4 characters of 0–9 and A–Z (capitals), e.g. "L7FH".`,
      },
    });
  }
  if (input.addressLines.length > 4) {
    problems.push({ code: 'PROFILE_FIELD_INVALID', field: 'addressLines', message: { de: 'Höchstens 4 Anschriftzeilen angeben.', en: 'Give at most 4 address lines.' } });
  }
  input.addressLines.forEach((line, i) => problems.push(text(`addressLines.${i}`, line, 120, { de: `Anschriftzeile ${i + 1}`, en: `Address line ${i + 1}` })));
  if (input.email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
    problems.push({ code: 'PROFILE_FIELD_INVALID', field: 'email', message: { de: 'Die E-Mail-Adresse ist ungültig (z. B. buergerbuero@bochum.de).', en: 'The email address is invalid (e.g. buergerbuero@bochum.de).' } });
  }
  const images: Partial<Record<'letterheadPng' | 'sealPng', Uint8Array | null>> = {};
  for (const field of ['letterheadPng', 'sealPng'] as const) {
    const value = input[field];
    if (value === null) {
      images[field] = null;
      continue;
    }
    const bytes = decodeBase64(value);
    const problem = imageProblem(field, bytes);
    problems.push(problem);
    images[field] = problem ? null : bytes;
  }
  const found = problems.filter((p): p is ProfileProblem => p !== null);
  if (found.length > 0) return { problems: found, settings: null };
  const optional = (value: string | null) => (value === null || value.trim() === '' ? null : value.trim());
  return {
    problems: [],
    settings: {
      authorityName: input.authorityName.trim(),
      authorityCode: input.authorityCode,
      place: input.place.trim(),
      addressLines: input.addressLines.map((line) => line.trim()),
      phone: optional(input.phone),
      email: optional(input.email),
      website: optional(input.website),
      letterheadPng: images.letterheadPng ?? null,
      sealPng: images.sealPng ?? null,
    },
  };
}

export async function updateMunicipalityProfile(ctx: AppContext, municipalityId: string, input: ProfileInput): Promise<MunicipalityProfile> {
  const { problems, settings } = checkProfileInput(input);
  const first = problems[0];
  if (first || !settings) {
    throw new AppError(first?.code ?? 'PROFILE_INVALID', `${first?.field ?? 'profile'}: ${first?.message.en ?? 'invalid'}`, 422, { field: first?.field, message: first?.message, problems });
  }
  const current = await getMunicipalityProfile(ctx.database.db, municipalityId);
  const candidate: MunicipalityProfile = { ...current, ...settings };
  try {
    await renderDocumentPdf({
      kind: 'meldebescheinigung', title: 'Probedruck', verifiable: false, recipient: ['Probe'],
      sections: [{ fields: [{ label: 'Probe', value: 'Probe' }] }],
      signature: { place: candidate.place, date: '2026-01-01', officerName: 'Probe', seal: true },
    }, { profile: candidate, issuedAt: ctx.now(), verification: null, pages: [] });
  } catch (error) {
    throw new AppError('PROFILE_IMAGE_UNREADABLE', 'The letterhead or seal image cannot be embedded in a PDF (unusual PNG variant). Save it again as an 8-bit RGB or greyscale PNG.', 422, {
      field: settings.letterheadPng ? 'letterheadPng' : 'sealPng',
      message: { de: 'Das Bild lässt sich nicht in ein PDF einbetten. Speichern Sie es als 8-Bit-PNG (RGB oder Graustufen).', en: 'The image cannot be embedded in a PDF. Save it as an 8-bit PNG (RGB or greyscale).' },
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  await saveMunicipalityProfile(ctx.database.db, municipalityId, settings, ctx.now());
  return getMunicipalityProfile(ctx.database.db, municipalityId);
}
