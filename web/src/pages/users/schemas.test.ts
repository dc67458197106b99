import { describe, expect, it } from 'vitest';
import { createUserSchema, editUserSchema, emailOrNull, newPasswordSchema } from './schemas.ts';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : (result.error?.issues.map((issue) => issue.message) ?? []);

describe('newPasswordSchema', () => {
  it.each([
    ['elf Zeichen', ['validation.passwordTooShort']],
    ['zwölf Zeichen', []],
    ['            ', ['validation.passwordBlank']],
    // Characters, not UTF-16 units: four emoji are four characters, not eight.
    ['😀😀😀😀😀😀😀😀😀😀😀', ['validation.passwordTooShort']],
  ])('%j → %j', (password, expected) => {
    expect(messages(newPasswordSchema.safeParse(password))).toEqual(expected);
  });
});

describe('createUserSchema', () => {
  const valid = { username: 'a.schmidt', displayName: 'Anna Schmidt', email: '', roles: ['clerk'], password: 'ein langer Satz' };

  it('accepts a complete account without email', () => {
    expect(createUserSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    [{ roles: [] }, 'users.errors.rolesRequired'],
    [{ username: 'anna schmidt' }, 'users.errors.username'],
    [{ username: 'a' }, 'users.errors.username'],
    [{ username: '.anna' }, 'users.errors.username'],
    [{ username: '' }, 'validation.required'],
    [{ email: 'anna@' }, 'validation.email'],
    [{ displayName: '   ' }, 'validation.required'],
  ])('refuses %j with %s', (change, message) => {
    expect(messages(createUserSchema.safeParse({ ...valid, ...change }))).toContain(message);
  });
});

describe('editUserSchema', () => {
  it('needs at least one role', () => {
    expect(messages(editUserSchema.safeParse({ displayName: 'A', email: '', roles: [], disabled: false }))).toEqual(['users.errors.rolesRequired']);
  });
});

describe('emailOrNull', () => {
  it.each([['', null], ['  ', null], [' a@b.de ', 'a@b.de']])('%j → %j', (input, output) => {
    expect(emailOrNull(input)).toBe(output);
  });
});
