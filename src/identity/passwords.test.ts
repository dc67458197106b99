import { describe, expect, it } from 'vitest';
import { assertPasswordPolicy, hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords.ts';

describe('password policy', () => {
  it.each([
    ['', 'at least 12 characters; this one has 0'],
    ['elf zeichen', 'at least 12 characters; this one has 11'],
    // Eleven characters, but more than twelve UTF-16 code units: characters are what counts.
    ['👍👍👍👍👍👍👍👍👍👍👍', 'this one has 11'],
    ['            ', 'spaces only'],
    ['x'.repeat(257), 'at most 256 characters'],
  ])('refuses %j', (password, expected) => {
    expect(passwordProblem(password)).toContain(expected);
  });

  it.each(['zwölf zeiche', 'correct horse battery staple', 'Ä'.repeat(256)])('accepts %j', (password) => {
    expect(passwordProblem(password)).toBeNull();
  });

  it('throws an AppError with code PASSWORD_POLICY', () => {
    expect(() => assertPasswordPolicy('kurz')).toThrow(expect.objectContaining({ code: 'PASSWORD_POLICY', status: 400 }));
  });
});

describe('password hashing', () => {
  it('uses argon2id with the OWASP parameters and a fresh salt each time', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(needsRehash(first)).toBe(false);
  });

  it('verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
  });

  it('treats a stored value that is not an argon2 hash as a mismatch, not a crash', async () => {
    expect(await verifyPassword('plaintext-from-an-old-import', 'plaintext-from-an-old-import')).toBe(false);
    expect(needsRehash('plaintext-from-an-old-import')).toBe(true);
  });

  it('asks for a rehash of weaker hashes', () => {
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$Z7Qj2k2b6mXG3O1c8S2gk4jQ3q4n8n0wQJ5b7b9Wq1E')).toBe(true);
  });
});
