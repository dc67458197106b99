/**
 * The document profile form without React: the form's schema (the server's rules, checked here
 * to show every problem at once before the round trip), the PUT body, images as base64, and the
 * server's problems by field.
 */
import { z } from 'zod';
import type { DocumentProfile } from '../../api/settings.ts';

/** Four address lines fit the letterhead's window; the server refuses more. */
export const addressLineCount = 4;

/** Same rule as src/documents/update-profile.ts: the ICAO 9303 machine-readable characters. */
export const authorityCodePattern = /^[0-9A-Z]{4}$/;

/** Upload limits of the server, checked before reading the file so a huge file is refused at once. */
export const imageMaxBytes = { letterheadPng: 1024 * 1024, sealPng: 512 * 1024 } as const;
export type ImageField = keyof typeof imageMaxBytes;

const optionalText = (max: number) => z.string().trim().max(max, 'settings.profile.errors.tooLong');

export const profileFormSchema = z.object({
  authorityName: z.string().trim().min(1, 'validation.required').max(200, 'settings.profile.errors.tooLong'),
  authorityCode: z.string().trim().refine((value) => authorityCodePattern.test(value), 'settings.profile.errors.authorityCode'),
  place: z.string().trim().min(1, 'validation.required').max(100, 'settings.profile.errors.tooLong'),
  addressLines: z.array(optionalText(120)).length(addressLineCount),
  phone: optionalText(60),
  email: optionalText(200).refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'validation.email'),
  website: optionalText(200),
});
export type ProfileForm = z.infer<typeof profileFormSchema>;

/** The stored profile as form values: empty strings for what is not set, always four address lines. */
export function formFromProfile(profile: DocumentProfile): ProfileForm {
  const lines = [...profile.addressLines.slice(0, addressLineCount)];
  while (lines.length < addressLineCount) lines.push('');
  return {
    authorityName: profile.authorityName,
    authorityCode: profile.authorityCode,
    place: profile.place,
    addressLines: lines,
    phone: profile.phone ?? '',
    email: profile.email ?? '',
    website: profile.website ?? '',
  };
}

const orNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The whole profile for PUT (it replaces the stored one): empty address lines dropped, empty contact fields null. */
export function profileBody(form: ProfileForm, images: Pick<DocumentProfile, 'letterheadPng' | 'sealPng'>): DocumentProfile {
  return {
    authorityName: form.authorityName.trim(),
    authorityCode: form.authorityCode.trim(),
    place: form.place.trim(),
    addressLines: form.addressLines.map((line) => line.trim()).filter((line) => line !== ''),
    phone: orNull(form.phone),
    email: orNull(form.email),
    website: orNull(form.website),
    letterheadPng: images.letterheadPng,
    sealPng: images.sealPng,
  };
}

/** Bytes as base64 (what the API takes), in chunks so a 1 MB image does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Bytes of a file start the PNG signature (a file name or media type is only a claim). */
export function isPngSignature(bytes: Uint8Array): boolean {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && signature.every((byte, i) => bytes[i] === byte);
}

/** Why a chosen file cannot be the image, as a translation key; null when it may be sent. */
export function imageFileProblem(field: ImageField, file: { size: number }, head: Uint8Array): { key: string; values?: Record<string, number> } | null {
  if (!isPngSignature(head)) return { key: 'settings.profile.errors.notPng' };
  const max = imageMaxBytes[field];
  if (file.size > max) return { key: 'settings.profile.errors.imageTooLarge', values: { size: Math.ceil(file.size / 1024), max: max / 1024 } };
  return null;
}

export interface Text {
  de: string;
  en: string;
}

function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null
    && typeof (value as Record<string, unknown>).de === 'string' && typeof (value as Record<string, unknown>).en === 'string';
}

/** Form field names the server's problem fields map to ("addressLines.2" is the third line). */
export type ProfileTarget = keyof ProfileForm | `addressLines.${number}` | ImageField | 'form';

const formFields = new Set(['authorityName', 'authorityCode', 'place', 'addressLines', 'phone', 'email', 'website', 'letterheadPng', 'sealPng']);

/**
 * The server's refusal (422, details.problems: [{ field, message: {de,en} }]) by field. Address
 * lines are posted without the empty ones, so the server's index is mapped back to the form's line.
 */
export function serverProfileProblems(
  error: { code: string; message: string; details?: Record<string, unknown> },
  form: ProfileForm,
): { target: ProfileTarget; text: Text }[] {
  const details = error.details ?? {};
  const raw = Array.isArray(details.problems) ? details.problems : [{ field: details.field, message: details.message }];
  const filled = form.addressLines.map((line, i) => ({ line, i })).filter(({ line }) => line.trim() !== '').map(({ i }) => i);
  return raw.map((problem: unknown) => {
    const p = (typeof problem === 'object' && problem !== null ? problem : {}) as Record<string, unknown>;
    const text = isText(p.message) ? p.message : { de: error.message, en: error.message };
    const field = typeof p.field === 'string' ? p.field : '';
    const line = /^addressLines\.(\d+)$/.exec(field);
    if (line) return { target: `addressLines.${filled[Number(line[1])] ?? 0}` as ProfileTarget, text };
    return { target: (formFields.has(field) ? field : 'form') as ProfileTarget, text };
  });
}

/** DOM ids of the profile fields, for the error summary's links. */
export function profileFieldId(target: ProfileTarget): string | undefined {
  if (target === 'form') return undefined;
  return `profile-${target.replace('.', '-')}`;
}
