import { describe, expect, it } from 'vitest';
import type { DocumentProfile } from '../../api/settings.ts';
import {
  bytesToBase64, formFromProfile, imageFileProblem, isPngSignature, profileBody, profileFieldId, profileFormSchema, serverProfileProblems,
} from './profile-model.ts';

const profile: DocumentProfile = {
  authorityName: 'Stadt Bochum – Bürgerbüro', authorityCode: 'L7FH', place: 'Bochum',
  addressLines: ['Willy-Brandt-Platz 2–6', '44777 Bochum'], phone: null, email: 'buergerbuero@bochum.de', website: null,
  letterheadPng: null, sealPng: 'iVBORw0KGgo=',
};

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('formFromProfile / profileBody', () => {
  it('round-trips the stored profile, with four address line fields', () => {
    const form = formFromProfile(profile);
    expect(form.addressLines).toEqual(['Willy-Brandt-Platz 2–6', '44777 Bochum', '', '']);
    expect(form.phone).toBe('');
    expect(profileBody(form, profile)).toEqual(profile);
  });
  it('trims, drops empty address lines and sends empty contact fields as null', () => {
    const form = { ...formFromProfile(profile), addressLines: [' A ', '', 'B', ''], phone: ' 0234 910-0 ', email: '  ' };
    expect(profileBody(form, { letterheadPng: null, sealPng: null })).toMatchObject({
      addressLines: ['A', 'B'], phone: '0234 910-0', email: null, letterheadPng: null, sealPng: null,
    });
  });
});

describe('profileFormSchema', () => {
  const valid = formFromProfile(profile);
  const messageOf = (over: Partial<typeof valid>) => {
    const result = profileFormSchema.safeParse({ ...valid, ...over });
    return result.success ? null : result.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
  };
  it('accepts the stored profile', () => {
    expect(messageOf({})).toBeNull();
  });
  it.each([
    [{ authorityCode: 'L7F' }, 'authorityCode:settings.profile.errors.authorityCode'],
    [{ authorityCode: 'l7fh' }, 'authorityCode:settings.profile.errors.authorityCode'],
    [{ authorityCode: 'L7FH1' }, 'authorityCode:settings.profile.errors.authorityCode'],
    [{ authorityCode: 'L7<H' }, 'authorityCode:settings.profile.errors.authorityCode'],
    [{ authorityName: '  ' }, 'authorityName:validation.required'],
    [{ place: '' }, 'place:validation.required'],
    [{ email: 'buergerbuero' }, 'email:validation.email'],
    [{ addressLines: ['x'.repeat(121), '', '', ''] }, 'addressLines.0:settings.profile.errors.tooLong'],
  ])('%j → %s', (over, message) => {
    expect(messageOf(over)).toEqual([message]);
  });
});

describe('images', () => {
  it('encodes bytes as base64, also beyond one chunk', () => {
    expect(bytesToBase64(png)).toBe('iVBORw0KGgoAAA==');
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
  it('knows a PNG by its bytes', () => {
    expect(isPngSignature(png)).toBe(true);
    expect(isPngSignature(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]))).toBe(false);
    expect(isPngSignature(new Uint8Array([0x89, 0x50]))).toBe(false);
  });
  it.each([
    ['sealPng', 512 * 1024, png, null],
    ['sealPng', 512 * 1024 + 1, png, 'settings.profile.errors.imageTooLarge'],
    ['letterheadPng', 600 * 1024, png, null],
    ['letterheadPng', 100, new Uint8Array([0xff, 0xd8, 0xff]), 'settings.profile.errors.notPng'],
  ] as const)('%s of %i bytes → %s', (field, size, head, key) => {
    expect(imageFileProblem(field, { size }, head)?.key ?? null).toBe(key);
  });
});

describe('serverProfileProblems', () => {
  const form = { ...formFromProfile(profile), addressLines: ['A', '', 'C', ''] };
  const text = { de: 'd', en: 'e' };
  it('maps every problem to its field; address lines back to the form line despite the dropped empty ones', () => {
    const problems = serverProfileProblems({
      code: 'PROFILE_FIELD_INVALID', message: 'x',
      details: { problems: [{ field: 'addressLines.1', message: text }, { field: 'sealPng', message: text }, { field: 'whatever', message: text }] },
    }, form);
    expect(problems).toEqual([{ target: 'addressLines.2', text }, { target: 'sealPng', text }, { target: 'form', text }]);
  });
  it('reads a single field problem without a list, with the server message when it has no text', () => {
    expect(serverProfileProblems({ code: 'PROFILE_IMAGE_UNREADABLE', message: 'cannot embed', details: { field: 'letterheadPng' } }, form))
      .toEqual([{ target: 'letterheadPng', text: { de: 'cannot embed', en: 'cannot embed' } }]);
  });
  it('gives fields DOM ids', () => {
    expect(profileFieldId('addressLines.2')).toBe('profile-addressLines-2');
    expect(profileFieldId('sealPng')).toBe('profile-sealPng');
    expect(profileFieldId('form')).toBeUndefined();
  });
});
