import { describe, expect, it } from 'vitest';
import { assertUsername, normalizeUsername, validateRoles } from './users.ts';

describe('usernames', () => {
  it.each([['  Anna.Schmidt ', 'anna.schmidt'], ['BERND', 'bernd']])('normalises %j to %j', (raw, expected) => {
    expect(normalizeUsername(raw)).toBe(expected);
  });
  it.each(['ab', 'a.schmidt', 'clerk_2', 'x-y', '0815'])('accepts %j', (username) => {
    expect(() => assertUsername(username)).not.toThrow();
  });
  it.each(['a', '.hidden', 'anna schmidt', 'jürgen', 'a@b', 'x'.repeat(65)])('refuses %j', (username) => {
    expect(() => assertUsername(username)).toThrow(expect.objectContaining({ code: 'USERNAME_INVALID' }));
  });
});

describe('roles', () => {
  it('keeps known roles once each', () => {
    expect(validateRoles(['clerk', 'admin', 'clerk'])).toEqual(['clerk', 'admin']);
  });
  it('names the unknown role and lists the valid ones', () => {
    expect(() => validateRoles(['clerk', 'superuser'])).toThrow(expect.objectContaining({
      code: 'ROLE_UNKNOWN', message: expect.stringMatching(/"superuser".*admin, dispatcher, field_officer, clerk, auditor/),
    }));
  });
  it('refuses an empty role list', () => {
    expect(() => validateRoles([])).toThrow(expect.objectContaining({ code: 'ROLES_EMPTY' }));
  });
});
